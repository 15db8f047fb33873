package io.github.jmegym.agent.update;

import io.github.jmegym.agent.LagCorrection;
import io.github.jmegym.agent.Metrics;
import io.github.jmegym.agent.PpoConfig;
import io.github.jmegym.agent.core.ActorCritic;
import io.github.jmegym.agent.core.RolloutBuffer;
import io.github.jmegym.agent.trpo.DistributionGeometry;
import io.github.jmegym.agent.trpo.Vtrace;
import java.util.Map;

/**
 * One update of a full rollout as a trainer schedules it: prepares the rollout (as collected, or V-trace corrected
 * for the lag between the policy that collected it and the one the update starts from), runs the rule's update in
 * slices, then measures how far the policy moved. Runs on whichever thread the update mode chooses; one thread at a
 * time.
 *
 * <p>Every part is a sequence of units of bounded work, the same units in the same order in every mode (SYNC and
 * BACKGROUND run them back to back, TIME_SLICED fits them into frames): a forward pass over the rollout runs a
 * layer's gemm per unit, then its activation {@link ActorCritic#ACTIVATION_ROWS} rows per unit ({@link
 * ActorCritic.Pass}: one gemm over every row, the same calls as a pass run at once; a gemm over a chunk of the rows
 * does not always give the same doubles as the same rows inside the whole gemm), the plain-Java
 * passes over the rollout's rows (log-probabilities, log-ratios, KL and total variation) run {@link #CHUNK_ROWS}
 * rows per unit, in row order, so the metrics stream draws in the same order.
 *
 * <p>Health metrics added to the rule's own where it has none: {@link Metrics#KL_MEAN}, {@link Metrics#KL_MAX} and
 * {@link Metrics#TV_DISTANCE} (exact KL(start || end) and total variation between the policy at the start and at the
 * end of the update, over the rollout's states), {@link Metrics#ENTROPY} at the start, {@link Metrics#ESS} of
 * the ratios new / start where the rule has none, {@link Metrics#POLICY_LAG} and {@link Metrics#MISMATCH_BOUND}
 * {@code 2 * tv * H}, {@code H} the rollout's mean episode length (transitions per episode end, at most nSteps).
 */
public final class UpdateJob implements SliceBudget.Work {
    private static final int TV_SAMPLES = 16;
    /**
     * Rows of the rollout per unit of the plain-Java passes: 256 rows of KL and total variation (16 samples each)
     * take well under a millisecond for the default network, and a 2,048-row rollout takes 8 of them.
     */
    public static final int CHUNK_ROWS = 256;
    /**
     * The unit of a layer's gemm, or of a chunk of rows of its activation, of the forward pass over the rollout under
     * the parameters the update starts from.
     */
    public static final String PREPARE = "prepare";
    /**
     * The unit of {@link #CHUNK_ROWS} rows of the start policy's log-probabilities and log-ratios to the behaviour
     * policy, and last of V-trace's recursion over the rollout (with {@code lagCorrection=vtrace} only).
     */
    public static final String VTRACE = "v-trace";
    /** The same as {@link #PREPARE}, of the forward pass under the parameters the update ends with. */
    public static final String MEASURE_FORWARD = "measure forward";
    /** The unit of {@link #CHUNK_ROWS} rows of the policy's move: KL, total variation, ratios, entropy. */
    public static final String MEASURE = "measure";

    private final UpdateRule rule;
    private final Learner l;
    private final RolloutBuffer buf;
    private final double[] nextObs;
    private final double progressRemaining;
    private final int policyLag;
    private final int n;
    private final boolean vtrace;
    private ActorCritic.Pass startPass;
    private ActorCritic.Batch startPolicy;
    /** V-trace: the start policy's log-probabilities and their log-ratios to the behaviour policy's. */
    private double[] startLogp;
    private double[] logRhos;
    private UpdateRule.Update update;
    private ActorCritic.Pass endPass;
    private Moved moved;
    /** The next row of the chunked pass in progress. */
    private int row;
    private Map<String, Double> metrics;
    private long nanos;

    /**
     * @param nextObs {@code [nEnvs x obsDim]} the (normalized) observations after the rollout's last step
     * @param policyLag updates between the policy that collected the rollout and the one the update starts from
     */
    public UpdateJob(UpdateRule rule, Learner learner, RolloutBuffer buf, double[] nextObs, double progressRemaining,
                     int policyLag) {
        this.rule = rule;
        this.l = learner;
        this.buf = buf;
        this.nextObs = nextObs;
        this.progressRemaining = progressRemaining;
        this.policyLag = policyLag;
        this.n = buf.size();
        this.vtrace = learner.config().lagCorrection() == LagCorrection.VTRACE;
    }

    /** Whether the update has finished and its metrics are ready. */
    @Override
    public boolean done() {
        return metrics != null;
    }

    /**
     * Runs the next unit of work: first preparing the rollout ({@link #PREPARE}, then {@link #VTRACE} when
     * configured), then the rule's slices (minibatches, the units of a trust-region policy step, critic steps), last
     * measuring how far the policy moved ({@link #MEASURE_FORWARD}, then {@link #MEASURE}), each its own unit so that
     * a time-sliced scheduler can fit them into frames one at a time.
     */
    @Override
    public void step() {
        if (done()) {
            return;
        }
        long t0 = System.nanoTime();
        if (update == null) {
            prepare();
        } else if (!update.done()) {
            update.step();
        } else {
            measure();
        }
        nanos += System.nanoTime() - t0;
    }

    /** The kind of the unit the next {@link #step()} runs: one of this class's, or the rule's own. */
    @Override
    public String nextUnit() {
        if (update == null) {
            return startPass == null || !startPass.done() ? PREPARE : VTRACE;
        }
        if (!update.done()) {
            return update.nextUnit();
        }
        return endPass == null || !endPass.done() ? MEASURE_FORWARD : MEASURE;
    }

