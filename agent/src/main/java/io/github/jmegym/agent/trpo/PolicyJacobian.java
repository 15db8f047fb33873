package io.github.jmegym.agent.trpo;

import io.github.jmegym.agent.Activation;
import io.github.jmegym.agent.core.ActionDistribution;
import io.github.jmegym.agent.core.Blas;
import io.github.jmegym.agent.core.JavaForward;
import io.github.jmegym.agent.core.NetLayout;
import io.github.jmegym.agent.core.Sde;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.DoublePointer;

/**
 * The policy's distribution parameters as a function of the flat parameter vector, linearized over a batch of
 * observations: {@link #linearize} runs the actor (the shared trunk, if any, then the actor layers of the
 * {@link NetLayout}) and keeps every layer's input and activation derivative, after which {@link #jvp} pushes a
 * parameter direction {@code v} forward to {@code J v} (forward-mode, a tangent per layer) and {@link #vjp} pulls
 * output gradients back to {@code J^T u} (reverse mode). The distribution parameters of sample {@code i} are its
 * {@link ActionDistribution#outDim()} policy outputs and its {@link ActionDistribution#nGauss()} log-stds: the
 * layout's log-std parameters for every sample, or with gSDE the state-dependent log-stds of {@link Sde} (whose latent
 * features are held constant, as SB3 detaches them). Critic parameters have no effect: their entries of {@code J^T u}
 * are zero. {@link #distributionsAt} evaluates the same network at other parameters on the linearized batch (a line
 * search's candidates) with the same arithmetic.
 *
 * <p>Float64; each layer's products are matrix products over the whole batch in OpenBLAS ({@code cblas_dgemm}, the
 * library ND4J loads), which took a TRPO update of the zoo CartPole settings (1,024 samples, 15 conjugate-gradient
 * steps) from ~200 to ~40 ms against plain-Java loops. The gemm operands live in native memory: the batch's layer
 * inputs and the parameters are uploaded once per linearization, and a product moves only the rows it must (a
 * {@code double[]} argument would be copied in and back out by JavaCPP on every call, a quarter of a 1,024 x 64 x 64
 * product's time). The bias rows, activations and their derivatives stay on the host, in the order of the plain
 * forward pass ({@code b + x W}, then {@code + dx W} for a tangent), so the results are those of the array version
 * bit for bit. Not thread-safe (the linearization is kept in the instance).
 */
public final class PolicyJacobian {
    private final NetLayout layout;
    private final ActionDistribution dist;
    private final Sde sde;
    private final Layer[] layers;
    private final boolean tanh;
    private final int lsOff;
    private final int nGauss;
    private final int width;
    private int n;
    private double[] params;
    /** Per layer: its input {@code [n x in]}; for activated layers the activation derivative {@code [n x out]}. */
    private final double[][] inputs;
    private final double[][] derivs;
    /** Per layer: the gradient with respect to its input, {@code [n x in]} ({@link #vjp} scratch). */
    private final double[][] inputGrads;
    private double[] out = new double[0];
    private double[] logStd = new double[0];
    /** Host scratch {@code [n x width]}: a tangent, and the two activations of {@link #distributionsAt}. */
    private double[] hostA = new double[0];
    private double[] hostB = new double[0];
    /** Scratch: a layer's weight gradient. */
    private double[] wScratch = new double[0];
    /** Scratch: a layer's bias gradient (the column sums of its output gradient). */
    private final double[] biasScratch;

