package io.github.jmegym.agent.trpo;

import io.github.jmegym.agent.Activation;
import io.github.jmegym.agent.core.ActionDistribution;
import io.github.jmegym.agent.core.Blas;
import io.github.jmegym.agent.core.JavaForward;
import io.github.jmegym.agent.core.NetLayout;
import io.github.jmegym.agent.core.Sde;
import java.util.ArrayList;
import java.util.List;

/**
 * The policy's distribution parameters as a function of the flat parameter vector, linearized over a batch of
 * observations: {@link #linearize} runs the actor (the shared trunk, if any, then the actor layers of the
 * {@link NetLayout}) and keeps every layer's input and activation derivative, after which {@link #jvp} pushes a
 * parameter direction {@code v} forward to {@code J v} (forward-mode, a tangent per layer) and {@link #vjp} pulls
 * output gradients back to {@code J^T u} (reverse mode). The distribution parameters of sample {@code i} are its
 * {@link ActionDistribution#outDim()} policy outputs and its {@link ActionDistribution#nGauss()} log-stds: the
 * layout's log-std parameters for every sample, or with gSDE the state-dependent log-stds of {@link Sde} (whose latent
 * features are held constant, as SB3 detaches them). Critic parameters have no effect: their entries of {@code J^T u}
 * are zero. Float64; each layer's products are matrix products over the whole batch in OpenBLAS ({@code cblas_dgemm},
 * the library ND4J loads), which took a TRPO update of the zoo CartPole settings (1,024 samples, 15 conjugate-gradient
 * steps) from ~200 to ~40 ms against plain-Java loops. Not thread-safe (the linearization is kept in the instance).
 */
public final class PolicyJacobian {
    private final NetLayout layout;
    private final ActionDistribution dist;
    private final Sde sde;
    private final Layer[] layers;
    private final boolean tanh;
    private final int lsOff;
    private final int nGauss;
    private int n;
    private double[] params;
    /** Per layer: its input {@code [n x in]}; for activated layers the activation derivative {@code [n x out]}. */
    private final double[][] inputs;
    private final double[][] derivs;
    /** Per layer: the gradient with respect to its input, {@code [n x in]} ({@link #vjp} scratch). */
    private final double[][] inputGrads;
    private double[] out = new double[0];
    private double[] logStd = new double[0];
    private double[] tanA = new double[0];
    private double[] tanB = new double[0];
    /** Per layer: its weights {@code [in x out]} at the linearization's parameters. */
    private final double[][] weights;
    /** Scratch: a layer's weights of a direction, and a layer's weight gradient. */
    private double[] wScratch = new double[0];

    private record Layer(int in, int out, int w, int b, boolean activated) {
    }

    /**
     * The Jacobian of a layout's policy.
     *
     * @param dist the action distribution the layout's policy outputs are for
     * @param useSde whether the layout's log-std parameters are gSDE's {@code [latentDim x nGauss]} matrix
     * @throws IllegalArgumentException when the layout does not fit the distribution (or gSDE)
     */
    public PolicyJacobian(NetLayout layout, ActionDistribution dist, boolean useSde) {
        int expectedLogStd = useSde ? layout.latentDim() * dist.nGauss() : dist.nGauss();
        if (layout.outDim() != dist.outDim() || layout.nLogStd() != expectedLogStd || (useSde && dist.nGauss() == 0)) {
            throw new IllegalArgumentException("PolicyJacobian: layout " + layout + " does not fit the action distribution"
                    + " of " + dist.space() + (useSde ? " with gSDE" : "") + " (outDim " + dist.outDim() + ", "
                    + expectedLogStd + " log-std parameters)");
        }
        this.layout = layout;
        this.dist = dist;
        this.sde = useSde ? new Sde(layout.latentDim(), dist.nGauss()) : null;
        this.tanh = layout.activation() == Activation.TANH;
        this.lsOff = layout.logStdOffset();
        this.nGauss = dist.nGauss();
        List<Layer> ls = new ArrayList<>();
        if (layout.trunk() != null) {
            addLayers(ls, layout.trunk());
        }
        addLayers(ls, layout.actor());
        this.layers = ls.toArray(new Layer[0]);
        this.inputs = new double[layers.length][];
        this.derivs = new double[layers.length][];
        this.inputGrads = new double[layers.length][];
        this.weights = new double[layers.length][];
    }

