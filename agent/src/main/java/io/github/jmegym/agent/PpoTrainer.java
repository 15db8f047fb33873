package io.github.jmegym.agent;

import io.github.jmegym.agent.core.ActionDistribution;
import io.github.jmegym.agent.core.ActorCritic;
import io.github.jmegym.agent.core.Adam;
import io.github.jmegym.agent.core.BcLoss;
import io.github.jmegym.agent.core.NetLayout;
import io.github.jmegym.agent.core.RolloutBuffer;
import io.github.jmegym.agent.core.Rng;
import io.github.jmegym.agent.core.Sde;
import io.github.jmegym.agent.nd4j.Nd4jActorCritic;
import io.github.jmegym.agent.rollout.RolloutCollector;
import io.github.jmegym.agent.run.TrainerCheckpoint;
import io.github.jmegym.agent.update.Learner;
import io.github.jmegym.agent.update.UpdateJob;
import io.github.jmegym.agent.update.UpdateRule;
import io.github.jmegym.agent.update.UpdateRules;
import io.github.jmegym.agent.update.UpdateScheduler;
import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.Space;
import io.github.jmegym.envs.vector.VectorEnv;
import io.github.jmegym.envs.wrappers.RunningMeanStd;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * <p>The trainer wires the parts and keeps the public API: the {@link RolloutCollector} (acting, normalization,
 * episode statistics, {@code learn}'s loop), the {@link UpdateScheduler} of the update mode, the update rule over a
 * {@link Learner} (parameters, ND4J network, Adam), and the checkpoint.
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
 * <p>Speed: actions and values for the rollout come from a plain-Java forward kernel
 * ({@link io.github.jmegym.agent.core.JavaForward}, batch = number of sub-envs), the update from ND4J with
 * hand-derived gradients ({@link Nd4jActorCritic}); the loss head, Adam and gradient clipping run in plain Java over
 * the one flat parameter vector. Not thread-safe: one thread drives a trainer (in {@link UpdateMode#BACKGROUND} the
 * trainer's own thread runs the update).
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
    private final int obsDim;
    private final int actDim;
    private final Nd4jActorCritic net;
    /** gSDE, or null without {@link PpoConfig#useSde()}. */
    private final Sde sde;
    private final List<MetricsSink> sinks = new ArrayList<>();

    // learned state
    private final double[] params;
    private final Adam adam;
    private final Rng actRng;
    private final Rng shuffleRng;
    private final UpdateRule rule;
    private final RunningMeanStd obsRms;
    private final RolloutCollector collector;
    private final UpdateScheduler scheduler;

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
        this.adam = new Adam(params.length);
        this.net = new Nd4jActorCritic(layout, DataType.FLOAT);
        this.net.setParams(params);
        Learner learner = new Learner(config, layout, dist, sde, params, net, new ActorCritic(layout, dist, sde), adam,
                shuffleRng, metricsRng);
        this.rule = UpdateRules.create(learner, "PpoTrainer(" + where + ")");
        this.scheduler = UpdateScheduler.forMode(rule, learner, this::install);
        this.obsRms = config.normalizeObservation() ? new RunningMeanStd(obsDim) : null;
        this.collector = new RolloutCollector(config, where, box, new ActorCritic(layout, dist, sde), params.clone(),
                actRng, obsRms, scheduler);
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
        return collector.totalSteps();
    }

    /** Updates completed so far. */
    public int updates() {
        return collector.policyVersion();
    }

    /** Episodes finished so far. */
    public long episodes() {
        return collector.episodes().finished();
    }

    /** Mean raw return of the last {@code k} finished episodes (at most 100 are kept), NaN before the first. */
    public double meanReturn(int k) {
        return collector.episodes().meanReturn(k);
    }

    /**
     * Watches for the first time the mean return of the last 10 episodes reaches {@code threshold} (checked at every
     * episode end, without stopping); see {@link #reachedAtStep()}.
     */
    public PpoTrainer watchReturn(double threshold) {
        collector.watchReturn(threshold);
        return this;
    }

    /** Env steps at which the watched threshold was first reached, or -1. */
    public long reachedAtStep() {
        return collector.reachedAtStep();
    }

    /** Seconds since the trainer was made when the watched threshold was first reached, or NaN. */
    public double reachedAtSeconds() {
        return collector.reachedAtSeconds();
    }

    /** The parameters the current policy acts with, as an inference-only {@link Policy}. */
    public Policy policy() {
        return new Policy(layout, obsSpace, actSpace, collector.actingParams(), obsRms, config.clipObservation(),
                sde != null);
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
        Long solvedAt = collector.learn(env, seed, steps, stopAtMeanReturn,
                afterUpdate == null ? null : () -> afterUpdate.accept(this));
        return new LearnResult(totalSteps(), updates(), (System.nanoTime() - t0) / 1e9, solvedAt, meanReturn(10),
                episodes());
    }

    // ------------------------------------------------------------------------------------------------ game loop

    /**
     * One action per sub-env for these observations (one per sub-env, elements of the observation space). When the
     * previous call's rollout is complete, this first runs (or starts) the update. Must alternate with
     * {@link #report}.
     */
    public List<Object> act(List<?> observations) {
        return collector.act(observations);
    }

    /**
     * {@link #act(List)} giving an update in progress at most {@code updateBudgetNanos} of work first (TIME_SLICED: a
     * game loop passes what is left of its frame's budget; other modes ignore it).
     */
    public List<Object> act(List<?> observations, long updateBudgetNanos) {
        return collector.act(observations, updateBudgetNanos);
    }

    /**
     * Whether the next {@link #act} would have to complete an update whose work is not done (TIME_SLICED: run all
     * its remaining slices in that call; BACKGROUND: wait for its thread): the rollout is full and its predecessor's
     * update still runs. A game loop that must keep its frames short holds its decisions back meanwhile and calls
     * {@link #workOnUpdate} instead; SYNC is never backlogged (it updates inside {@code act}).
     */
    public boolean updateBacklogged() {
        return collector.updateBacklogged();
    }

    /** Whether an update has started and its work is not done (in BACKGROUND: its thread is still running it). */
    public boolean updateInProgress() {
        return collector.updateInProgress();
    }

    /**
     * Gives an update in progress up to {@code budgetNanos} of work without choosing actions (TIME_SLICED; a no-op
     * in the other modes); between an {@link #act} and the next (before or after the {@link #report}).
     */
    public void workOnUpdate(long budgetNanos) {
        collector.workOnUpdate(budgetNanos);
    }

    /**
     * Runs the update's code a few times on a scratch copy of the learner and a synthetic rollout, so that the first
     * real update does not pay ND4J's one-time initialization and the JIT's first compilations inside a frame: a game
     * calls it before its first frame. The scratch update runs the very units a real one does (preparing the rollout,
     * every minibatch or policy/critic step, measuring the move) over copies of the parameters and the optimizer, with
     * its own random streams and a fresh rule, then is discarded; the ND4J network it borrows gets the trainer's
     * parameters back. Changes no learned state (parameters, optimizer, random streams, statistics, counters). The
     * last scratch update's time is what TIME_SLICED paces the first real one by.
     *
     * @return the wall time it took, seconds
     */
    public double warmUp() {
        long t0 = System.nanoTime();
        int rounds = 2;
        int nEnvs = config.nEnvs();
        int nSteps = config.nSteps();
        ActorCritic model = new ActorCritic(layout, dist, sde);
        Rng scratchRng = new Rng(seed ^ 0x5DEECE66DL);
        long lastUpdate = 0;
        for (int round = 0; round < rounds; round++) {
            Learner scratch = new Learner(config, layout, dist, sde, params.clone(), net, new ActorCritic(layout, dist, sde),
                    new Adam(params.length), scratchRng.split(), scratchRng.split());
            UpdateRule scratchRule = UpdateRules.create(scratch, "PpoTrainer(" + where + ") warm-up");
            RolloutBuffer buf = syntheticRollout(model, scratch.params(), scratchRng, nSteps, nEnvs);
            double[] nextObs = new double[nEnvs * obsDim];
            UpdateJob job = new UpdateJob(scratchRule, scratch, buf, nextObs, 1.0, 0);
            job.runAll();
            lastUpdate = (long) (job.metrics().get(Metrics.UPDATE_SECONDS) * 1e9);
        }
        collector.expectUpdateWork(lastUpdate);
        net.setParams(params);
        double s = (System.nanoTime() - t0) / 1e9;
        LOG.debug("PpoTrainer({}): warm-up {} s", where, s);
        return s;
    }

    /** A full rollout of Gaussian observations and the actions {@code p} samples on them, with GAE computed. */
    private RolloutBuffer syntheticRollout(ActorCritic model, double[] p, Rng rng, int nSteps, int nEnvs) {
        RolloutBuffer buf = new RolloutBuffer(nSteps, nEnvs, obsDim, actDim);
        double[] obs = new double[nEnvs * obsDim];
        double[] actions = new double[nEnvs * actDim];
        double[] logp = new double[nEnvs];
        double[] values = new double[nEnvs];
        double[] rewards = new double[nEnvs];
        boolean[] terminated = new boolean[nEnvs];
        boolean[] truncated = new boolean[nEnvs];
        double[] exploration = sde == null ? null : new double[nEnvs * sde.matrixSize()];
        if (exploration != null) {
            for (int e = 0; e < nEnvs; e++) {
                model.drawExploration(p, rng, exploration, e);
            }
        }
        for (int t = 0; t < nSteps; t++) {
            for (int i = 0; i < obs.length; i++) {
                obs[i] = rng.nextGaussian();
            }
            model.act(p, obs, nEnvs, rng, false, exploration, actions, logp, values);
            for (int e = 0; e < nEnvs; e++) {
                rewards[e] = rng.nextGaussian();
                terminated[e] = rng.nextInt(50) == 0;
            }
            buf.add(obs, actions, logp, values, rewards, terminated, truncated, values, config.gamma());
        }
        buf.computeReturnsAndAdvantage(new double[nEnvs], config.gamma(), config.gaeLambda());
        return buf;
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
        collector.report(rewards, terminated, truncated, finalObservations);
    }

    /** Installs a finished update: the collector acts with its parameters, and the sinks get its metrics. */
    private void install(UpdateJob job, double rolloutSeconds) {
        collector.installUpdate(params.clone());
        Map<String, Double> m = new LinkedHashMap<>(job.metrics());
        m.putAll(collector.metrics(rolloutSeconds));
        for (MetricsSink s : sinks) {
            s.record(collector.totalSteps(), m);
        }
    }

    // ------------------------------------------------------------------------------------------------ checkpoints

    /**
     * Writes a checkpoint of the whole training state to {@code runDir/checkpoints/step-<N>} (atomically): policy,
     * Adam state, RNG states, normalization statistics, counters, config and a manifest ({@link TrainerCheckpoint}).
     * Completes an update in progress first. The rollout being collected is not saved (a resumed run starts a fresh
     * rollout).
     *
     * @param info extra manifest entries (e.g. the env id)
     */
    public Path checkpoint(Path runDir, Map<String, Object> info) {
        return checkpointSnapshot(runDir, info).write();
    }

    /**
     * What {@link #checkpoint} writes, captured now (copies of the parameters, optimizer, statistics and counters) and
     * written later, on any thread, by {@link TrainerCheckpoint.Snapshot#write()}: a game captures it between two
     * decisions and leaves the serialising and the disk to a writer thread. Completes an update in progress first.
     *
     * @param info extra manifest entries (e.g. the env id)
     */
    public TrainerCheckpoint.Snapshot checkpointSnapshot(Path runDir, Map<String, Object> info) {
        if (collector.awaitingReport()) {
            throw new IllegalStateException("checkpoint: actions are awaiting report(...); checkpoint between steps");
        }
        collector.finishUpdate();
        TrainerCheckpoint.State state = new TrainerCheckpoint.State(seed, totalSteps(), updates(), episodes(),
                adam.snapshot(), actRng.state(), shuffleRng.state(), new LinkedHashMap<>(rule.state()),
                collector.returnStats().copy(), collector.discountedReturns(), collector.episodes().returns(),
                collector.episodes().lengths());
        Policy trained = new Policy(layout, obsSpace, actSpace, params, obsRms, config.clipObservation(), sde != null);
        return new TrainerCheckpoint.Snapshot(runDir, config, trained, state, meanReturn(100), info);
    }

    /**
     * Restores a trainer from a checkpoint (a checkpoint folder or a run folder's latest), over a vector env with the
     * same spaces. The config is the checkpoint's unless {@code config} is given (e.g. a longer totalSteps).
     */
    public static PpoTrainer resume(Path path, VectorEnv<?, ?> env, PpoConfig config) {
        TrainerCheckpoint.Loaded ckpt = TrainerCheckpoint.read(path, config);
        Policy p = ckpt.policy();
        PpoConfig cfg = ckpt.config();
        if (!p.observationSpace().equals(env.singleObservationSpace()) || !p.actionSpace().equals(env.singleActionSpace())) {
            throw new IllegalArgumentException("resume " + ckpt.folder() + ": checkpoint spaces " + p.observationSpace()
                    + " / " + p.actionSpace() + " differ from the env's " + env.singleObservationSpace() + " / "
                    + env.singleActionSpace());
        }
        if (p.usesSde() != cfg.useSde()) {
            throw new IllegalArgumentException("resume " + ckpt.folder() + ": the checkpoint was trained with useSde="
                    + p.usesSde() + ", the config has useSde=" + cfg.useSde() + "; keep useSde");
        }
        TrainerCheckpoint.State s = ckpt.state();
        PpoTrainer tr = new PpoTrainer(env, cfg, s.seed());
        if (tr.params.length != p.params().length) {
            throw new IllegalArgumentException("resume " + ckpt.folder() + ": the config's network has "
                    + tr.params.length + " parameters, the checkpoint " + p.params().length
                    + "; keep the network settings");
        }
        System.arraycopy(p.params(), 0, tr.params, 0, tr.params.length);
        tr.collector.actWith(tr.params.clone());
        tr.net.setParams(tr.params);
        tr.collector.restoreCounters(s.totalSteps(), s.updates());
        tr.adam.restore(s.adam());
        tr.actRng.setState(s.actRng());
        tr.shuffleRng.setState(s.shuffleRng());
        for (String key : tr.rule.state().keySet()) {
            Double v = s.ruleState().get(key);
            if (v != null) {
                tr.rule.restore(key, v);
            }
        }
        tr.collector.returnStats().restore(s.returnStats());
        RunningMeanStd obs = p.observationStats();
        if (tr.obsRms != null && obs != null) {
            tr.obsRms.restore(obs);
        }
        tr.collector.episodes().restore(s.episodeReturns(), s.episodeLengths(), s.episodes());
        return tr;
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
     * and gradient clipping, Adam) minimising {@code mean(-log pi(a|s))} over the demonstrations (with gSDE, under its
     * state-dependent Gaussian, the latent features held constant as in the PPO update), plus
     * {@code vfCoef * mean((R - V)^2)} on their discounted returns when rewards are not normalized (the critic then
     * predicts raw returns; with {@code normalizeReward} the return scale is unknown before the first rollout and the
     * critic is left alone). Observation statistics (with {@code normalizeObservation}) are first fitted to the demos.
     * Afterwards the acting policy is the cloned one and Adam starts afresh for the RL that may follow.
     *
     * @param demos the demonstrations, in this trainer's spaces
     * @param epochs passes over the demonstrations (>= 1)
     * @throws IllegalArgumentException for demonstrations in other spaces
     */
    public CloneResult cloneFrom(Demonstrations demos, int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("cloneFrom(" + where + "): epochs=" + epochs + "; expected >= 1");
        }
        if (!demos.observationSpace().equals(obsSpace) || !demos.actionSpace().equals(actSpace)) {
            throw new IllegalArgumentException("cloneFrom(" + where + "): demonstrations in " + demos.observationSpace()
                    + " / " + demos.actionSpace() + ", the trainer's spaces are " + obsSpace + " / " + actSpace);
        }
        if (collector.started()) {
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
        // gSDE: the state-dependent log-stds of the minibatch from the actor's latent features (as in the PPO update)
        double[] dLogStd = new double[Math.max(1, sde == null ? layout.nLogStd() : batch * sde.nGauss())];
        double[] mbPhi = sde == null ? null : new double[batch * sde.latentDim()];
        double[] mbLogStd = sde == null ? null : new double[batch * sde.nGauss()];
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
                BcLoss.Result r;
                if (sde == null) {
                    r = loss.compute(batch, out, values, params, layout.logStdOffset(), mbAct, mbRet, vfCoef, dOut,
                            dValues, dLogStd);
                } else {
                    net.latent(mbPhi);
                    sde.logStd(params, layout.logStdOffset(), mbPhi, batch, mbLogStd);
                    r = loss.compute(batch, out, values, mbLogStd, 0, sde.nGauss(), mbAct, mbRet, vfCoef, dOut,
                            dValues, dLogStd);
                }
                double[] g = net.backward(dOut, dValues);
                if (sde == null) {
                    for (int i = 0; i < layout.nLogStd(); i++) {
                        g[layout.logStdOffset() + i] = dLogStd[i];
                    }
                } else {
                    sde.backward(params, layout.logStdOffset(), mbPhi, batch, mbLogStd, dLogStd, g,
                            layout.logStdOffset());
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
        collector.actWith(params.clone());
        java.util.Arrays.fill(adam.firstMoments(), 0.0);
        java.util.Arrays.fill(adam.secondMoments(), 0.0);
        adam.setSteps(0);
        LOG.debug("cloneFrom({}): {} samples, {} epochs, nll {}, value loss {}", where, n, epochs, nll, vl);
        return new CloneResult(epochs, n, steps, nll, vl, ent);
    }

    /** Waits for an update in progress and stops the background thread. */
    @Override
    public void close() {
        scheduler.close();
    }
}