    // native memory: the linearization's parameters, a direction, a line-search candidate (each with per-layer views
    // of its weight matrices), the layer inputs, and scratch rows
    private final DoublePointer nParams;
    private final DoublePointer nDir;
    private final DoublePointer nCand;
    private final DoublePointer[] nW;
    private final DoublePointer[] nDirW;
    private final DoublePointer[] nCandW;
    private final DoublePointer[] nInputs;
    private DoublePointer nOut;
    private DoublePointer nA;
    private DoublePointer nB;
    private DoublePointer nWScratch;
    private int capacity = -1;

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
        int w = 0;
        int wMax = 0;
        for (Layer L : layers) {
            w = Math.max(w, Math.max(L.in, L.out));
            wMax = Math.max(wMax, L.in * L.out);
        }
        this.width = w;
        this.inputs = new double[layers.length][];
        this.derivs = new double[layers.length][];
        this.inputGrads = new double[layers.length][];
        int p = layout.paramCount();
        this.nParams = new DoublePointer(p);
        this.nDir = new DoublePointer(p);
        this.nCand = new DoublePointer(p);
        this.nW = views(nParams);
        this.nDirW = views(nDir);
        this.nCandW = views(nCand);
        this.nInputs = new DoublePointer[layers.length];
        this.nWScratch = new DoublePointer(wMax);
        this.wScratch = new double[wMax];
        this.biasScratch = new double[w];
    }

    private static void addLayers(List<Layer> ls, NetLayout.Mlp m) {
        for (int l = 0; l < m.layers(); l++) {
            ls.add(new Layer(m.sizes()[l], m.sizes()[l + 1], m.weightOffset(l), m.biasOffset(l),
                    l < m.layers() - 1 || m.activateLast()));
        }
    }

    /** Per layer, a pointer at its weight matrix within a flat parameter vector (sharing its memory). */
    private DoublePointer[] views(DoublePointer flat) {
        DoublePointer[] v = new DoublePointer[layers.length];
        for (int l = 0; l < layers.length; l++) {
            v[l] = new DoublePointer(flat).position(layers[l].w);
        }
        return v;
    }

    /** Grows the batch-sized buffers to {@code n} rows. */
    private void reserve(int rows) {
        if (rows <= capacity) {
            return;
        }
        for (int l = 0; l < layers.length; l++) {
            nInputs[l] = new DoublePointer((long) rows * layers[l].in);
        }
        nOut = new DoublePointer((long) rows * layers[layers.length - 1].out);
        nA = new DoublePointer((long) rows * width);
        nB = new DoublePointer((long) rows * width);
        hostA = new double[rows * width];
        hostB = new double[rows * width];
        capacity = rows;
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
        if (params.length != layout.paramCount() || n < 1 || obs.length < n * layout.obsDim()) {
            throw new IllegalArgumentException("PolicyJacobian.linearize: " + params.length + " parameters and "
                    + obs.length + " observation values for n=" + n + "; the layout needs " + layout.paramCount()
                    + " parameters, n >= 1 and n * obsDim = " + n * layout.obsDim() + " observation values");
        }
        reserve(n);
        this.n = n;
        this.params = params;
        nParams.put(params, 0, params.length);
        inputs[0] = ensure(inputs[0], n * layers[0].in);
        System.arraycopy(obs, 0, inputs[0], 0, n * layers[0].in);
        nInputs[0].put(inputs[0], 0, n * layers[0].in);
        for (int l = 0; l < layers.length; l++) {
            Layer L = layers[l];
            boolean last = l == layers.length - 1;
            double[] y;
            DoublePointer ny;
            if (last) {
                out = ensure(out, n * L.out);
                y = out;
                ny = nOut;
            } else {
                inputs[l + 1] = ensure(inputs[l + 1], n * L.out);
                y = inputs[l + 1];
                ny = nInputs[l + 1];
            }
            int size = n * L.out;
            fillRows(y, n, params, L.b, L.out);
            ny.put(y, 0, size);
            Blas.gemm(false, false, n, L.out, L.in, nInputs[l], nW[l], 1.0, ny);
            ny.get(y, 0, size);
            if (L.activated) {
                derivs[l] = ensure(derivs[l], size);
                double[] d = derivs[l];
                for (int k = 0; k < size; k++) {
                    double z = y[k];
                    if (tanh) {
                        y[k] = JavaForward.tanh(z);
                        d[k] = 1.0 - y[k] * y[k];
                    } else {
                        y[k] = Math.max(z, 0.0);
                        d[k] = z > 0 ? 1.0 : 0.0;
                    }
                }
                if (!last) {
                    ny.put(y, 0, size);
                }
            }
        }
        logStd = ensure(logStd, n * nGauss);
        logStds(params, inputs[layers.length - 1], logStd);
    }

    /** Every sample's log-stds at {@code p}: gSDE's of the latent features {@code phi}, or the parameters. */
    private void logStds(double[] p, double[] phi, double[] dst) {
        if (sde != null) {
            sde.logStd(p, lsOff, phi, n, dst);
        } else {
            for (int r = 0; r < n; r++) {
                System.arraycopy(p, lsOff, dst, r * nGauss, nGauss);
            }
        }
    }

    /**
     * The distribution parameters at other parameters {@code p} (a line-search candidate) of the linearized batch's
     * observations: the forward pass {@link #linearize} runs, leaving the linearization as it is.
     *
     * @param dstOut receives {@code [n x outDim]}
     * @param dstLogStd receives {@code [n x nGauss]}
     */
    public void distributionsAt(double[] p, double[] dstOut, double[] dstLogStd) {
        requireLinearized("distributionsAt");
        if (p.length != layout.paramCount()) {
            throw new IllegalArgumentException("PolicyJacobian.distributionsAt: " + p.length
                    + " parameters; the layout needs " + layout.paramCount());
        }
        nCand.put(p, 0, p.length);
        DoublePointer x = nInputs[0];
        double[] phi = inputs[0];
        double[] y = hostA;
        DoublePointer ny = nA;
        for (int l = 0; l < layers.length; l++) {
            Layer L = layers[l];
            int size = n * L.out;
            fillRows(y, n, p, L.b, L.out);
            ny.put(y, 0, size);
            Blas.gemm(false, false, n, L.out, L.in, x, nCandW[l], 1.0, ny);
            ny.get(y, 0, size);
            if (L.activated) {
                for (int k = 0; k < size; k++) {
                    y[k] = tanh ? JavaForward.tanh(y[k]) : Math.max(y[k], 0.0);
                }
                ny.put(y, 0, size);
            }
            if (l < layers.length - 1) {
                phi = y;
                x = ny;
                y = y == hostA ? hostB : hostA;
                ny = ny == nA ? nB : nA;
            }
        }
        System.arraycopy(y, 0, dstOut, 0, n * dist.outDim());
        logStds(p, phi, dstLogStd);
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
        nDir.put(v, 0, v.length);
        DoublePointer dx = null;
        DoublePointer dy = nA;
        double[] t = hostA;
        for (int l = 0; l < layers.length; l++) {
            Layer L = layers[l];
            int size = n * L.out;
            // d(x W + b) = x dW + dx W + db
            fillRows(t, n, v, L.b, L.out);
            dy.put(t, 0, size);
            Blas.gemm(false, false, n, L.out, L.in, nInputs[l], nDirW[l], 1.0, dy);
            if (dx != null) {
                Blas.gemm(false, false, n, L.out, L.in, dx, nW[l], 1.0, dy);
            }
            boolean last = l == layers.length - 1;
            if (L.activated || last) {
                dy.get(t, 0, size);
            }
            if (L.activated) {
                double[] d = derivs[l];
                for (int k = 0; k < size; k++) {
                    t[k] *= d[k];
                }
                if (!last) {
                    dy.put(t, 0, size);
                }
            }
            dx = dy;
            dy = dy == nA ? nB : nA;
        }
        System.arraycopy(t, 0, dOut, 0, n * dist.outDim());
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
            int size = n * L.out;
            // dW = x^T dy, db = column sums of dy, dx = dy W^T; the activation derivative and the column sums in one
            // pass, the sums in a scratch row (grad is all zeros here, so adding them to it is exact)
            double[] bs = biasScratch;
            java.util.Arrays.fill(bs, 0, L.out, 0.0);
            if (L.activated) {
                double[] d = derivs[l];
                for (int r = 0; r < n; r++) {
                    int yo = r * L.out;
                    for (int o = 0; o < L.out; o++) {
                        double v = dy[yo + o] * d[yo + o];
                        dy[yo + o] = v;
                        bs[o] += v;
                    }
                }
            } else {
                for (int r = 0; r < n; r++) {
                    int yo = r * L.out;
                    for (int o = 0; o < L.out; o++) {
                        bs[o] += dy[yo + o];
                    }
                }
            }
            for (int o = 0; o < L.out; o++) {
                grad[L.b + o] += bs[o];
            }
            nA.put(dy, 0, size);
            Blas.gemm(true, false, L.in, L.out, n, nInputs[l], nA, 0.0, nWScratch);
            nWScratch.get(wScratch, 0, L.in * L.out);
            for (int k = 0; k < L.in * L.out; k++) {
                grad[L.w + k] += wScratch[k];
            }
            if (l > 0) {
                inputGrads[l] = ensure(inputGrads[l], n * L.in);
                Blas.gemm(false, true, n, L.in, L.out, nA, nW[l], 0.0, nB);
                nB.get(inputGrads[l], 0, n * L.in);
                dy = inputGrads[l];
            }
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