    private static void addLayers(List<Layer> ls, NetLayout.Mlp m) {
        for (int l = 0; l < m.layers(); l++) {
            ls.add(new Layer(m.sizes()[l], m.sizes()[l + 1], m.weightOffset(l), m.biasOffset(l),
                    l < m.layers() - 1 || m.activateLast()));
        }
    }

    /** The layout. */
    public NetLayout layout() {
        return layout;
    }

    /** The action distribution. */
    public ActionDistribution distribution() {
        return dist;
    }

    /** gSDE, or null when the log-stds are state-independent parameters. */
    public Sde sde() {
        return sde;
    }

    /** Number of samples of the current linearization. */
    public int batch() {
        return n;
    }

    /**
     * Runs the actor on {@code n} observations at {@code params} (kept by reference: do not change them until the
     * next call) and keeps what {@link #jvp} and {@link #vjp} need.
     *
     * @param obs row-major {@code [n x obsDim]}, already normalized
     */
    public void linearize(double[] params, double[] obs, int n) {
        if (params.length != layout.paramCount()) {
            throw new IllegalArgumentException("PolicyJacobian.linearize: " + params.length
                    + " parameters; the layout needs " + layout.paramCount());
        }
        this.n = n;
        this.params = params;
        inputs[0] = ensure(inputs[0], n * layers[0].in);
        System.arraycopy(obs, 0, inputs[0], 0, n * layers[0].in);
        for (int l = 0; l < layers.length; l++) {
            Layer L = layers[l];
            double[] x = inputs[l];
            boolean last = l == layers.length - 1;
            double[] y;
            if (last) {
                out = ensure(out, n * L.out);
                y = out;
            } else {
                inputs[l + 1] = ensure(inputs[l + 1], n * L.out);
                y = inputs[l + 1];
            }
            weights[l] = ensure(weights[l], L.in * L.out);
            System.arraycopy(params, L.w, weights[l], 0, L.in * L.out);
            fillRows(y, n, params, L.b, L.out);
            Blas.gemm(false, false, n, L.out, L.in, x, weights[l], 1.0, y);
            if (L.activated) {
                derivs[l] = ensure(derivs[l], n * L.out);
                for (int k = 0; k < n * L.out; k++) {
                    double z = y[k];
                    if (tanh) {
                        y[k] = JavaForward.tanh(z);
                        derivs[l][k] = 1.0 - y[k] * y[k];
                    } else {
                        y[k] = Math.max(z, 0.0);
                        derivs[l][k] = z > 0 ? 1.0 : 0.0;
                    }
                }
            }
        }
        logStd = ensure(logStd, n * nGauss);
        if (sde != null) {
            sde.logStd(params, lsOff, inputs[layers.length - 1], n, logStd);
        } else {
            for (int r = 0; r < n; r++) {
                System.arraycopy(params, lsOff, logStd, r * nGauss, nGauss);
            }
        }
    }

    /** The policy outputs {@code [n x outDim]} of the linearization (not a copy; the array may be longer). */
    public double[] outputs() {
        return out;
    }

    /** The log-stds {@code [n x nGauss]} of the linearization, one row per sample (not a copy; may be longer). */
    public double[] logStds() {
        return logStd;
    }

    /** The actor's latent features {@code [n x latentDim]}, the input of its last layer (not a copy; may be longer). */
    public double[] latent() {
        return inputs[layers.length - 1];
    }

