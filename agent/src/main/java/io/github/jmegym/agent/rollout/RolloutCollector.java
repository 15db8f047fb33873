package io.github.jmegym.agent.rollout;

import io.github.jmegym.agent.Metrics;
import io.github.jmegym.agent.PpoConfig;
import io.github.jmegym.agent.core.ActionDistribution;
import io.github.jmegym.agent.core.ActorCritic;
import io.github.jmegym.agent.core.JavaForward;
import io.github.jmegym.agent.core.RolloutBuffer;
import io.github.jmegym.agent.core.Rng;
import io.github.jmegym.agent.update.UpdateScheduler;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.vector.VectorEnv;
import io.github.jmegym.envs.vector.VectorReset;
import io.github.jmegym.envs.vector.VectorStep;
import io.github.jmegym.envs.wrappers.RunningMeanStd;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects rollouts with the acting policy (SB3's {@code collect_rollouts}), step by step: {@link #act} draws one
 * action per sub-env, {@link #report} stores the outcome in the {@link RolloutBuffer}; when the buffer is full the next
 * {@code act} computes GAE (bootstrapping from the following observations) and hands the rollout to the
 * {@link UpdateScheduler}. It owns what collecting changes: observation and reward normalization, gSDE's exploration
 * matrices, the bootstrap values of truncated episodes, the episode statistics and the step and update counters.
 * {@link #learn} drives it over a {@link VectorEnv}. Not thread-safe: one thread drives it.
 */
public final class RolloutCollector {
    private final PpoConfig config;
    private final String where;
    private final Box obsSpace;
    private final ActionDistribution dist;
    private final ActorCritic actor;
    private final JavaForward valueKernel;
    private final Rng actRng;
    private final RunningMeanStd obsRms;
    private final RunningMeanStd retRms = new RunningMeanStd(1);
    private final UpdateScheduler scheduler;
    private final int nEnvs;
    private final int obsDim;
    private final int actDim;

    /** The parameters the rollouts are collected with (the latest installed update's). */
    private double[] actingParams;
    /** Updates installed into the acting policy. */
    private int policyVersion;
    /** {@link #policyVersion} when the rollout being collected began. */
    private int rolloutVersion;
    private long totalSteps;

    private RolloutBuffer collecting;
    private boolean awaitingReport;
    private final double[] stepObs;
    private final double[] stepValues;
    private final double[] stepActions;
    private final double[] stepLogp;
    private final double[] stepRewards;
    private final double[] truncValues;
    private final double[] oneObs;
    private final double[] oneValue = new double[1];
    private final double[] discountedReturn;
    /** gSDE's exploration matrices of the sub-envs (null without gSDE). */
    private final double[] exploration;
    private boolean explorationDrawn;

    private final EpisodeStats episodes = new EpisodeStats();
    private final double[] epReturn;
    private final int[] epLength;

    // the first time the last-10 mean return reached a watched threshold
    private double watchedReturn = Double.NaN;
    private long reachedAtStep = -1;
    private double reachedAtSeconds = Double.NaN;

    private final long startNanos = System.nanoTime();
    private long stepsAtStart;
    private long rolloutStartNanos = System.nanoTime();

    /**
     * @param where the trainer, for messages
     * @param obsSpace one sub-env's observation space
     * @param actor the acting policy's network, distribution and gSDE
     * @param actingParams the parameters to act with until the first update is installed (kept, not copied)
     * @param actRng draws the actions and gSDE's exploration matrices
     * @param obsRms observation statistics (updated and applied), or null without observation normalization
     * @param scheduler runs the update of each full rollout
     */
    public RolloutCollector(PpoConfig config, String where, Box obsSpace, ActorCritic actor, double[] actingParams,
                            Rng actRng, RunningMeanStd obsRms, UpdateScheduler scheduler) {
        this.config = config;
        this.where = where;
        this.obsSpace = obsSpace;
        this.actor = actor;
        this.dist = actor.distribution();
        this.valueKernel = new JavaForward(actor.layout());
        this.actingParams = actingParams;
        this.actRng = actRng;
        this.obsRms = obsRms;
        this.scheduler = scheduler;
        this.nEnvs = config.nEnvs();
        this.obsDim = obsSpace.size();
        this.actDim = dist.actDim();
        this.collecting = new RolloutBuffer(config.nSteps(), nEnvs, obsDim, actDim);
        this.stepObs = new double[nEnvs * obsDim];
        this.stepValues = new double[nEnvs];
        this.stepActions = new double[nEnvs * actDim];
        this.stepLogp = new double[nEnvs];
        this.stepRewards = new double[nEnvs];
        this.truncValues = new double[nEnvs];
        this.oneObs = new double[obsDim];
        this.discountedReturn = new double[nEnvs];
        this.epReturn = new double[nEnvs];
        this.epLength = new int[nEnvs];
        this.exploration = actor.sde() == null ? null : new double[nEnvs * actor.sde().matrixSize()];
    }

    // ------------------------------------------------------------------------------------------------ state

    /** Env steps collected so far, over all sub-envs. */
    public long totalSteps() {
        return totalSteps;
    }

    /** Updates installed into the acting policy so far. */
    public int policyVersion() {
        return policyVersion;
    }

    /** The parameters the rollouts are collected with (live; replaced, never written, by an install). */
    public double[] actingParams() {
        return actingParams;
    }

    /** The finished episodes' statistics. */
    public EpisodeStats episodes() {
        return episodes;
    }

    /** The running statistics of the discounted returns that scale rewards under {@code normalizeReward} (live). */
    public RunningMeanStd returnStats() {
        return retRms;
    }

    /** The discounted return of each sub-env's current episode (a copy; 0 without {@code normalizeReward}). */
    public double[] discountedReturns() {
        return discountedReturn.clone();
    }

    /** Whether collecting has begun: an action awaits its report, the buffer holds steps, or an update runs. */
    public boolean started() {
        return awaitingReport || collecting.steps() > 0 || scheduler.busy();
    }

    /** Whether actions await {@link #report}. */
    public boolean awaitingReport() {
        return awaitingReport;
    }

    /** Acts with these parameters from now on (kept, not copied), counting one more installed update. */
    public void installUpdate(double[] params) {
        actingParams = params;
        policyVersion++;
    }

    /** Acts with these parameters from now on (kept, not copied) without counting an update (cloning, resuming). */
    public void actWith(double[] params) {
        actingParams = params;
    }

    /** Restores the counters of a checkpoint (before the first step). */
    public void restoreCounters(long totalSteps, int policyVersion) {
        this.totalSteps = totalSteps;
        this.stepsAtStart = totalSteps;
        this.policyVersion = policyVersion;
    }

    /**
     * Watches for the first time the mean return of the last 10 episodes reaches {@code threshold} (checked at every
     * episode end, without stopping); see {@link #reachedAtStep()}.
     */
    public void watchReturn(double threshold) {
        this.watchedReturn = threshold;
        this.reachedAtStep = -1;
        this.reachedAtSeconds = Double.NaN;
    }

    /** Env steps at which the watched threshold was first reached, or -1. */
    public long reachedAtStep() {
        return reachedAtStep;
    }

    /** Seconds since the collector was made when the watched threshold was first reached, or NaN. */
    public double reachedAtSeconds() {
        return reachedAtSeconds;
    }

    /**
     * The collection metrics reported with an update: episode means (last 100 and last 10), episodes, env steps per
     * second since the start (or the resume), and the rollout's collection time.
     */
    public Map<String, Double> metrics(double rolloutSeconds) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(Metrics.EP_REW_MEAN, episodes.meanReturn(EpisodeStats.WINDOW));
        m.put(Metrics.EP_LEN_MEAN, episodes.meanLength(EpisodeStats.WINDOW));
        m.put(Metrics.FPS, (totalSteps - stepsAtStart) / ((System.nanoTime() - startNanos) / 1e9));
        m.put(Metrics.EP_REW_MEAN_10, episodes.meanReturn(10));
        m.put(Metrics.EPISODES, (double) episodes.finished());
        m.put(Metrics.ROLLOUT_SECONDS, rolloutSeconds);
        return m;
    }

    // ------------------------------------------------------------------------------------------------ headless

    /**
     * Collects over a vector env for {@code steps} more env steps (rounded up to whole vector steps), resetting it
     * first with {@code seed} plus the update count (so resumed runs differ from the start); a rollout left full at the
     * end is updated, and every update is installed before returning.
     *
     * @param env a {@link io.github.jmegym.envs.AutoresetMode#SAME_STEP} vector env with {@code config.nEnvs()} sub-envs
     * @param stopAtMeanReturn when not null, stop as soon as the mean return of the last 10 episodes reaches it
     * @param afterUpdate run between env steps after every installed update (e.g. to checkpoint), or null
     * @return the env steps at which {@code stopAtMeanReturn} was reached, or null
     */
    public Long learn(VectorEnv<Object, Object> env, long seed, long steps, Double stopAtMeanReturn,
                      Runnable afterUpdate) {
        long target = totalSteps + steps;
        VectorReset<Object> r = env.reset(seed + 1_000_003L * policyVersion, Map.of());
        List<Object> obs = r.observations();
        Long solvedAt = null;
        int seenUpdates = policyVersion;
        rolloutStartNanos = System.nanoTime();
        while (totalSteps < target) {
            List<Object> actions = act(obs);
            VectorStep<Object> s = env.step(actions);
            List<Object> finals = new ArrayList<>(nEnvs);
            for (int e = 0; e < nEnvs; e++) {
                boolean done = s.terminated()[e] || s.truncated()[e];
                finals.add(done ? s.infos().get(e).get(VectorEnv.FINAL_OBS) : null);
            }
            long before = episodes.finished();
            report(s.rewards(), s.terminated(), s.truncated(), finals);
            obs = s.observations();
            if (policyVersion != seenUpdates && afterUpdate != null) {
                seenUpdates = policyVersion;
                afterUpdate.run();
            }
            if (stopAtMeanReturn != null && episodes.finished() > before && episodes.finished() >= 10
                    && episodes.meanReturn(10) >= stopAtMeanReturn) {
                solvedAt = totalSteps;
                break;
            }
        }
        if (solvedAt == null && collecting.full()) {
            completeRollout(normalizedObs(obs, false));
            scheduler.finish();
            if (afterUpdate != null && policyVersion != seenUpdates) {
                afterUpdate.run();
            }
        } else {
            scheduler.finish();
        }
        return solvedAt;
    }

    // ------------------------------------------------------------------------------------------------ step-driven

    /**
     * One action per sub-env for these observations (one per sub-env, elements of the observation space). When the
     * previous call's rollout is complete, this first hands it to the scheduler. Must alternate with {@link #report}.
     */
    public List<Object> act(List<?> observations) {
        return act(observations, Long.MAX_VALUE);
    }

    /**
     * {@link #act(List)} giving an update in progress at most {@code updateBudgetNanos} before acting (in TIME_SLICED;
     * {@link Long#MAX_VALUE}: the config's slice budget), less the time this call spent completing a rollout (GAE,
     * installing the previous update) when it did.
     */
    public List<Object> act(List<?> observations, long updateBudgetNanos) {
        if (awaitingReport) {
            throw new IllegalStateException("act(" + where + "): the previous actions were not reported; call report(...) first");
        }
        if (observations == null || observations.size() != nEnvs) {
            throw new IllegalArgumentException("act(" + where + "): expected " + nEnvs + " observations, got "
                    + (observations == null ? "null" : observations.size()));
        }
        double[] norm = normalizedObs(observations, true);
        long spent = 0;
        if (collecting.full()) {
            long t0 = System.nanoTime();
            completeRollout(norm);
            spent = System.nanoTime() - t0;
        }
        scheduler.beforeAct(updateBudgetNanos, spent, config.nSteps() - collecting.steps());
        if (collecting.steps() == 0) {
            rolloutVersion = policyVersion;
        }
        System.arraycopy(norm, 0, stepObs, 0, stepObs.length);
        if (exploration != null) {
            int t = collecting.steps();
            if (!explorationDrawn || t == 0 || (config.sdeSampleFreq() > 0 && t % config.sdeSampleFreq() == 0)) {
                for (int e = 0; e < nEnvs; e++) {
                    actor.drawExploration(actingParams, actRng, exploration, e);
                }
                explorationDrawn = true;
            }
        }
        actor.act(actingParams, stepObs, nEnvs, actRng, false, exploration, stepActions, stepLogp, stepValues);
        List<Object> actions = new ArrayList<>(nEnvs);
        for (int e = 0; e < nEnvs; e++) {
            actions.add(dist.toEnvAction(stepActions, e * actDim));
        }
        awaitingReport = true;
        return actions;
    }

    /**
     * Reports the outcome of the actions from the last {@link #act}.
     *
     * @param rewards reward of each sub-env
     * @param terminated whether sub-env e reached a terminal state
     * @param truncated whether sub-env e was cut (time limit)
     * @param finalObservations the last observation of each sub-env whose episode ended (needed where truncated and
     *        not terminated, for bootstrapping; may be null or hold nulls elsewhere)
     */
    public void report(double[] rewards, boolean[] terminated, boolean[] truncated, List<?> finalObservations) {
        if (!awaitingReport) {
            throw new IllegalStateException("report(" + where + "): no actions to report on; call act(...) first");
        }
        if (rewards == null || terminated == null || truncated == null || rewards.length != nEnvs
                || terminated.length != nEnvs || truncated.length != nEnvs) {
            throw new IllegalArgumentException("report(" + where + "): expected rewards, terminated and truncated of length "
                    + nEnvs);
        }
        for (int e = 0; e < nEnvs; e++) {
            if (truncated[e] && !terminated[e]) {
                Object fo = finalObservations == null ? null : finalObservations.get(e);
                if (fo == null) {
                    throw new IllegalArgumentException("report(" + where + "): sub-env " + e
                            + " was truncated but its final observation is missing; it is needed to bootstrap the value");
                }
                double[] o = obsSpace.require(fo, "report(" + where + ") final observation of sub-env " + e);
                System.arraycopy(o, 0, oneObs, 0, obsDim);
                if (obsRms != null) {
                    obsRms.normalize(oneObs, 1, config.clipObservation());
                }
                valueKernel.forward(actingParams, oneObs, 1, null, oneValue);
                truncValues[e] = oneValue[0];
            } else {
                truncValues[e] = 0;
            }
        }
        for (int e = 0; e < nEnvs; e++) {
            double r = rewards[e];
            epReturn[e] += r;
            epLength[e]++;
            if (config.normalizeReward()) {
                discountedReturn[e] = discountedReturn[e] * config.gamma() + r;
            }
        }
        if (config.normalizeReward()) {
            retRms.update(discountedReturn, nEnvs);
            double std = Math.sqrt(retRms.var()[0] + 1e-8);
            for (int e = 0; e < nEnvs; e++) {
                stepRewards[e] = Math.max(-config.clipReward(), Math.min(config.clipReward(), rewards[e] / std));
            }
        } else {
            System.arraycopy(rewards, 0, stepRewards, 0, nEnvs);
        }
        collecting.add(stepObs, stepActions, stepLogp, stepValues, stepRewards, terminated, truncated, truncValues,
                config.gamma());
        for (int e = 0; e < nEnvs; e++) {
            if (terminated[e] || truncated[e]) {
                episodes.add(epReturn[e], epLength[e]);
                epReturn[e] = 0;
                epLength[e] = 0;
                discountedReturn[e] = 0;
            }
        }
        totalSteps += nEnvs;
        awaitingReport = false;
        if (!Double.isNaN(watchedReturn) && reachedAtStep < 0 && episodes.finished() >= 10
                && episodes.meanReturn(10) >= watchedReturn) {
            reachedAtStep = totalSteps;
            reachedAtSeconds = (System.nanoTime() - startNanos) / 1e9;
        }
    }

    /**
     * Whether the next {@link #act} must complete an update whose work is not done (run its remaining slices at once,
     * or wait for its thread): the rollout being collected is full (or will be once the awaited report arrives)
     * while the previous one's update still runs.
     */
    public boolean updateBacklogged() {
        int steps = collecting.steps() + (awaitingReport ? 1 : 0);
        return steps >= config.nSteps() && scheduler.updateRunning();
    }

    /** Whether an update has started and its work is not done. */
    public boolean updateInProgress() {
        return scheduler.updateRunning();
    }

    /**
     * Gives an update in progress up to {@code budgetNanos} without acting (TIME_SLICED; a no-op in the other modes):
     * what a game loop calls instead of {@link #act} while {@link #updateBacklogged()}. The update does not touch the
     * rollout being collected, so this may come before or after the report of the last actions.
     */
    public void workOnUpdate(long budgetNanos) {
        scheduler.beforeAct(budgetNanos, 0, 0);
    }

    /** Tells the update mode what one update is expected to take, before any has run (a warm-up's measure). */
    public void expectUpdateWork(long nanos) {
        scheduler.expectUpdateWork(nanos);
    }

    /** Completes the update in progress, if any, and installs it. */
    public void finishUpdate() {
        scheduler.finish();
    }

    private double[] normalizedObs(List<?> observations, boolean updateStats) {
        double[] out = new double[nEnvs * obsDim];
        for (int e = 0; e < nEnvs; e++) {
            double[] o = obsSpace.require(observations.get(e), "act(" + where + ") observation of sub-env " + e);
            System.arraycopy(o, 0, out, e * obsDim, obsDim);
        }
        if (obsRms != null) {
            if (updateStats) {
                obsRms.update(out, nEnvs);
            }
            obsRms.normalize(out, nEnvs, config.clipObservation());
        }
        return out;
    }

    /** GAE on the full buffer with the values of the following observations, then the rollout to the scheduler. */
    private void completeRollout(double[] nextObsNorm) {
        double rolloutSeconds = (System.nanoTime() - rolloutStartNanos) / 1e9;
        double[] lastValues = new double[nEnvs];
        valueKernel.forward(actingParams, nextObsNorm, nEnvs, null, lastValues);
        collecting.computeReturnsAndAdvantage(lastValues, config.gamma(), config.gaeLambda());
        scheduler.finish();
        double progressRemaining = Math.max(0.0, 1.0 - (double) totalSteps / config.totalSteps());
        collecting = scheduler.start(collecting, nextObsNorm, progressRemaining, policyVersion - rolloutVersion,
                rolloutSeconds);
        rolloutStartNanos = System.nanoTime();
    }
}