    /** The metrics of the finished update ({@link Metrics} keys). */
    public Map<String, Double> metrics() {
        if (metrics == null) {
            throw new IllegalStateException("UpdateJob.metrics: the update has not finished; run it to the end first");
        }
        return metrics;
    }

    /** One unit of preparing the rollout; the last one starts the rule's update. */
    private void prepare() {
        if (startPass == null) {
            startPass = l.model().pass(l.params(), buf.obs, n, vtrace);
        }
        if (!startPass.done()) {
            startPass.step();
            if (startPass.done()) {
                startPolicy = startPass.batch();
                if (!vtrace) {
                    update = rule.start(UpdateRule.Rollout.asCollected(buf, progressRemaining));
                } else {
                    startLogp = new double[n];
                    logRhos = new double[n];
                    row = 0;
                }
            }
            return;
        }
        if (row < n) {
            int to = Math.min(n, row + CHUNK_ROWS);
            l.model().evaluate(startPolicy, row, to, buf.actions, startLogp, null);
            for (int i = row; i < to; i++) {
                logRhos[i] = startLogp[i] - buf.logProbs[i];
            }
            row = to;
            return;
        }
        PpoConfig c = l.config();
        int nSteps = buf.steps();
        int nEnvs = n / nSteps;
        double[] lastValues = l.model().values(l.params(), nextObs, nEnvs);
        Vtrace.Targets t = Vtrace.compute(nSteps, nEnvs, logRhos, buf.rewards, buf.dones, startPolicy.values(),
                lastValues, c.gamma(), c.vtrace());
        update = rule.start(new UpdateRule.Rollout(buf, startLogp, t.pgAdvantages(), t.vs(), startPolicy.values(),
                progressRemaining));
    }

    /** One unit of measuring the policy's move; the last one completes the metrics. */
    private void measure() {
        if (endPass == null) {
            endPass = l.model().pass(l.params(), buf.obs, n, false);
        }
        if (!endPass.done()) {
            endPass.step();
            if (endPass.done()) {
                moved = new Moved(endPass.batch(), update.metrics());
                row = 0;
            }
            return;
        }
        int to = Math.min(n, row + CHUNK_ROWS);
        moved.add(row, to);
        row = to;
        if (row == n) {
            metrics = moved.metrics();
        }
    }

    /** The sums over the rollout's rows of how far the policy moved, added a chunk of rows at a time, in row order. */
    private final class Moved {
        private final ActorCritic.Batch end;
        private final Map<String, Double> ruleMetrics;
        private final boolean needTv;
        private final DistributionGeometry geo = new DistributionGeometry(l.dist());
        private final double[] startLogp = new double[n];
        private final double[] endLogp = new double[n];
        private final double[] entropy = new double[n];
        private double klSum;
        private double klMax;
        private double tvSum;
        private double rSum;
        private double r2Sum;
        private double entSum;

        Moved(ActorCritic.Batch end, Map<String, Double> ruleMetrics) {
            this.end = end;
            this.ruleMetrics = ruleMetrics;
            this.needTv = !ruleMetrics.containsKey(Metrics.TV_DISTANCE);
        }

        void add(int from, int to) {
            int od = l.dist().outDim();
            int ng = l.dist().nGauss();
            l.model().evaluate(startPolicy, from, to, buf.actions, startLogp, entropy);
            l.model().evaluate(end, from, to, buf.actions, endLogp, null);
            for (int i = from; i < to; i++) {
                double kl = geo.kl(startPolicy.out(), i * od, startPolicy.logStd(), i * ng, end.out(), i * od,
                        end.logStd(), i * ng);
                klSum += kl;
                klMax = Math.max(klMax, kl);
                tvSum += !needTv ? 0 : geo.totalVariation(startPolicy.out(), i * od, startPolicy.logStd(), i * ng,
                        end.out(), i * od, end.logStd(), i * ng, TV_SAMPLES, l.metricsRng());
                double r = Math.exp(endLogp[i] - startLogp[i]);
                rSum += r;
                r2Sum += r * r;
                entSum += entropy[i];
            }
        }

        Map<String, Double> metrics() {
            Map<String, Double> m = new java.util.LinkedHashMap<>(ruleMetrics);
            m.putIfAbsent(Metrics.KL_MEAN, klSum / n);
            m.putIfAbsent(Metrics.KL_MAX, klMax);
            m.putIfAbsent(Metrics.TV_DISTANCE, tvSum / n);
            double tv = m.get(Metrics.TV_DISTANCE);
            m.putIfAbsent(Metrics.ESS, r2Sum == 0 ? Double.NaN : rSum * rSum / (n * r2Sum));
            m.putIfAbsent(Metrics.ENTROPY, entSum / n);
            int ends = 0;
            for (int i = 0; i < n; i++) {
                ends += buf.dones[i] ? 1 : 0;
            }
            int nEnvs = n / buf.steps();
            double horizon = (double) n / Math.max(ends, nEnvs);
            m.put(Metrics.POLICY_LAG, (double) policyLag);
            m.put(Metrics.MISMATCH_BOUND, 2 * tv * horizon);
            Double kt = klTarget(l.config());
            if (kt != null) {
                m.put(Metrics.KL_TARGET, kt);
            }
            m.put(Metrics.UPDATE_SECONDS, nanos / 1e9);
            return m;
        }
    }

    /** The KL the rule steers to: TRPO's delta, PPO's targetKl, or null. */
    static Double klTarget(PpoConfig c) {
        return switch (c.algo()) {
            case TRPO -> c.delta();
            case NPG -> null;
            case PPO, PPO_KL -> c.targetKl();
        };
    }
}
