package io.github.jmegym.agent.core;

import io.github.jmegym.agent.Activation;
import java.util.ArrayList;
import java.util.List;

/**
 * Where every parameter of the actor-critic lives in the ONE flat parameter vector that the ND4J trainer, Adam,
 * gradient clipping, checkpoints and the plain-Java forward kernel all share.
 *
 * <p>Separate networks (default): actor MLP {@code obs -> policyHidden -> outDim}, then critic MLP
 * {@code obs -> valueHidden -> 1}. Shared: trunk {@code obs -> policyHidden} (activated), then a linear actor head
 * and a linear critic head on the trunk's output. The Gaussian log-stds come last. Each dense layer stores its
 * weight matrix {@code [in x out]} row-major followed by its bias {@code [out]}.
 *
 * @param obsDim observation size
 * @param outDim policy outputs ({@link ActionDistribution#outDim()})
 * @param nLogStd number of log-std parameters ({@link ActionDistribution#nGauss()}, or {@link #latentDim()} times that
 *        for gSDE's log-std matrix)
 * @param policyHidden actor (or trunk) hidden widths
 * @param valueHidden critic hidden widths (unused when shared)
 * @param shared whether actor and critic share a trunk
 * @param activation hidden activation
 */
public record NetLayout(int obsDim, int outDim, int nLogStd, List<Integer> policyHidden, List<Integer> valueHidden,
                        boolean shared, Activation activation) {

    /** A stack of dense layers at a place in the flat vector. */
    public record Mlp(int[] sizes, boolean activateLast, int offset) {
        /** Number of dense layers. */
        public int layers() {
            return sizes.length - 1;
        }

        /** Offset of the weight matrix of layer {@code l}. */
        public int weightOffset(int l) {
            int o = offset;
            for (int i = 0; i < l; i++) {
                o += sizes[i] * sizes[i + 1] + sizes[i + 1];
            }
            return o;
        }

        /** Offset of the bias of layer {@code l}. */
        public int biasOffset(int l) {
            return weightOffset(l) + sizes[l] * sizes[l + 1];
        }

        /** Number of parameters. */
        public int paramCount() {
            return weightOffset(layers()) - offset;
        }

        /** Output width. */
        public int outSize() {
            return sizes[sizes.length - 1];
        }

        /** Widest layer. */
        public int maxWidth() {
            int m = 0;
            for (int s : sizes) {
                m = Math.max(m, s);
            }
            return m;
        }
    }

    /** Validates the sizes and copies the lists. */
    public NetLayout {
        if (obsDim < 1 || outDim < 1 || nLogStd < 0) {
            throw new IllegalArgumentException("NetLayout: obsDim=" + obsDim + ", outDim=" + outDim + ", nLogStd="
                    + nLogStd + "; expected obsDim >= 1, outDim >= 1, nLogStd >= 0");
        }
        policyHidden = List.copyOf(policyHidden);
        valueHidden = List.copyOf(valueHidden);
        if (shared && policyHidden.isEmpty()) {
            throw new IllegalArgumentException("NetLayout: sharedNetwork needs at least one hidden layer in policyHidden");
        }
        if (activation == null) {
            throw new IllegalArgumentException("NetLayout: activation is null");
        }
    }

    private static int[] sizes(int in, List<Integer> hidden, Integer out) {
        List<Integer> s = new ArrayList<>();
        s.add(in);
        s.addAll(hidden);
        if (out != null) {
            s.add(out);
        }
        return s.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The shared trunk (activated output), or null for separate networks. */
    public Mlp trunk() {
        return shared ? new Mlp(sizes(obsDim, policyHidden, null), true, 0) : null;
    }

    /** The actor: a full MLP (separate) or a linear head on the trunk (shared). */
    public Mlp actor() {
        if (shared) {
            Mlp t = trunk();
            return new Mlp(new int[] {t.outSize(), outDim}, false, t.paramCount());
        }
        return new Mlp(sizes(obsDim, policyHidden, outDim), false, 0);
    }

    /** The critic: a full MLP (separate) or a linear head on the trunk (shared). */
    public Mlp critic() {
        Mlp a = actor();
        int off = a.offset() + a.paramCount();
        if (shared) {
            return new Mlp(new int[] {trunk().outSize(), 1}, false, off);
        }
        return new Mlp(sizes(obsDim, valueHidden, 1), false, off);
    }

    /**
     * Width of the actor's latent features, the input of its last layer (gSDE's {@code phi(s)}): the last entry of
     * {@code policyHidden}, or {@code obsDim} when it is empty.
     */
    public int latentDim() {
        return policyHidden.isEmpty() ? obsDim : policyHidden.get(policyHidden.size() - 1);
    }

    /** Offset of the log-std parameters. */
    public int logStdOffset() {
        Mlp c = critic();
        return c.offset() + c.paramCount();
    }

    /** Total number of parameters. */
    public int paramCount() {
        return logStdOffset() + nLogStd;
    }

    /**
     * Fresh parameters: orthogonal weights with SB3's gains (sqrt(2) hidden, 0.01 policy output, 1 value output)
     * and zero biases, or PyTorch's default uniform init; log-stds set to {@code logStdInit}.
     */
    public double[] initParams(Rng rng, boolean orthoInit, double logStdInit) {
        double[] p = new double[paramCount()];
        double hiddenGain = Math.sqrt(2);
        if (shared) {
            initMlp(p, trunk(), rng, orthoInit, hiddenGain, hiddenGain);
        }
        initMlp(p, actor(), rng, orthoInit, hiddenGain, 0.01);
        initMlp(p, critic(), rng, orthoInit, hiddenGain, 1.0);
        for (int i = 0; i < nLogStd; i++) {
            p[logStdOffset() + i] = logStdInit;
        }
        return p;
    }

    private static void initMlp(double[] p, Mlp m, Rng rng, boolean ortho, double hiddenGain, double lastGain) {
        for (int l = 0; l < m.layers(); l++) {
            int in = m.sizes()[l];
            int out = m.sizes()[l + 1];
            int w = m.weightOffset(l);
            int b = m.biasOffset(l);
            if (ortho) {
                double gain = (l == m.layers() - 1 && !m.activateLast()) ? lastGain : hiddenGain;
                double[] q = orthogonal(in, out, rng);
                for (int i = 0; i < in * out; i++) {
                    p[w + i] = gain * q[i];
                }
            } else {
                double bound = 1.0 / Math.sqrt(in);
                for (int i = 0; i < in * out; i++) {
                    p[w + i] = (2 * rng.nextDouble() - 1) * bound;
                }
                for (int i = 0; i < out; i++) {
                    p[b + i] = (2 * rng.nextDouble() - 1) * bound;
                }
            }
        }
    }

    /**
     * A row-major {@code [rows x cols]} matrix with orthonormal columns (rows >= cols) or rows (rows < cols), from the
     * QR decomposition (modified Gram-Schmidt) of a Gaussian matrix, as {@code torch.nn.init.orthogonal_}.
     */
    public static double[] orthogonal(int rows, int cols, Rng rng) {
        int n = Math.max(rows, cols);
        int k = Math.min(rows, cols);
        double[][] q = new double[k][n];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < n; i++) {
                q[j][i] = rng.nextGaussian();
            }
        }
        for (int j = 0; j < k; j++) {
            for (int prev = 0; prev < j; prev++) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += q[j][i] * q[prev][i];
                }
                for (int i = 0; i < n; i++) {
                    q[j][i] -= dot * q[prev][i];
                }
            }
            double norm = 0;
            for (int i = 0; i < n; i++) {
                norm += q[j][i] * q[j][i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) {
                q[j][i] /= norm;
            }
        }
        double[] out = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = rows >= cols ? q[c][r] : q[r][c];
            }
        }
        return out;
    }
}
