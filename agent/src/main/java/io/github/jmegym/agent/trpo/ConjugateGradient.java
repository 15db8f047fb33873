package io.github.jmegym.agent.trpo;

/**
 * The conjugate-gradient solver of {@code A x = b} for a symmetric positive-definite {@link LinearOperator}, as
 * sb3-contrib's {@code conjugate_gradient_solver}: from {@code x = 0}, at most {@code maxSteps} products with
 * {@code A}, stopping once the squared residual norm {@code |b - A x|^2} falls below {@code residualTol}. An instance
 * is one solve run an iteration at a time ({@link #step()}: exactly one product with {@code A}), so that a caller can
 * spread it over time slices; {@link #solve} runs one to the end.
 */
public final class ConjugateGradient {
    private final LinearOperator a;
    private final int maxSteps;
    private final double residualTol;
    private final double[] x;
    private final double[] r;
    private final double[] p;
    private final double[] ap;
    private double rr;
    private int steps;

    /**
     * What {@link #solve} found.
     *
     * @param x the approximate solution
     * @param steps products with {@code A} taken (0 when {@code |b|^2 < residualTol})
     * @param residualSquaredNorm {@code |b - A x|^2} by the recurrence (not recomputed)
     */
    public record Solution(double[] x, int steps, double residualSquaredNorm) {
    }

    /**
     * A solve of {@code A x = b} from {@code x = 0}, before its first iteration ({@code b} is copied).
     *
     * @param maxSteps most products with {@code A} (>= 1; sb3-contrib's TRPO uses 15)
     * @param residualTol stop when the squared residual norm is below this (>= 0; sb3-contrib: 1e-10)
     */
    public ConjugateGradient(LinearOperator a, double[] b, int maxSteps, double residualTol) {
        if (maxSteps < 1 || !(residualTol >= 0)) {
            throw new IllegalArgumentException("ConjugateGradient: maxSteps=" + maxSteps + ", residualTol="
                    + residualTol + "; expected maxSteps >= 1 and residualTol >= 0");
        }
        this.a = a;
        this.maxSteps = maxSteps;
        this.residualTol = residualTol;
        int n = b.length;
        this.x = new double[n];
        this.r = b.clone();
        this.p = b.clone();
        this.ap = new double[n];
        this.rr = dot(r, r);
    }

    /**
     * Solves {@code A x = b}.
     *
     * @param maxSteps most products with {@code A} (>= 1; sb3-contrib's TRPO uses 15)
     * @param residualTol stop when the squared residual norm is below this (>= 0; sb3-contrib: 1e-10)
     */
    public static Solution solve(LinearOperator a, double[] b, int maxSteps, double residualTol) {
        ConjugateGradient cg = new ConjugateGradient(a, b, maxSteps, residualTol);
        while (!cg.done()) {
            cg.step();
        }
        return cg.solution();
    }

    /** Whether the solve has stopped: the residual is below the tolerance (or 0), or {@code maxSteps} were taken. */
    public boolean done() {
        return !(rr > 0 && rr >= residualTol && steps < maxSteps);
    }

    /**
     * One iteration: one product with {@code A}, then the updates of {@code x}, the residual and the search direction.
     *
     * @throws IllegalStateException once {@link #done()}
     */
    public void step() {
        if (done()) {
            throw new IllegalStateException("ConjugateGradient.step: the solve has stopped after " + steps
                    + " steps (squared residual " + rr + "); read solution() instead");
        }
        int n = x.length;
        a.apply(p, ap);
        steps++;
        double alpha = rr / dot(p, ap);
        for (int i = 0; i < n; i++) {
            x[i] += alpha * p[i];
            r[i] -= alpha * ap[i];
        }
        double rrNew = dot(r, r);
        double beta = rrNew / rr;
        rr = rrNew;
        for (int i = 0; i < n; i++) {
            p[i] = r[i] + beta * p[i];
        }
    }

    /** Where the solve stands: the current {@code x} (a copy), the steps taken and the squared residual norm. */
    public Solution solution() {
        return new Solution(x.clone(), steps, rr);
    }

    /** {@code a . b}. */
    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
