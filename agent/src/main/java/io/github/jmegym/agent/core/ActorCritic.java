package io.github.jmegym.agent.core;

/**
 * The actor-critic of a {@link NetLayout} as a function of flat parameters, in plain Java: acting ({@link #act}: the
 * forward pass, gSDE's noise and the action draws of the trainer's rollouts and of {@link
 * io.github.jmegym.agent.Policy}), and over whole batches the
 * distribution parameters of each state (policy outputs and per-state log-stds, gSDE's state-dependent ones
 * included), the values, and the log-probabilities and entropies of given actions ({@link #evaluate}, the
 * {@code evaluate(obs, actions) -> values, logProbs, entropy} of SB3's policies). Not thread-safe (one forward kernel).
 */
public final class ActorCritic {
    private final NetLayout layout;
    private final ActionDistribution dist;
    private final Sde sde;
    private final JavaForward forward;
    private final ActionDistribution.Evaluation eval;
    /** {@link NetLayout#logStdOffset()}, kept: the layout derives it anew (lists and streams) on every call. */
    private final int logStdOffset;
    /** Batches from this size on run their layers as OpenBLAS gemms. */
    private static final int GEMM_BATCH = 64;
    /**
     * Rows of a whole-batch layer's activation per {@link Pass#step()}: the activation of a rollout-sized layer
     * ({@code 2,048 x 64} tanh) takes several times its gemm, and unlike the gemm it gives the same doubles in
     * chunks of rows, so a pass spread over a game's frames runs it in pieces no longer than the gemm.
     */
    public static final int ACTIVATION_ROWS = 256;
    // act scratch, grown to the largest batch
    private double[] actOut = new double[0];
    private double[] actPhi = new double[0];
    private double[] actLogStd = new double[0];
    private double[] actNoise = new double[0];
    /**
     * The whole-batch layers' scratch, per MLP (trunk, actor, critic) and layer: the weights and the outputs, of the
     * last batch size. A rollout-sized output ({@code 2,048 x 64} doubles) is a megabyte, which G1 allocates as a
     * humongous object straight into the old generation; made afresh on every forward pass, they filled it and
     * brought on collections inside a game's frame.
     */
    private final double[][][] mlpWeights = new double[3][][];
    private final double[][][] mlpOutputs = new double[3][][];
    private double[] batchPhi = new double[0];
    private static final int TRUNK = 0;
    private static final int ACTOR = 1;
    private static final int CRITIC = 2;
    private long batchLayers;
    private long rowsEvaluated;

    /**
     * @param sde gSDE's log-std map, or null for state-independent log-stds at {@link NetLayout#logStdOffset()}
     */
    public ActorCritic(NetLayout layout, ActionDistribution dist, Sde sde) {
        this.layout = layout;
        this.dist = dist;
        this.sde = sde;
        this.forward = new JavaForward(layout);
        this.eval = dist.newEvaluation();
        this.logStdOffset = layout.logStdOffset();
    }

    /** gSDE, or null. */
    public Sde sde() {
        return sde;
    }

    /**
     * Draws gSDE's exploration matrix of row {@code row} into {@code exploration} (at {@code row * matrixSize}), from
     * {@code N(0, exp(logStd))} (does nothing without gSDE).
     */
    public void drawExploration(double[] params, Rng rng, double[] exploration, int row) {
        if (sde != null) {
            sde.drawExploration(params, logStdOffset, rng, exploration, row * sde.matrixSize());
        }
    }

    /**
     * One action per observation: the forward pass over {@code n} (normalized) observations, then for each row in
     * order a draw from its distribution ({@code rng}; the mean when deterministic), with gSDE the noise
     * {@code phi(s) E} of the row's exploration matrix.
     *
     * @param exploration with gSDE and stochastic actions: {@code n} exploration matrices ({@link #drawExploration});
     *        else ignored
     * @param actions receives {@code [n x actDim]} flat actions
     * @param logProbs receives their log-probabilities, or null
     * @param values receives the values, or null to skip the critic
     */
    public void act(double[] params, double[] obs, int n, Rng rng, boolean deterministic, double[] exploration,
                    double[] actions, double[] logProbs, double[] values) {
        int od = dist.outDim();
        int ad = dist.actDim();
        int ls = logStdOffset;
        actOut = ensure(actOut, n * od);
        if (sde == null) {
            forward.forward(params, obs, n, actOut, values);
            for (int e = 0; e < n; e++) {
                double lp = dist.sample(actOut, e * od, params, ls, rng, deterministic, actions, e * ad);
                if (logProbs != null) {
                    logProbs[e] = lp;
                }
            }
            return;
        }
        int ng = sde.nGauss();
        actPhi = ensure(actPhi, n * sde.latentDim());
        actLogStd = ensure(actLogStd, n * ng);
        actNoise = ensure(actNoise, n * ng);
        forward.forward(params, obs, n, actOut, values, actPhi);
        sde.logStd(params, ls, actPhi, n, actLogStd);
        for (int e = 0; e < n; e++) {
            if (!deterministic) {
                sde.noise(actPhi, e * sde.latentDim(), exploration, e * sde.matrixSize(), actNoise, e * ng);
            }
            double lp = dist.sample(actOut, e * od, actLogStd, e * ng, rng, deterministic, actNoise, e * ng, actions,
                    e * ad);
            if (logProbs != null) {
                logProbs[e] = lp;
            }
        }
    }

