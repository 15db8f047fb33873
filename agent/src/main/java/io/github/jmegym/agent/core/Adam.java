package io.github.jmegym.agent.core;

/**
 * Adam (Kingma and Ba 2015) with PyTorch's semantics ({@code torch.optim.Adam}: bias-corrected moments, epsilon
 * added to the corrected root of the second moment) over one flat parameter vector, with optional global
 * gradient-norm clipping before the step ({@code torch.nn.utils.clip_grad_norm_}). Not thread-safe.
 */
public final class Adam {
    /** PyTorch's default beta1. */
    public static final double BETA1 = 0.9;
    /** PyTorch's default beta2. */
    public static final double BETA2 = 0.999;

    private final double[] m;
    private final double[] v;
    private long t;

    /** Zero moments for {@code n} parameters. */
    public Adam(int n) {
        this.m = new double[n];
        this.v = new double[n];
    }

    /** The moments and step count, to restore after a rejected update. */
    public record Snapshot(double[] m, double[] v, long t) {
    }

    /** A copy of the state. */
    public Snapshot snapshot() {
        return new Snapshot(m.clone(), v.clone(), t);
    }

    /** Puts a snapshot's state back. */
    public void restore(Snapshot s) {
        System.arraycopy(s.m(), 0, m, 0, m.length);
        System.arraycopy(s.v(), 0, v, 0, v.length);
        t = s.t();
    }

    /** The first moments (live; checkpoints read and write them). */
    public double[] firstMoments() {
        return m;
    }

    /** The second moments (live). */
    public double[] secondMoments() {
        return v;
    }

    /** Steps taken. */
    public long steps() {
        return t;
    }

    /** Sets the step count (restoring a checkpoint). */
    public void setSteps(long steps) {
        this.t = steps;
    }

    /**
     * One step on {@code params} (in place) with gradient {@code g}, scaled down to norm {@code maxGradNorm} first
     * when longer ({@code Double.POSITIVE_INFINITY}: no clipping).
     *
     * @return the gradient's norm before clipping; when it is not finite nothing changed
     */
    public double step(double[] params, double[] g, double lr, double maxGradNorm, double eps) {
        double sq = 0;
        for (double x : g) {
            sq += x * x;
        }
        double norm = Math.sqrt(sq);
        if (!Double.isFinite(norm)) {
            return norm;
        }
        double scale = norm > maxGradNorm ? maxGradNorm / (norm + 1e-6) : 1.0;
        t++;
        double bc1 = 1 - Math.pow(BETA1, t);
        double bc2 = 1 - Math.pow(BETA2, t);
        double stepSize = lr / bc1;
        double sqrtBc2 = Math.sqrt(bc2);
        for (int i = 0; i < g.length; i++) {
            double gi = g[i] * scale;
            double mi = BETA1 * m[i] + (1 - BETA1) * gi;
            double vi = BETA2 * v[i] + (1 - BETA2) * gi * gi;
            m[i] = mi;
            v[i] = vi;
            params[i] -= stepSize * mi / (Math.sqrt(vi) / sqrtBc2 + eps);
        }
        return norm;
    }
}
