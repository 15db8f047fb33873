package io.github.jmegym.agent;

import com.google.gson.JsonObject;
import io.github.jmegym.agent.core.ActionDistribution;
import io.github.jmegym.agent.core.JavaForward;
import io.github.jmegym.agent.core.NetLayout;
import io.github.jmegym.agent.core.ActorCritic;
import io.github.jmegym.agent.core.Adam;
import io.github.jmegym.agent.core.BcLoss;
import io.github.jmegym.agent.core.RolloutBuffer;
import io.github.jmegym.agent.core.Rng;
import io.github.jmegym.agent.core.RunningMeanStd;
import io.github.jmegym.agent.core.Sde;
import io.github.jmegym.agent.nd4j.Nd4jActorCritic;
import io.github.jmegym.agent.run.Checkpoint;
import io.github.jmegym.agent.update.Learner;
import io.github.jmegym.agent.update.UpdateJob;
import io.github.jmegym.agent.update.UpdateRule;
import io.github.jmegym.agent.update.UpdateRules;
import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.Json;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.Space;
import io.github.jmegym.envs.vector.VectorEnv;
import io.github.jmegym.envs.vector.VectorReset;
import io.github.jmegym.envs.vector.VectorStep;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The on-policy trainer: collects rollouts and hands each to the update rule of {@link PpoConfig#algo()}
 * ({@link io.github.jmegym.agent.update.UpdateRule}: PPO-clip, PPO-KL, TRPO or NPG), scheduled as
 * {@link PpoConfig#updateMode()} says. With the default rule, PPO-clip (Schulman et al. 2017) as Stable-Baselines3 and
 * CleanRL implement it: an actor-critic MLP, a rollout
 * buffer over N sub-envs with GAE (truncated episodes bootstrapped with the value of their final observation),
 * {@code epochs} shuffled passes of minibatches, the clipped surrogate with optional value clipping, entropy bonus,
 * per-minibatch advantage normalization, global gradient-norm clipping, Adam with optional linear annealing, optional
 * observation/reward normalization, and KL control ({@link KlMode}).
 *
 * <p>Two ways to drive it:
 * <ul>
 *   <li>headless: {@link #learn(long)} over the {@link VectorEnv} given to the constructor;</li>
 *   <li>from a game loop that owns the envs ({@link #forSpaces}): each frame call {@link #act(List)} with one
 *       observation per sub-env and get one action per sub-env, step the world, then {@link #report} the rewards
 *       and episode ends. The caller restarts finished episodes itself and passes the restarted observation to the
 *       next {@code act}; the final observation of a truncated episode goes to {@code report} for bootstrapping.
 *       When a rollout is complete, {@code act} runs the update as {@link PpoConfig#updateMode()} says.</li>
 * </ul>
 *
 * <p>Speed: actions and values for the rollout come from a plain-Java forward kernel ({@link JavaForward}, batch =
 * number of sub-envs), the update from ND4J with hand-derived gradients ({@link Nd4jActorCritic}); the loss head, Adam
 * and gradient clipping run in plain Java over the one flat parameter vector. Not thread-safe: one thread drives a
 * trainer (in {@link UpdateMode#BACKGROUND} the trainer's own thread runs the update).
 */
public final class PpoTrainer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PpoTrainer.class);

    private final PpoConfig config;
    private final long seed;
    private final VectorEnv<Object, Object> env;
    private final Box obsSpace;
    private final Space<?> actSpace;
    private final String where;
    private final ActionDistribution dist;
    private final NetLayout layout;
    private final int nEnvs;
    private final int obsDim;
    private final int actDim;
    private final Nd4jActorCritic net;
    private final JavaForward actKernel;
    /** Acts for the rollouts (the collecting thread's; the learner has its own for the update's thread). */
    private final ActorCritic actor;
    /** gSDE, or null without {@link PpoConfig#useSde()}. */
    private final Sde sde;
    private final List<MetricsSink> sinks = new ArrayList<>();

    // learned state
    private final double[] params;
    private double[] behaviorParams;
    private final Adam adam;
    private final Rng actRng;
    private final Rng shuffleRng;
    private final Learner learner;
    private final UpdateRule rule;
    private final RunningMeanStd obsRms;
    private final RunningMeanStd retRms;
    private final double[] discountedReturn;
    private long totalSteps;
    private int updates;
    /** Updates installed when the rollout being collected began (its policy's version). */
    private int rolloutVersion;

    // rollout state
    private RolloutBuffer collecting;
    private RolloutBuffer spare;
    private boolean awaitingReport;
    private final double[] stepObs;
    private final double[] stepValues;
    private final double[] stepActions;
    private final double[] stepLogp;
    private final double[] stepRewards;
    private final double[] truncValues;
    private final double[] oneObs;
    private final double[] oneValue = new double[1];
    // gSDE rollout state (null without useSde): the sub-envs' exploration matrices
    private final double[] exploration;
    private boolean explorationDrawn;

    // episode statistics
    private final double[] epReturn;
    private final int[] epLength;
    private final ArrayDeque<double[]> episodes = new ArrayDeque<>();
    private long episodesDone;

    // update in progress (BACKGROUND / TIME_SLICED)
    private UpdateJob pending;
    private double pendingRolloutSeconds;
    private Future<?> pendingFuture;
    private ExecutorService executor;

    // the first time the last-10 mean return reached a watched threshold
    private double watchedReturn = Double.NaN;
    private long reachedAtStep = -1;
    private double reachedAtSeconds = Double.NaN;

    // timing
    private final long startNanos = System.nanoTime();
    private long stepsAtStart;
    private long rolloutStartNanos = System.nanoTime();
    private double lastRolloutSeconds;

    /**
     * A trainer over a vector env (for {@link #learn(long)}); the env must use {@link AutoresetMode#SAME_STEP} and have
     * {@code config.nEnvs()} sub-envs.
     *
     * @param env the vector env (not closed by the trainer)
     * @param config hyperparameters
     * @param seed seeds the network init, action sampling, minibatch shuffling and the env resets
     * @throws IllegalArgumentException for spaces the policy cannot handle or a mismatched env
     */
    @SuppressWarnings("unchecked")
    public PpoTrainer(VectorEnv<?, ?> env, PpoConfig config, long seed) {
        this((VectorEnv<Object, Object>) env, env.singleObservationSpace(), env.singleActionSpace(), config, seed,
                env.spec().id());
        if (env.numEnvs() != config.nEnvs()) {
            throw new IllegalArgumentException("PpoTrainer(" + where + "): the vector env has " + env.numEnvs()
                    + " sub-envs but config.nEnvs=" + config.nEnvs() + "; make the env with config.nEnvs() sub-envs");
        }
        if (env.autoresetMode() != AutoresetMode.SAME_STEP) {
            throw new IllegalArgumentException("PpoTrainer(" + where + "): the vector env uses autoreset mode "
                    + env.autoresetMode() + "; PPO needs SAME_STEP (final observations in the info), e.g. "
                    + "Envs.makeVec(id, n, VectorMode.SYNC, AutoresetMode.SAME_STEP, kwargs)");
        }
    }

    /**
     * A trainer for a game loop that owns its envs: {@code config.nEnvs()} agents acting in lock step through
     * {@link #act(List)} and {@link #report}.
     *
     * @param observationSpace the space of one agent's observations (a Box)
     * @param actionSpace the space of one agent's actions
     */
    public static PpoTrainer forSpaces(Space<?> observationSpace, Space<?> actionSpace, PpoConfig config, long seed) {
        return new PpoTrainer(null, observationSpace, actionSpace, config, seed, "game loop");
    }

    private PpoTrainer(VectorEnv<Object, Object> env, Space<?> observationSpace, Space<?> actionSpace,
                       PpoConfig config, long seed, String where) {
        if (config == null) {
            throw new IllegalArgumentException("PpoTrainer(" + where + "): config is null; use PpoConfig.defaults()");
        }
        this.where = where;
        if (!(observationSpace instanceof Box box)) {
            throw new IllegalArgumentException("PpoTrainer(" + where + "): observation space " + observationSpace
                    + " is not supported; the MLP policy needs a Box observation space");
        }
        if (box.size() == 0) {
            throw new IllegalArgumentException("PpoTrainer(" + where + "): observation space " + box + " is empty");
        }
        this.env = env;
        this.config = config;
        this.seed = seed;
        this.obsSpace = box;
        this.actSpace = actionSpace;
        this.dist = ActionDistribution.forSpace(actionSpace, "PpoTrainer(" + where + ")");
        this.nEnvs = config.nEnvs();
        this.obsDim = box.size();
        this.actDim = dist.actDim();
        if (config.useSde() && dist.nGauss() == 0) {
            throw new IllegalArgumentException("PpoTrainer(" + where + "): useSde=true needs Box (continuous) actions;"
                    + " action space " + actionSpace + " has none; set useSde to false");
        }
        int latentDim = config.policyHidden().isEmpty() ? obsDim : config.policyHidden().get(config.policyHidden().size() - 1);
        this.sde = config.useSde() ? new Sde(latentDim, dist.nGauss()) : null;
        this.layout = new NetLayout(obsDim, dist.outDim(), sde != null ? sde.matrixSize() : dist.nGauss(),
                config.policyHidden(), config.valueHidden(), config.sharedNetwork(), config.activation());
        Rng root = new Rng(seed);
        Rng initRng = root.split();
        this.actRng = root.split();
        this.shuffleRng = root.split();
        Rng metricsRng = root.split();
        this.params = layout.initParams(initRng, config.orthoInit(), config.logStdInit());
        this.behaviorParams = params.clone();
        this.adam = new Adam(params.length);
        this.net = new Nd4jActorCritic(layout, DataType.FLOAT);
        this.net.setParams(params);
        this.actKernel = new JavaForward(layout);
        this.actor = new ActorCritic(layout, dist, sde);
        this.learner = new Learner(config, layout, dist, sde, params, net, new ActorCritic(layout, dist, sde), adam,
                shuffleRng, metricsRng);
        this.rule = UpdateRules.create(learner, "PpoTrainer(" + where + ")");
        this.obsRms = config.normalizeObservation() ? new RunningMeanStd(obsDim) : null;
        this.retRms = new RunningMeanStd(1);
        this.discountedReturn = new double[nEnvs];
        this.collecting = new RolloutBuffer(config.nSteps(), nEnvs, obsDim, actDim);
        this.stepObs = new double[nEnvs * obsDim];
        this.stepValues = new double[nEnvs];
        this.stepActions = new double[nEnvs * actDim];
        this.stepLogp = new double[nEnvs];
        this.stepRewards = new double[nEnvs];
        this.truncValues = new double[nEnvs];
        this.oneObs = new double[obsDim];
        this.epReturn = new double[nEnvs];
        this.epLength = new int[nEnvs];
        this.exploration = sde == null ? null : new double[nEnvs * sde.matrixSize()];
        LOG.debug("PpoTrainer({}): {} parameters, layout {}", where, params.length, layout);
    }

    /** Adds a receiver of the per-update metrics. */
    public PpoTrainer addMetricsSink(MetricsSink sink) {
        sinks.add(sink);
        return this;
    }

    /** The configuration. */
    public PpoConfig config() {
        return config;
    }

    /** The seed. */
    public long seed() {
        return seed;
    }

    /** Env steps collected so far, over all sub-envs. */
    public long totalSteps() {
        return totalSteps;
    }

    /** Updates completed so far. */
    public int updates() {
        return updates;
    }

    /** Episodes finished so far. */
    public long episodes() {
        return episodesDone;
    }

    /** Mean raw return of the last {@code k} finished episodes (at most 100 are kept), NaN before the first. */
    public double meanReturn(int k) {
        return meanOfLast(k, 0);
    }

    private double meanOfLast(int k, int field) {
        if (episodes.isEmpty()) {
            return Double.NaN;
        }
        double s = 0;
        int n = 0;
        var it = episodes.descendingIterator();
        while (it.hasNext() && n < k) {
            s += it.next()[field];
            n++;
        }
        return s / n;
    }

    /**
     * Watches for the first time the mean return of the last 10 episodes reaches {@code threshold} (checked at every
     * episode end, without stopping); see {@link #reachedAtStep()}.
     */
    public PpoTrainer watchReturn(double threshold) {
        this.watchedReturn = threshold;
        this.reachedAtStep = -1;
        this.reachedAtSeconds = Double.NaN;
        return this;
    }

    /** Env steps at which the watched threshold was first reached, or -1. */
    public long reachedAtStep() {
        return reachedAtStep;
    }

    /** Seconds since the trainer was made when the watched threshold was first reached, or NaN. */
    public double reachedAtSeconds() {
        return reachedAtSeconds;
    }

    /** The parameters the current policy acts with, as an inference-only {@link Policy}. */
    public Policy policy() {
        return new Policy(layout, obsSpace, actSpace, behaviorParams, obsRms, config.clipObservation(), sde != null);
    }

    // ------------------------------------------------------------------------------------------------ headless

    /** What {@link #learn} did. */
    public record LearnResult(long totalSteps, int updates, double seconds, Long solvedAtStep, double meanReturn10,
                              long episodes) {
    }

    /** {@code learn(steps, null, null)}: trains for {@code steps} more env steps. */
    public LearnResult learn(long steps) {
        return learn(steps, null, null);
    }

    /**
     * Trains over the constructor's vector env for {@code steps} more env steps (rounded up to whole vector steps),
     * resetting it first with the trainer's seed (plus the update count, so resumed runs differ from the start).
     *
     * @param stopAtMeanReturn when not null, stop as soon as the mean return of the last 10 episodes reaches it
     * @param afterUpdate called between env steps after every completed update (e.g. to checkpoint), or null
     */
    public LearnResult learn(long steps, Double stopAtMeanReturn, Consumer<PpoTrainer> afterUpdate) {
        if (env == null) {
            throw new IllegalStateException("learn: this trainer was made for a game loop (forSpaces); drive it with act/report");
        }
        if (steps <= 0) {
            throw new IllegalArgumentException("learn(" + where + "): steps=" + steps + "; expected > 0");
        }
        long t0 = System.nanoTime();
        long target = totalSteps + steps;
        VectorReset<Object> r = env.reset(seed + 1_000_003L * updates, Map.of());
        List<Object> obs = r.observations();
        Long solvedAt = null;
        int seenUpdates = updates;
        rolloutStartNanos = System.nanoTime();
        while (totalSteps < target) {
            List<Object> actions = act(obs);
            VectorStep<Object> s = env.step(actions);
            List<Object> finals = new ArrayList<>(nEnvs);
            for (int e = 0; e < nEnvs; e++) {
                boolean done = s.terminated()[e] || s.truncated()[e];
                finals.add(done ? s.infos().get(e).get(VectorEnv.FINAL_OBS) : null);
            }
            long before = episodesDone;
            report(s.rewards(), s.terminated(), s.truncated(), finals);
            obs = s.observations();
            if (updates != seenUpdates && afterUpdate != null) {
                seenUpdates = updates;
                afterUpdate.accept(this);
            }
            if (stopAtMeanReturn != null && episodesDone > before && episodesDone >= 10
                    && meanReturn(10) >= stopAtMeanReturn) {
                solvedAt = totalSteps;
                break;
            }
        }
        if (solvedAt == null && collecting.full()) {
            completeRollout(normalizedObs(obs, false));
            finishPending();
            if (afterUpdate != null && updates != seenUpdates) {
                afterUpdate.accept(this);
            }
        } else {
            finishPending();
        }
        return new LearnResult(totalSteps, updates, (System.nanoTime() - t0) / 1e9, solvedAt, meanReturn(10), episodesDone);
    }

    // ------------------------------------------------------------------------------------------------ game loop

    /**
     * One action per sub-env for these observations (one per sub-env, elements of the observation space). When the
     * previous call's rollout is complete, this first runs (or starts) the update. Must alternate with
     * {@link #report}.
     */
    public List<Object> act(List<?> observations) {
        if (awaitingReport) {
            throw new IllegalStateException("act(" + where + "): the previous actions were not reported; call report(...) first");
        }
        if (observations == null || observations.size() != nEnvs) {
            throw new IllegalArgumentException("act(" + where + "): expected " + nEnvs + " observations, got "
                    + (observations == null ? "null" : observations.size()));
        }
        double[] norm = normalizedObs(observations, true);
        if (collecting.full()) {
            completeRollout(norm);
        }
        if (pending != null && config.updateMode() == UpdateMode.TIME_SLICED) {
            long deadline = System.nanoTime() + (long) (config.sliceBudgetMillis() * 1e6);
            while (!pending.done() && System.nanoTime() < deadline) {
                pending.step();
            }
        }
        if (collecting.steps() == 0) {
            rolloutVersion = updates;
        }
        System.arraycopy(norm, 0, stepObs, 0, stepObs.length);
        if (sde != null) {
            int t = collecting.steps();
            if (!explorationDrawn || t == 0 || (config.sdeSampleFreq() > 0 && t % config.sdeSampleFreq() == 0)) {
                for (int e = 0; e < nEnvs; e++) {
                    actor.drawExploration(behaviorParams, actRng, exploration, e);
                }
                explorationDrawn = true;
            }
        }
        actor.act(behaviorParams, stepObs, nEnvs, actRng, false, exploration, stepActions, stepLogp, stepValues);
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
                actKernel.forward(behaviorParams, oneObs, 1, null, oneValue);
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
                episodes.addLast(new double[] {epReturn[e], epLength[e]});
                if (episodes.size() > 100) {
                    episodes.removeFirst();
                }
                episodesDone++;
                epReturn[e] = 0;
                epLength[e] = 0;
                discountedReturn[e] = 0;
            }
        }
        totalSteps += nEnvs;
        awaitingReport = false;
        if (!Double.isNaN(watchedReturn) && reachedAtStep < 0 && episodesDone >= 10 && meanReturn(10) >= watchedReturn) {
            reachedAtStep = totalSteps;
            reachedAtSeconds = (System.nanoTime() - startNanos) / 1e9;
        }
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

    /** GAE on the full buffer with the values of the following observations, then the update per update mode. */
    private void completeRollout(double[] nextObsNorm) {
        lastRolloutSeconds = (System.nanoTime() - rolloutStartNanos) / 1e9;
        double[] lastValues = new double[nEnvs];
        actKernel.forward(behaviorParams, nextObsNorm, nEnvs, null, lastValues);
        collecting.computeReturnsAndAdvantage(lastValues, config.gamma(), config.gaeLambda());
        finishPending();
        RolloutBuffer full = collecting;
        if (spare == null && config.updateMode() != UpdateMode.SYNC) {
            spare = new RolloutBuffer(config.nSteps(), nEnvs, obsDim, actDim);
        }
        double progressRemaining = Math.max(0.0, 1.0 - (double) totalSteps / config.totalSteps());
        UpdateJob job = new UpdateJob(rule, learner, full, nextObsNorm, progressRemaining, updates - rolloutVersion);
        double rolloutSeconds = lastRolloutSeconds;
        if (config.updateMode() == UpdateMode.SYNC) {
            job.runAll();
            install(job, rolloutSeconds);
            full.clear();
        } else {
            collecting = spare;
            spare = full;
            collecting.clear();
            pending = job;
            pendingRolloutSeconds = rolloutSeconds;
            if (config.updateMode() == UpdateMode.BACKGROUND) {
                if (executor == null) {
                    executor = Executors.newSingleThreadExecutor(r -> {
                        Thread t = new Thread(r, "ppo-update");
                        t.setDaemon(true);
                        return t;
                    });
                }
                pendingFuture = executor.submit(job::runAll);
            }
        }
        rolloutStartNanos = System.nanoTime();
    }

    /** Completes an update in progress (waiting for the background thread, or running the rest of the slices). */
    private void finishPending() {
        if (pending == null) {
            return;
        }
        if (pendingFuture != null) {
            try {
                pendingFuture.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the PPO update", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("PPO update failed: " + e.getCause(), e.getCause());
            }
            pendingFuture = null;
        } else {
            pending.runAll();
        }
        install(pending, pendingRolloutSeconds);
        pending = null;
    }

    private void install(UpdateJob job, double rolloutSeconds) {
        behaviorParams = params.clone();
        updates++;
        Map<String, Double> m = new LinkedHashMap<>(job.metrics());
        m.put(Metrics.EP_REW_MEAN, meanOfLast(100, 0));
        m.put(Metrics.EP_LEN_MEAN, meanOfLast(100, 1));
        m.put(Metrics.FPS, (totalSteps - stepsAtStart) / ((System.nanoTime() - startNanos) / 1e9));
        m.put(Metrics.EP_REW_MEAN_10, meanOfLast(10, 0));
        m.put(Metrics.EPISODES, (double) episodesDone);
        m.put(Metrics.ROLLOUT_SECONDS, rolloutSeconds);
        for (MetricsSink s : sinks) {
            s.record(totalSteps, m);
        }
    }

    // ------------------------------------------------------------------------------------------------ checkpoints

    /**
     * Writes a checkpoint of the whole training state to {@code runDir/checkpoints/step-<N>} (atomically): policy,
     * Adam state, RNG states, normalization statistics, counters, config and a manifest. Completes an update in
     * progress first. The rollout being collected is not saved (a resumed run starts a fresh rollout).
     *
     * @param info extra manifest entries (e.g. the env id)
     */
    public Path checkpoint(Path runDir, Map<String, Object> info) {
        if (awaitingReport) {
            throw new IllegalStateException("checkpoint: actions are awaiting report(...); checkpoint between steps");
        }
        finishPending();
        JsonObject t = new JsonObject();
        t.addProperty("format", "jmegym-ppo-trainer");
        t.addProperty("format_version", 1);
        t.addProperty("seed", seed);
        t.addProperty("total_steps", totalSteps);
        t.addProperty("updates", updates);
        t.addProperty("episodes", episodesDone);
        t.addProperty("adam_t", adam.steps());
        t.add("adam_m", Json.array(adam.firstMoments()));
        t.add("adam_v", Json.array(adam.secondMoments()));
        t.addProperty("act_rng", actRng.state());
        t.addProperty("shuffle_rng", shuffleRng.state());
        rule.state().forEach(t::addProperty);
        t.add("ret_rms", rms(retRms));
        t.add("discounted_return", Json.array(discountedReturn));
        t.add("episode_returns", Json.array(episodes.stream().mapToDouble(e -> e[0]).toArray()));
        t.add("episode_lengths", Json.array(episodes.stream().mapToDouble(e -> e[1]).toArray()));
        Map<String, String> files = new LinkedHashMap<>();
        files.put(Checkpoint.CONFIG, config.toJsonString());
        files.put(Checkpoint.POLICY, Json.GSON.toJson(new Policy(layout, obsSpace, actSpace, params, obsRms,
                config.clipObservation(), sde != null).toJson()));
        files.put(Checkpoint.TRAINER, Json.GSON.toJson(t));
        Map<String, Object> manifest = new LinkedHashMap<>(info);
        manifest.put("seed", seed);
        manifest.put("updates", updates);
        double meanReturn = meanReturn(100);
        if (Double.isFinite(meanReturn)) {
            manifest.put(Checkpoint.MEAN_RETURN, meanReturn);
        }
        return Checkpoint.write(runDir, totalSteps, files, manifest);
    }

    private static JsonObject rms(RunningMeanStd r) {
        JsonObject o = new JsonObject();
        o.add("mean", Json.array(r.mean()));
        o.add("var", Json.array(r.var()));
        o.addProperty("count", r.count());
        return o;
    }

    private static RunningMeanStd rms(JsonObject o) {
        return new RunningMeanStd(Json.doubles(o.getAsJsonArray("mean")), Json.doubles(o.getAsJsonArray("var")),
                o.get("count").getAsDouble());
    }

    /**
     * Restores a trainer from a checkpoint (a checkpoint folder or a run folder's latest), over a vector env with the
     * same spaces. The config is the checkpoint's unless {@code config} is given (e.g. a longer totalSteps).
     */
    public static PpoTrainer resume(Path path, VectorEnv<?, ?> env, PpoConfig config) {
        Path ckpt = Checkpoint.resolve(path);
        Map<String, String> files = Checkpoint.readVerified(ckpt, Checkpoint.CONFIG, Checkpoint.POLICY, Checkpoint.TRAINER);
        PpoConfig cfg = config != null ? config
                : PpoConfig.fromJson(files.get(Checkpoint.CONFIG), ckpt.resolve(Checkpoint.CONFIG).toString());
        Path trainerFile = ckpt.resolve(Checkpoint.TRAINER);
        JsonObject t = Checkpoint.parse(trainerFile, files.get(Checkpoint.TRAINER));
        Path policyFile = ckpt.resolve(Checkpoint.POLICY);
        Policy p = Policy.fromJson(Checkpoint.parse(policyFile, files.get(Checkpoint.POLICY)), policyFile.toString());
        if (!p.observationSpace().equals(env.singleObservationSpace()) || !p.actionSpace().equals(env.singleActionSpace())) {
            throw new IllegalArgumentException("resume " + ckpt + ": checkpoint spaces " + p.observationSpace() + " / "
                    + p.actionSpace() + " differ from the env's " + env.singleObservationSpace() + " / " + env.singleActionSpace());
        }
        if (p.usesSde() != cfg.useSde()) {
            throw new IllegalArgumentException("resume " + ckpt + ": the checkpoint was trained with useSde="
                    + p.usesSde() + ", the config has useSde=" + cfg.useSde() + "; keep useSde");
        }
        try {
            PpoTrainer tr = new PpoTrainer(env, cfg, t.get("seed").getAsLong());
            if (tr.params.length != p.params().length) {
                throw new IllegalArgumentException("resume " + ckpt + ": the config's network has " + tr.params.length
                        + " parameters, the checkpoint " + p.params().length + "; keep the network settings");
            }
            System.arraycopy(p.params(), 0, tr.params, 0, tr.params.length);
            tr.behaviorParams = tr.params.clone();
            tr.net.setParams(tr.params);
            tr.totalSteps = t.get("total_steps").getAsLong();
            tr.stepsAtStart = tr.totalSteps;
            tr.updates = t.get("updates").getAsInt();
            tr.episodesDone = t.get("episodes").getAsLong();
            tr.adam.setSteps(t.get("adam_t").getAsLong());
            copyInto(Json.doubles(t.getAsJsonArray("adam_m")), tr.adam.firstMoments(), trainerFile, "adam_m");
            copyInto(Json.doubles(t.getAsJsonArray("adam_v")), tr.adam.secondMoments(), trainerFile, "adam_v");
            tr.actRng.setState(t.get("act_rng").getAsLong());
            tr.shuffleRng.setState(t.get("shuffle_rng").getAsLong());
            for (String key : tr.rule.state().keySet()) {
                if (t.has(key)) {
                    tr.rule.restore(key, t.get(key).getAsDouble());
                }
            }
            RunningMeanStd ret = rms(t.getAsJsonObject("ret_rms"));
            copyRms(ret, tr.retRms);
            RunningMeanStd obs = p.observationStats();
            if (tr.obsRms != null && obs != null) {
                copyRms(obs, tr.obsRms);
            }
            double[] rets = Json.doubles(t.getAsJsonArray("episode_returns"));
            double[] lens = Json.doubles(t.getAsJsonArray("episode_lengths"));
            for (int i = 0; i < rets.length; i++) {
                tr.episodes.addLast(new double[] {rets[i], lens[i]});
            }
            return tr;
        } catch (NullPointerException | ClassCastException | IllegalStateException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("checkpoint file " + trainerFile + " is malformed: " + e, e);
        }
    }

    private static void copyInto(double[] src, double[] dst, Path file, String what) {
        if (src.length != dst.length) {
            throw new IllegalArgumentException("checkpoint file " + file + ": " + what + " has " + src.length
                    + " values; expected " + dst.length);
        }
        System.arraycopy(src, 0, dst, 0, dst.length);
    }

    private static void copyRms(RunningMeanStd src, RunningMeanStd dst) {
        dst.restore(src);
    }

    /**
     * What {@link #cloneFrom} returns: the sizes and the last epoch's means of the loss terms.
     *
     * @param epochs passes over the demonstrations
     * @param samples demonstrated decisions
     * @param minibatchSteps Adam steps taken
     * @param nll mean {@code -log pi(a|s)} of the demonstrated actions
     * @param valueLoss mean {@code (R - V)^2} (0 when the critic is not fitted)
     * @param entropy mean entropy of the policy on the demonstrated observations
     */
    public record CloneResult(int epochs, int samples, int minibatchSteps, double nll, double valueLoss,
                              double entropy) {
    }

    /**
     * Behaviour cloning: {@code epochs} passes of shuffled minibatches ({@code batchSize}, the config's learning rate
     * and gradient clipping, Adam) minimising {@code mean(-log pi(a|s))} over the demonstrations, plus
     * {@code vfCoef * mean((R - V)^2)} on their discounted returns when rewards are not normalized (the critic then
     * predicts raw returns; with {@code normalizeReward} the return scale is unknown before the first rollout and the
     * critic is left alone). Observation statistics (with {@code normalizeObservation}) are first fitted to the demos.
     * Afterwards the acting policy is the cloned one and Adam starts afresh for the RL that may follow.
     *
     * @param demos the demonstrations, in this trainer's spaces
     * @param epochs passes over the demonstrations (>= 1)
     * @throws IllegalArgumentException for demonstrations in other spaces, or gSDE (not supported)
     */
    public CloneResult cloneFrom(Demonstrations demos, int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("cloneFrom(" + where + "): epochs=" + epochs + "; expected >= 1");
        }
        if (!demos.observationSpace().equals(obsSpace) || !demos.actionSpace().equals(actSpace)) {
            throw new IllegalArgumentException("cloneFrom(" + where + "): demonstrations in " + demos.observationSpace()
                    + " / " + demos.actionSpace() + ", the trainer's spaces are " + obsSpace + " / " + actSpace);
        }
        if (sde != null) {
            throw new IllegalArgumentException("cloneFrom(" + where + "): behaviour cloning with useSde=true is not "
                    + "supported; set useSde to false");
        }
        if (awaitingReport || collecting.steps() > 0 || pending != null) {
            throw new IllegalStateException("cloneFrom(" + where + "): clone before the first act(...)");
        }
        int n = demos.size();
        double[] obs = demos.observations().clone();
        if (obsRms != null) {
            obsRms.update(obs, n);
            obsRms.normalize(obs, n, config.clipObservation());
        }
        double vfCoef = config.normalizeReward() ? 0.0 : 1.0;
        int batch = Math.min(config.batchSize(), n);
        int od = layout.outDim();
        double[] mbObs = new double[batch * obsDim];
        double[] mbAct = new double[batch * actDim];
        double[] mbRet = new double[batch];
        double[] out = new double[batch * od];
        double[] values = new double[batch];
        double[] dOut = new double[batch * od];
        double[] dValues = new double[batch];
        double[] dLogStd = new double[Math.max(1, layout.nLogStd())];
        BcLoss loss = new BcLoss(dist);
        int[] perm = new int[n];
        int steps = 0;
        double nll = 0;
        double vl = 0;
        double ent = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            shuffleRng.permutation(perm);
            nll = 0;
            vl = 0;
            ent = 0;
            int mbs = n / batch;
            for (int mb = 0; mb < mbs; mb++) {
                for (int j = 0; j < batch; j++) {
                    int i = perm[mb * batch + j];
                    System.arraycopy(obs, i * obsDim, mbObs, j * obsDim, obsDim);
                    System.arraycopy(demos.actions(), i * actDim, mbAct, j * actDim, actDim);
                    mbRet[j] = demos.returns()[i];
                }
                net.forward(mbObs, batch, out, values);
                BcLoss.Result r = loss.compute(batch, out, values, params, layout.logStdOffset(), mbAct, mbRet, vfCoef,
                        dOut, dValues, dLogStd);
                double[] g = net.backward(dOut, dValues);
                for (int i = 0; i < layout.nLogStd(); i++) {
                    g[layout.logStdOffset() + i] = dLogStd[i];
                }
                double norm = adam.step(params, g, config.learningRate(), config.maxGradNorm(), config.adamEpsilon());
                if (!Double.isFinite(r.loss()) || !Double.isFinite(norm)) {
                    throw new IllegalStateException("cloneFrom(" + where + "): non-finite loss " + r.loss()
                            + " or gradient norm " + norm + " at epoch " + epoch + "; lower the learning rate");
                }
                net.setParams(params);
                steps++;
                nll += r.nll() / mbs;
                vl += r.valueLoss() / mbs;
                ent += r.entropy() / mbs;
            }
        }
        behaviorParams = params.clone();
        java.util.Arrays.fill(adam.firstMoments(), 0.0);
        java.util.Arrays.fill(adam.secondMoments(), 0.0);
        adam.setSteps(0);
        LOG.debug("cloneFrom({}): {} samples, {} epochs, nll {}, value loss {}", where, n, epochs, nll, vl);
        return new CloneResult(epochs, n, steps, nll, vl, ent);
    }

    /** Waits for an update in progress and stops the background thread. */
    @Override
    public void close() {
        try {
            if (pendingFuture != null) {
                finishPending();
            }
        } finally {
            if (executor != null) {
                executor.shutdownNow();
                executor = null;
            }
        }
    }
}