    private static double[] ensure(double[] a, int size) {
        return a.length >= size ? a : new double[size];
    }

    /** {@code a} when it has exactly {@code size} elements, else a new array (gemm operands are copied whole). */
    private static double[] exact(double[] a, int size) {
        return a.length == size ? a : new double[size];
    }

    /** The layout. */
    public NetLayout layout() {
        return layout;
    }

    /** The action distribution. */
    public ActionDistribution distribution() {
        return dist;
    }

    /**
     * The policy of {@code n} states: {@code out [n x outDim]}, {@code logStd [n x nGauss]} (one row per state) and
     * {@code values [n]}.
     */
    public record Batch(int n, double[] out, double[] logStd, double[] values) {
    }

    /**
     * The distribution parameters of {@code n} (normalized) observations under {@code params}, and their values when
     * {@code withValues} (else the batch's values are null).
     */
    public Batch forward(double[] params, double[] obs, int n, boolean withValues) {
        Pass p = pass(params, obs, n, withValues);
        p.runAll();
        return p.batch();
    }

    /**
     * The forward pass of {@link #forward} ready to run a layer at a time ({@link Pass#step()}), for a caller that
     * spreads a pass over a large batch across a game's frames. Nothing else may run whole batches on this model
     * until the pass is done (acting may).
     */
    public Pass pass(double[] params, double[] obs, int n, boolean withValues) {
        double[] out = new double[n * dist.outDim()];
        double[] ls = new double[n * dist.nGauss()];
        double[] values = withValues ? new double[n] : null;
        return new Pass(params, obs, n, out, ls, values);
    }

    /**
     * Writes the distribution parameters of {@code n} observations: {@code out [n x outDim]}, {@code logStd
     * [n x nGauss]}, and the values when {@code values} is not null.
     */
    public void distributions(double[] params, double[] obs, int n, double[] out, double[] logStd, double[] values) {
        new Pass(params, obs, n, out, logStd, values).runAll();
    }

    /** Layers of whole batches run so far ({@link Pass#step()}): what a sliced caller bounds per unit of its work. */
    public long batchLayers() {
        return batchLayers;
    }

    /** Rows evaluated so far ({@link #evaluate}): what a sliced caller bounds per unit of its work. */
    public long rowsEvaluated() {
        return rowsEvaluated;
    }

    /**
     * A forward pass over a batch, a layer at a time: below {@value #GEMM_BATCH} rows one step runs the whole pass
     * ({@link JavaForward}), from it on a step runs one layer's affine part as one OpenBLAS gemm over every row (the
     * trunk's, then the actor's, then the critic's; the same calls in the same order as the pass run at once, so the
     * same doubles), or the activation of {@link #ACTIVATION_ROWS} of its rows. The last step writes the log-stds.
     */
    public final class Pass {
        private final double[] params;
        private final double[] obs;
        private final int n;
        private final double[] out;
        private final double[] logStd;
        private final double[] values;
        private final double[] phi;
        /** The MLPs to run, in order, by slot ({@link #TRUNK}, {@link #ACTOR}, {@link #CRITIC}). */
        private final int[] slots;
        private int mlp;
        private int layer;
        /** The current MLP's input for its next layer. */
        private double[] in;
        /** The actor's and the critic's input (the observations, or the trunk's output). */
        private double[] input;
        /** The current layer's output while its activation is in progress, else null. */
        private double[] activating;
        /** The next row of {@link #activating} to activate. */
        private int row;
        private boolean done;

        private Pass(double[] params, double[] obs, int n, double[] out, double[] logStd, double[] values) {
            this.params = params;
            this.obs = obs;
            this.n = n;
            this.out = out;
            this.logStd = logStd;
            this.values = values;
            if (sde != null) {
                batchPhi = exact(batchPhi, n * layout.latentDim());
                this.phi = batchPhi;
            } else {
                this.phi = null;
            }
            int[] order = new int[3];
            int k = 0;
            if (layout.trunk() != null) {
                order[k++] = TRUNK;
            }
            order[k++] = ACTOR;
            if (values != null) {
                order[k++] = CRITIC;
            }
            this.slots = java.util.Arrays.copyOf(order, k);
            this.input = obs;
            this.in = obs;
        }

        /** Whether every layer has run and the batch is complete. */
        public boolean done() {
            return done;
        }

