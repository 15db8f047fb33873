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
 * <p>Health metrics added to the rule's own where it has none: {@link Metrics#KL_MEAN}, {@link Metrics#KL_MAX} and
 * {@link Metrics#TV_DISTANCE} (exact KL(start || end) and total variation between the policy at the start and at the
 * end of the update, over the rollout's states), {@link Metrics#ENTROPY} at the start, {@link Metrics#ESS} of
 * the ratios new / start where the rule has none, {@link Metrics#POLICY_LAG} and {@link Metrics#MISMATCH_BOUND}
 * {@code 2 * tv * H}, {@code H} the rollout's mean episode length (transitions per episode end, at most nSteps).
 */
public final class UpdateJob implements SliceBudget.Work {
    private static final int TV_SAMPLES = 16;
    /** The unit that prepares the rollout (a forward pass over it, and V-trace when configured). */
    public static final String PREPARE = "prepare";
    /** The unit that measures the policy's move (forward passes, KL and total variation over the rollout). */
    public static final String MEASURE = "measure";

    private final UpdateRule rule;
    private final Learner l;
    private final RolloutBuffer buf;
    private final double[] nextObs;
    private final double progressRemaining;
    private final int policyLag;
    private ActorCritic.Batch startPolicy;
    private UpdateRule.Update update;
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
    }

    /** Whether the update has finished and its metrics are ready. */
    @Override
    public boolean done() {
        return metrics != null;
    }

    /**
     * Runs the next unit of work: first preparing the rollout ({@link #PREPARE}), then the rule's slices (minibatches,
     * the units of a trust-region policy step, critic steps), last measuring how far the policy moved
     * ({@link #MEASURE}), each its own unit so that a time-sliced scheduler can fit them into frames one at a time.
     */
    @Override
    public void step() {
        if (done()) {
            return;
        }
        long t0 = System.nanoTime();
        if (update == null) {
            update = rule.start(prepare());
        } else if (!update.done()) {
            update.step();
        } else {
            metrics = measure(update.metrics());
        }
        nanos += System.nanoTime() - t0;
    }

    /** The kind of the unit the next {@link #step()} runs: {@link #PREPARE}, the rule's own, or {@link #MEASURE}. */
    @Override
    public String nextUnit() {
        if (update == null) {
            return PREPARE;
        }
        return update.done() ? MEASURE : update.nextUnit();
    }

    /** Runs every remaining slice. */
    public void runAll() {
        while (!done()) {
            step();
        }
    }

    /** The metrics of the finished update ({@link Metrics} keys). */
    public Map<String, Double> metrics() {
        if (metrics == null) {
            throw new IllegalStateException("UpdateJob.metrics: the update has not finished; run it to the end first");
        }
        return metrics;
    }

    private UpdateRule.Rollout prepare() {
        PpoConfig c = l.config();
        int n = buf.size();
        boolean vtrace = c.lagCorrection() == LagCorrection.VTRACE;
        startPolicy = l.model().forward(l.params(), buf.obs, n, vtrace);
        if (!vtrace) {
            return UpdateRule.Rollout.asCollected(buf, progressRemaining);
        }
        int nSteps = buf.steps();
        int nEnvs = n / nSteps;
        double[] startLogp = new double[n];
        l.model().evaluate(startPolicy, buf.actions, startLogp, null);
        double[] logRhos = new double[n];
        for (int i = 0; i < n; i++) {
            logRhos[i] = startLogp[i] - buf.logProbs[i];
        }
        double[] lastValues = l.model().values(l.params(), nextObs, nEnvs);
        Vtrace.Targets t = Vtrace.compute(nSteps, nEnvs, logRhos, buf.rewards, buf.dones, startPolicy.values(),
                lastValues, c.gamma(), c.vtrace());
        return new UpdateRule.Rollout(buf, startLogp, t.pgAdvantages(), t.vs(), startPolicy.values(), progressRemaining);
    }

    private Map<String, Double> measure(Map<String, Double> ruleMetrics) {
        Map<String, Double> m = new java.util.LinkedHashMap<>(ruleMetrics);
        int n = buf.size();
        ActorCritic.Batch end = l.model().forward(l.params(), buf.obs, n, false);
        DistributionGeometry geo = new DistributionGeometry(l.dist());
        int od = l.dist().outDim();
        int ng = l.dist().nGauss();
        double[] startLogp = new double[n];
        double[] endLogp = new double[n];
        double[] entropy = new double[n];
        l.model().evaluate(startPolicy, buf.actions, startLogp, entropy);
        l.model().evaluate(end, buf.actions, endLogp, null);
        boolean needTv = !m.containsKey(Metrics.TV_DISTANCE);
        double klSum = 0;
        double klMax = 0;
        double tvSum = 0;
        double rSum = 0;
        double r2Sum = 0;
        double entSum = 0;
        for (int i = 0; i < n; i++) {
            double kl = geo.kl(startPolicy.out(), i * od, startPolicy.logStd(), i * ng, end.out(), i * od,
                    end.logStd(), i * ng);
            klSum += kl;
            klMax = Math.max(klMax, kl);
            tvSum += !needTv ? 0 : geo.totalVariation(startPolicy.out(), i * od, startPolicy.logStd(), i * ng, end.out(), i * od,
                    end.logStd(), i * ng, TV_SAMPLES, l.metricsRng());
            double r = Math.exp(endLogp[i] - startLogp[i]);
            rSum += r;
            r2Sum += r * r;
            entSum += entropy[i];
        }
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

    /** The KL the rule steers to: TRPO's delta, PPO's targetKl, or null. */
    static Double klTarget(PpoConfig c) {
        return switch (c.algo()) {
            case TRPO -> c.delta();
            case NPG -> null;
            case PPO, PPO_KL -> c.targetKl();
        };
    }
}