    /**
     * {@code J v}: the change of every sample's distribution parameters along the parameter direction {@code v}.
     *
     * @param v a direction in the flat parameter space ({@link NetLayout#paramCount()})
     * @param dOut receives {@code [n x outDim]}
     * @param dLogStd receives {@code [n x nGauss]}
     */
    public void jvp(double[] v, double[] dOut, double[] dLogStd) {
        requireLinearized("jvp");
        int width = 0;
        for (Layer L : layers) {
            width = Math.max(width, L.out);
        }
        tanA = ensure(tanA, n * width);
        tanB = ensure(tanB, n * width);
        double[] dx = null;
        double[] dy = tanA;
        for (int l = 0; l < layers.length; l++) {
            Layer L = layers[l];
            double[] x = inputs[l];
            // d(x W + b) = x dW + dx W + db
            fillRows(dy, n, v, L.b, L.out);
            wScratch = ensure(wScratch, L.in * L.out);
            System.arraycopy(v, L.w, wScratch, 0, L.in * L.out);
            Blas.gemm(false, false, n, L.out, L.in, x, wScratch, 1.0, dy);
            if (dx != null) {
                Blas.gemm(false, false, n, L.out, L.in, dx, weights[l], 1.0, dy);
            }
            if (L.activated) {
                double[] d = derivs[l];
                for (int k = 0; k < n * L.out; k++) {
                    dy[k] *= d[k];
                }
            }
            dx = dy;
            dy = dy == tanA ? tanB : tanA;
        }
        System.arraycopy(dx, 0, dOut, 0, n * dist.outDim());
        if (sde != null) {
            sde.logStdJvp(params, lsOff, latent(), n, logStd, v, lsOff, dLogStd);
        } else {
            for (int r = 0; r < n; r++) {
                System.arraycopy(v, lsOff, dLogStd, r * nGauss, nGauss);
            }
        }
    }

    /**
     * {@code J^T u}: the gradient, over the flat parameters, of {@code sum_i uOut_i . out_i + uLogStd_i . logStd_i}.
     *
     * @param uOut {@code [n x outDim]} gradients with respect to the policy outputs (overwritten: used as scratch)
     * @param uLogStd {@code [n x nGauss]} gradients with respect to the log-stds
     * @param grad receives the gradient ({@link NetLayout#paramCount()}; critic entries 0)
     */
    public void vjp(double[] uOut, double[] uLogStd, double[] grad) {
        requireLinearized("vjp");
        java.util.Arrays.fill(grad, 0.0);
        double[] dy = uOut;
        for (int l = layers.length - 1; l >= 0; l--) {
            Layer L = layers[l];
            if (L.activated) {
                double[] d = derivs[l];
                for (int k = 0; k < n * L.out; k++) {
                    dy[k] *= d[k];
                }
            }
            double[] x = inputs[l];
            double[] dx = null;
            if (l > 0) {
                inputGrads[l] = ensure(inputGrads[l], n * L.in);
                dx = inputGrads[l];
            }
            // dW = x^T dy, db = column sums of dy, dx = dy W^T
            for (int r = 0; r < n; r++) {
                int yo = r * L.out;
                for (int o = 0; o < L.out; o++) {
                    grad[L.b + o] += dy[yo + o];
                }
            }
            wScratch = ensure(wScratch, L.in * L.out);
            Blas.gemm(true, false, L.in, L.out, n, x, dy, 0.0, wScratch);
            for (int k = 0; k < L.in * L.out; k++) {
                grad[L.w + k] += wScratch[k];
            }
            if (dx != null) {
                Blas.gemm(false, true, n, L.in, L.out, dy, weights[l], 0.0, dx);
            }
            dy = dx;
        }
        if (sde != null) {
            sde.backward(params, lsOff, latent(), n, logStd, uLogStd, grad, lsOff);
        } else {
            for (int r = 0; r < n; r++) {
                for (int g = 0; g < nGauss; g++) {
                    grad[lsOff + g] += uLogStd[r * nGauss + g];
                }
            }
        }
    }

    private void requireLinearized(String what) {
        if (params == null) {
            throw new IllegalStateException("PolicyJacobian." + what + ": call linearize(params, obs, n) first");
        }
    }

    /** Sets each of the {@code n} rows of {@code y} ({@code width} wide) to {@code src[off .. off + width)}. */
    private static void fillRows(double[] y, int n, double[] src, int off, int width) {
        for (int r = 0; r < n; r++) {
            System.arraycopy(src, off, y, r * width, width);
        }
    }

    private static double[] ensure(double[] a, int size) {
        return a != null && a.length >= size ? a : new double[size];
    }
}