        /** Runs the next layer (below {@value #GEMM_BATCH} rows: the whole pass); a no-op once done. */
        public void step() {
            if (done) {
                return;
            }
            if (n < GEMM_BATCH) {
                forward.forward(params, obs, n, out, values, phi);
                finish();
                return;
            }
            int slot = slots[mlp];
            NetLayout.Mlp m = slot == TRUNK ? layout.trunk() : slot == ACTOR ? layout.actor() : layout.critic();
            if (activating == null) {
                double[] y = affine(params, m, slot, layer, in, n, slot == ACTOR ? phi : null);
                batchLayers++;
                if (layer < m.layers() - 1 || m.activateLast()) {
                    activating = y;
                    row = 0;
                    return;
                }
                in = y;
            } else {
                int width = m.sizes()[layer + 1];
                int to = Math.min(n, row + ACTIVATION_ROWS);
                activate(activating, row * width, to * width);
                row = to;
                if (to < n) {
                    return;
                }
                in = activating;
                activating = null;
            }
            if (++layer < m.layers()) {
                return;
            }
            if (slot == TRUNK) {
                input = in;
            } else if (slot == ACTOR) {
                System.arraycopy(in, 0, out, 0, n * layout.outDim());
            } else {
                System.arraycopy(in, 0, values, 0, n);
            }
            layer = 0;
            in = input;
            if (++mlp == slots.length) {
                finish();
            }
        }

        /** Runs every remaining layer. */
        public void runAll() {
            while (!done) {
                step();
            }
        }

        /** The finished batch. */
        public Batch batch() {
            if (!done) {
                throw new IllegalStateException("ActorCritic.Pass.batch: the pass over " + n
                        + " rows has not finished; step() it to the end first");
            }
            return new Batch(n, out, logStd, values);
        }

        private void finish() {
            int ng = dist.nGauss();
            if (sde == null) {
                for (int i = 0; i < n; i++) {
                    System.arraycopy(params, logStdOffset, logStd, i * ng, ng);
                }
            } else {
                sde.logStd(params, logStdOffset, phi, n, logStd);
            }
            done = true;
        }
    }

    /**
     * The affine part of layer {@code l} of an MLP over a whole batch as one OpenBLAS gemm ({@link JavaForward}, which
     * acting uses, is faster for a few rows; beyond {@value #GEMM_BATCH} rows this is, several times over at 1,024).
     *
     * @param slot which MLP ({@link #TRUNK}, {@link #ACTOR}, {@link #CRITIC}): whose scratch to use
     * @param in the layer's {@code [n x inSize]} input
     * @param lastInput receives the input of the MLP's last layer (gSDE's latent features), or null
     * @return the {@code [n x outSize]} output before activation, in this MLP's scratch (valid until its layer runs
     *         again)
     */
    private double[] affine(double[] params, NetLayout.Mlp m, int slot, int l, double[] in, int n, double[] lastInput) {
        if (mlpWeights[slot] == null) {
            mlpWeights[slot] = new double[m.layers()][0];
            mlpOutputs[slot] = new double[m.layers()][0];
        }
        int nIn = m.sizes()[l];
        int nOut = m.sizes()[l + 1];
        if (lastInput != null && l == m.layers() - 1) {
            System.arraycopy(in, 0, lastInput, 0, n * nIn);
        }
        double[] w = mlpWeights[slot][l] = exact(mlpWeights[slot][l], nIn * nOut);
        System.arraycopy(params, m.weightOffset(l), w, 0, w.length);
        double[] y = mlpOutputs[slot][l] = exact(mlpOutputs[slot][l], n * nOut);
        for (int r = 0; r < n; r++) {
            System.arraycopy(params, m.biasOffset(l), y, r * nOut, nOut);
        }
        Blas.gemm(false, false, n, nOut, nIn, in, w, 1.0, y);
        return y;
    }

    /** Applies the layout's activation to {@code y[from, to)} in place. */
    private void activate(double[] y, int from, int to) {
        if (layout.activation() == io.github.jmegym.agent.Activation.TANH) {
            for (int k = from; k < to; k++) {
                y[k] = JavaForward.tanh(y[k]);
            }
        } else {
            for (int k = from; k < to; k++) {
                y[k] = Math.max(y[k], 0.0);
            }
        }
    }

    /** The values of {@code n} observations under {@code params}. */
    public double[] values(double[] params, double[] obs, int n) {
        double[] v = new double[n];
        forward.forward(params, obs, n, null, v);
        return v;
    }

    /**
     * Log-probabilities (and entropies, when {@code entropy} is not null) of the flat {@code actions} under a
     * batch's distributions.
     */
    public void evaluate(Batch b, double[] actions, double[] logProbs, double[] entropy) {
        evaluate(b, 0, b.n(), actions, logProbs, entropy);
    }

    /**
     * {@link #evaluate(Batch, double[], double[], double[])} of rows {@code from} (inclusive) to {@code to}
     * (exclusive) only, each written at its row's index.
     */
    public void evaluate(Batch b, int from, int to, double[] actions, double[] logProbs, double[] entropy) {
        int od = dist.outDim();
        int ng = dist.nGauss();
        int ad = dist.actDim();
        for (int i = from; i < to; i++) {
            dist.evaluate(b.out(), i * od, b.logStd(), i * ng, actions, i * ad, eval);
            logProbs[i] = eval.logProb();
            if (entropy != null) {
                entropy[i] = eval.entropy();
            }
        }
        rowsEvaluated += to - from;
    }
}
