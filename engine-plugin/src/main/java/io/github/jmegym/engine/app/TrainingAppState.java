package io.github.jmegym.engine.app;

import com.jme3.app.Application;
import com.jme3.app.state.BaseAppState;
import com.jme3.input.InputManager;
import com.jme3.input.KeyInput;
import com.jme3.input.controls.ActionListener;
import com.jme3.input.controls.KeyTrigger;
import io.github.jmegym.agent.Policy;
import io.github.jmegym.agent.PpoConfig;
import io.github.jmegym.agent.PpoTrainer;
import io.github.jmegym.agent.run.BackgroundWriter;
import io.github.jmegym.agent.run.TrainerCheckpoint;
import io.github.jmegym.agent.tensorboard.TensorBoardSink;
import io.github.jmegym.engine.AgentControl;
import io.github.jmegym.engine.AgentMode;
import io.github.jmegym.engine.AgentStep;
import io.github.jmegym.engine.HumanInput;
import io.github.jmegym.engine.PolicyBrain;
import io.github.jmegym.engine.WorldSimulation;
import io.github.jmegym.engine.AgentEpisodes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a scene's agents with PPO inside a running game: attach it to any {@code SimpleApplication} and show the
 * scene once the state built it, on a viewport ({@code training.onReady(sim ->
 * viewPort.attachScene(sim.rootNode()))}, which surfaces an error in it), never under the app's own {@code rootNode}, whose wall-clock update would
 * move the agents. Every frame it runs the fixed physics ticks the frame's {@code tpf} covers
 * ({@link InGameConfig#speed()}), one decision interval of
 * {@link io.github.jmegym.engine.SimulationConfig#ticksPerDecision()} ticks at a time, so the trajectory is the one a
 * headless env produces. All agents share one policy ({@code nEnvs} = number of agents, equal spaces required).
 *
 * <p>In {@link GameMode#TRAINING} the trainer's step-driven API chooses the actions at each decision boundary and
 * gets the rewards and episode ends after it; the PPO update runs as {@link PpoConfig#updateMode()} says (TIME_SLICED:
 * minibatches for at most {@link PpoConfig#sliceBudgetMillis()} per decision, paced over the rollout; BACKGROUND: a
 * thread updates while the frozen policy collects the next rollout), so frames keep coming. The same budget bounds a frame: once a frame's
 * training work reaches it, its remaining decisions move to the next frame (the game clock falls behind rather than
 * the frame rate); and while the update is backlogged (the rollout is full but its predecessor's update is not done, so
 * the next {@code act} would run all its remaining slices, or wait for its thread), decisions are held back and the
 * update gets the frame's budget instead ({@link TrainingStats#decisionsHeld()}). The trainer is warmed up
 * ({@link PpoTrainer#warmUp()}) in {@code initialize}, before the first frame. {@link GameMode#INFERENCE} lets the current (or loaded) policy
 * drive, {@link GameMode#HEURISTIC} each agent's heuristic, {@link GameMode#REMOTE} a remote client through
 * {@link #remote()}. Pausing stops the clock in any mode. Mode switches, saves and loads take effect at the next
 * decision boundary; a switch starts fresh episodes (a training episode cut by it is reported as truncated and
 * bootstrapped, so no transition straddles two modes). Keys (when the app has input): T training, I inference,
 * H heuristic, P pause, F5 save a checkpoint, F9 load the latest policy. With {@link #setPlayerControl} on, arrows/WASD
 * and Q/E steer the first agent in HEURISTIC mode through its {@link HumanInput} (for agents whose heuristic reads
 * it); off (the default), heuristics run their scripted brain.
 *
 * <p>Thread rules: {@link #update(float)} runs on the render thread and hands the frame's simulation and training
 * work to the simulation's own thread in one call ({@link WorldSimulation#call}), waiting for it. {@link #requestMode},
 * {@link #setPaused}, {@link #requestSave} and {@link #requestLoad} may be called from any thread; {@link #stats()}
 * may be read from any thread.
 */
public final class TrainingAppState extends BaseAppState {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingAppState.class);
    private static final String[] KEY_MAPPINGS = {"jmegym.training", "jmegym.inference", "jmegym.heuristic",
        "jmegym.pause", "jmegym.save", "jmegym.load"};

    private final Supplier<WorldSimulation> scene;
    private final InGameConfig config;
    private final GameMode startMode;
    private final TrainingStats stats = new TrainingStats();
    private final ConcurrentLinkedQueue<Runnable> boundaryTasks = new ConcurrentLinkedQueue<>();
    private final RemoteDriver remote;
    private final CompletableFuture<WorldSimulation> ready = new CompletableFuture<>();
    private final List<Consumer<WorldSimulation>> readyActions = new ArrayList<>();
    private volatile WorldSimulation sim;
    private String name;
    private int n;
    private PpoTrainer trainer;
    private TensorBoardSink tensorBoard;
    /** Writes the metrics files and checkpoints off the game's threads (made with the trainer). */
    private BackgroundWriter writer;
    private List<Object> observations;
    private double[] rewards;
    private boolean[] terminated;
    private boolean[] truncated;
    private List<Object> finals;
    private AgentEpisodes episodes;
    private double remoteReturn;
    private volatile GameMode requestedMode;
    private volatile boolean paused;
    private volatile double speed;
    private volatile GameMode mode;
    private FrameClock clock;
    private int tickInDecision;
    /** What drives INFERENCE: chosen when the game switches to it (any thread may read it). */
    private volatile Policy inferencePolicy;
    /** A policy loaded by {@link #requestLoad}, until the next installed update replaces it; else null. */
    private Policy loadedPolicy;
    private boolean reportPending;
    private long frameTrainingNanos;
    private boolean frameTrained;
    private ActionListener keys;
    private ActionListener playerKeys;
    private volatile boolean playerControl;
    private volatile String envId;
    private final List<String> playerMappings = new ArrayList<>();
    private EpisodeObserver observer;
    private Object lastAction;

    /**
     * A state that builds its scene when it is initialized (the {@link WorldSimulation} builds the world on its own
     * thread, to which Minie binds the physics space). Cheap: the scene, the trainer (ND4J) and the first reset
     * happen in {@code initialize}.
     *
     * @param scene builds the simulation whose agents to train (at least one agent; all with equal spaces); the state
     *              owns it and closes it in {@code cleanup}
     * @param config how to train
     * @param startMode the first mode (REMOTE waits for a client)
     */
    public TrainingAppState(Supplier<WorldSimulation> scene, InGameConfig config, GameMode startMode) {
        if (scene == null || config == null || startMode == null) {
            throw new IllegalArgumentException("TrainingAppState: scene, config and startMode must not be null");
        }
        this.scene = scene;
        this.config = config;
        this.startMode = startMode;
        this.mode = startMode;
        this.speed = config.speed();
        this.remote = new RemoteDriver(this);
    }

    /**
     * Builds the scene and the trainer and resets the scene with the config's seed (render thread).
     *
     * @throws IllegalArgumentException for a scene without agents, agents with different spaces, or a PPO config
     *         whose batch size does not divide {@code nSteps * agents}
     */
    @Override
    protected void initialize(Application app) {
        try {
            build();
        } catch (RuntimeException e) {
            ready.completeExceptionally(e);
            throw e;
        }
        ready.complete(sim);
        List<Consumer<WorldSimulation>> actions;
        synchronized (readyActions) {
            actions = new ArrayList<>(readyActions);
            readyActions.clear();
        }
        // thrown out of initialize: the application's handleError gets it (a failed thenAccept would vanish)
        for (Consumer<WorldSimulation> a : actions) {
            a.accept(sim);
        }
    }

    private void build() {
        WorldSimulation built = scene.get();
        this.name = built.world().name();
        List<AgentControl<?>> agents = built.agents();
        try {
            if (agents.isEmpty()) {
                throw new IllegalArgumentException("TrainingAppState(" + name + "): the scene has no agent; add an "
                        + "AgentControl to each NPC spatial (npc.addControl(agent)) in build()");
            }
            AgentControl<?> first = agents.get(0);
            for (AgentControl<?> a : agents) {
                if (!a.observationSpace().equals(first.observationSpace()) || !a.actionSpace().equals(first.actionSpace())) {
                    throw new IllegalArgumentException("TrainingAppState(" + name + "): " + a.describe() + " has spaces "
                            + a.observationSpace() + " / " + a.actionSpace() + " but " + first.describe() + " has "
                            + first.observationSpace() + " / " + first.actionSpace()
                            + "; agents sharing one policy need equal spaces");
                }
            }
            this.n = agents.size();
            if (observer != null && n != 1) {
                throw new IllegalArgumentException("TrainingAppState(" + name + "): episodes are observed (recorded) "
                        + "in one-agent scenes only, and this one has " + n + " agents");
            }
            PpoConfig ppo;
            try {
                ppo = config.ppo().withNEnvs(n);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("TrainingAppState(" + name + ", " + n + " agents): " + e.getMessage(), e);
            }
            this.trainer = PpoTrainer.forSpaces(first.observationSpace(), first.actionSpace(), ppo, config.seed());
        } catch (RuntimeException e) {
            built.close();
            throw e;
        }
        // the files are written on the writer's thread, so a frame that installs an update only hands its metrics over
        writer = new BackgroundWriter("jmegym-writer", e -> {
            stats.setMessage(e.getMessage());
            LOG.warn("{}: {}", name, e.toString());
        });
        tensorBoard = new TensorBoardSink(config.saveDir(), 0);
        trainer.addMetricsSink(this::onUpdate).addMetricsSink(writer.sink("TensorBoard events", tensorBoard));
        // ND4J's first operations and the JIT's first compilations of the update and the acting here, not in the frames
        // of the first update; the writer loads the event classes meanwhile (the file itself opens with the first update)
        writer.submit(() -> TensorBoardSink.event(0, 0, Map.of("warm-up", 0.0)).toByteArray());
        double warm = trainer.warmUp();
        LOG.debug("{}: trainer warm-up {} s", name, warm);
        this.observations = new ArrayList<>(n);
        this.rewards = new double[n];
        this.terminated = new boolean[n];
        this.truncated = new boolean[n];
        this.finals = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            observations.add(null);
            finals.add(null);
        }
        this.sim = built;
        this.episodes = new AgentEpisodes(built, config.maxEpisodeSteps());
        this.clock = new FrameClock(built.config(), config.maxTicksPerFrame());
        resetScene(config.seed());
        enterMode(startMode);
    }

    // ------------------------------------------------------------------------------------------------ API

    /**
     * Completes (on the render thread) once {@code initialize} built the scene and the trainer, or exceptionally with
     * the reason it could not; wait on it before using {@link #simulation()} from another thread.
     */
    public CompletableFuture<WorldSimulation> ready() {
        return ready;
    }

    /**
     * Runs {@code action} with the built simulation (e.g. to attach its scene to a viewport) on the render thread
     * once {@code initialize} built it, or at once when it already has. Unlike {@code ready().thenAccept(action)},
     * whose failure stays in a future nobody reads unless {@code .exceptionally} is added, an exception thrown by
     * {@code action} surfaces: out of {@code initialize} to the application's {@code handleError}, or (already
     * built) to the caller. Nothing runs when the build failed (that failure goes to {@code handleError} itself).
     */
    public void onReady(Consumer<WorldSimulation> action) {
        if (action == null) {
            throw new IllegalArgumentException("onReady(null): expected an action on the built simulation");
        }
        synchronized (readyActions) {
            if (!ready.isDone()) {
                readyActions.add(action);
                return;
            }
        }
        if (!ready.isCompletedExceptionally()) {
            action.accept(ready.join());
        }
    }

    /** The simulation this state drives, or null before {@code initialize}. */
    public WorldSimulation simulation() {
        return sim;
    }

    /** The configuration. */
    public InGameConfig config() {
        return config;
    }

    /** The trainer (its counters and policy), or null before {@code initialize}; drive it only through this state. */
    public PpoTrainer trainer() {
        return trainer;
    }

    /** Live statistics for a HUD or a report. */
    public TrainingStats stats() {
        return stats;
    }

    /** The current mode (switches requested but not yet applied are not shown). */
    public GameMode mode() {
        return mode;
    }

    /** Number of agents (the trainer's {@code nEnvs}); 0 before {@code initialize}. */
    public int agentCount() {
        return n;
    }

    /** Switches to {@code m} at the next decision boundary (any thread). */
    public void requestMode(GameMode m) {
        if (m == null) {
            throw new IllegalArgumentException("requestMode(null): expected one of " + Arrays.toString(GameMode.values()));
        }
        requestedMode = m;
    }

    /** Stops or restarts the simulation clock (any thread). */
    public void setPaused(boolean value) {
        paused = value;
    }

    /** Whether the clock is stopped. */
    public boolean isPaused() {
        return paused;
    }

    /** Changes the speed (simulated seconds per wall second; {@code <= 0}: one decision per frame); any thread. */
    public void setSpeed(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("setSpeed(" + value + "): expected a finite number");
        }
        speed = value;
    }

    /**
     * Writes a checkpoint of the whole training state to {@link InGameConfig#saveDir()}: captured at the next decision
     * boundary (an update in progress is completed first; in BACKGROUND mode the frame waits for it), serialised and
     * written atomically ({@link PpoTrainer#checkpoint}) on the writer thread, after the metrics handed to it before.
     * Any thread.
     *
     * @return completes with the checkpoint folder, or exceptionally with the reason it could not be written
     */
    public CompletableFuture<Path> requestSave() {
        return atNextBoundary("save", "saved", () -> {
            flushReport(false);
            Map<String, Object> info = new java.util.LinkedHashMap<>();
            info.put("world", name);
            if (envId != null) {
                info.put("env_id", envId);
            }
            info.put("source", "in-game");
            TrainerCheckpoint.Snapshot snapshot = trainer.checkpointSnapshot(config.saveDir(), info);
            return writer.submit(snapshot::write);
        }, p -> p);
    }

    /**
     * Loads a policy (a run folder's latest checkpoint, a checkpoint folder or a policy file) at the next decision
     * boundary and switches to {@link GameMode#INFERENCE} with it; the policy's spaces must be the agents'. It drives
     * inference until the next PPO update replaces it. Any thread.
     *
     * @return completes with the policy, or exceptionally with the reason it could not be used
     */
    public CompletableFuture<Policy> requestLoad(Path path) {
        return atNextBoundary("load", "loaded", () -> {
            // a save requested before is written first (loading F9 right after F5 reads that checkpoint)
            writer.flush();
            Policy p = Policy.load(path);
            PolicyBrain.requireFits(p, sim.agents().get(0), "load " + path);
            loadedPolicy = p;
            switchMode(GameMode.INFERENCE);
            return CompletableFuture.completedFuture(p);
        }, p -> path);
    }

    /**
     * Starts {@code work} at the next decision boundary; its outcome (when the future it returns completes, on
     * whichever thread finishes it) goes to the status message ({@code "<done> <what>"} or
     * {@code "<verb> failed: <reason>"}), the log and the returned future.
     *
     * @param verb names the request in messages ("save")
     * @param done the past tense for the success message ("saved")
     * @param shown what the success message names (the folder saved, the path loaded)
     */
    private <T> CompletableFuture<T> atNextBoundary(String verb, String done, Supplier<CompletableFuture<T>> work,
                                                    java.util.function.Function<T, Object> shown) {
        CompletableFuture<T> f = new CompletableFuture<>();
        boundaryTasks.add(() -> {
            CompletableFuture<T> started;
            try {
                started = work.get();
            } catch (RuntimeException e) {
                started = CompletableFuture.failedFuture(e);
            }
            started.whenComplete((result, e) -> {
                if (e == null) {
                    Object what = shown.apply(result);
                    stats.setMessage(done + " " + what);
                    LOG.info("{}: {} {}", name, done, what);
                    f.complete(result);
                } else {
                    Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                            ? e.getCause() : e;
                    stats.setMessage(verb + " failed: " + cause.getMessage());
                    LOG.warn("{}: {} failed: {}", name, verb, cause.toString());
                    f.completeExceptionally(cause);
                }
            });
        });
        return f;
    }

    /**
     * The policy that drives {@link GameMode#INFERENCE}, chosen when the game last switched to it: the one
     * {@link #requestLoad} loaded, else a snapshot of the trainer's policy at that switch; null before the first switch
     * to INFERENCE. Any thread.
     */
    public Policy inferencePolicy() {
        return inferencePolicy;
    }

    /**
     * The registered env id this scene is (e.g. {@code Chase-v0}), written as {@code env_id} into saved checkpoints
     * so that {@code ./jmegym eval --model <run folder>} knows which env to evaluate on; any thread.
     */
    public void setEnvId(String id) {
        envId = id;
    }

    /**
     * Follows the agent's episodes with {@code o} (e.g. a recorder), from the first; call before the state is
     * initialized. The scene must hold one agent; every episode then starts with a full reset of the scene with
     * {@link EpisodeObserver#nextSeed()} (see there). The state closes {@code o} in {@code cleanup}.
     */
    public void observeEpisodes(EpisodeObserver o) {
        if (sim != null) {
            throw new IllegalStateException("observeEpisodes: " + name + " is already running; observe before attaching");
        }
        observer = o;
    }

    /** The hand-over point for a remote client that drives the scene in {@link GameMode#REMOTE}. */
    public RemoteDriver remote() {
        return remote;
    }

    // ------------------------------------------------------------------------------------------------ frame loop

    @Override
    public void update(float tpf) {
        frameTrainingNanos = 0;
        frameTrained = false;
        // the whole frame's simulation work in one hand-over to the simulation's own thread (see WorldSimulation)
        sim.call(() -> {
            frameWork(tpf);
            return null;
        });
        stats.frameDone(System.nanoTime(), frameTrainingNanos, frameTrained);
        // the scene hangs off a viewport, not the app's root node: keep its bounds and light lists current for rendering
        sim.rootNode().updateGeometricState();
    }

    /** Boundary work, then the frame's ticks and decisions; runs on the simulation's thread. */
    private void frameWork(float tpf) {
        if (tickInDecision == 0) {
            atBoundary();
        }
        stats.setMode(mode, paused);
        if (!paused && mode != GameMode.REMOTE) {
            int k = sim.config().ticksPerDecision();
            double s = speed;
            int ticks = clock.ticks(tpf, s, tickInDecision);
            long budget = (long) (trainer.config().sliceBudgetMillis() * 1e6);
            for (int t = 0; t < ticks; t++) {
                if (tickInDecision == 0) {
                    if (mode == GameMode.TRAINING && holdDecision(budget)) {
                        // the game clock falls behind instead of the frame rate (maxTicksPerFrame bounds catching up)
                        if (s > 0) {
                            clock.defer(ticks - t);
                        }
                        break;
                    }
                    beginDecision(Math.max(0, budget - frameTrainingNanos));
                }
                sim.tick();
                tickInDecision++;
                if (tickInDecision == k) {
                    tickInDecision = 0;
                    endDecision();
                    atBoundary();
                    if (mode == GameMode.REMOTE) {
                        break;
                    }
                }
            }
        }
    }

    /**
     * Whether the next decision waits for a later frame: the update is backlogged (the next {@code act} would have to
     * run all its remaining slices, or wait for its thread) and this frame's budget did not clear it, or this frame's
     * budget is spent. A backlogged update gets what is left of the budget first.
     */
    private boolean holdDecision(long budget) {
        if (trainer.updateBacklogged()) {
            long left = budget - frameTrainingNanos;
            if (left > 0) {
                long t0 = System.nanoTime();
                trainer.workOnUpdate(left);
                frameTrainingNanos += System.nanoTime() - t0;
                frameTrained = true;
            }
            if (trainer.updateBacklogged()) {
                stats.decisionHeld();
                return true;
            }
        }
        if (frameTrainingNanos >= budget && speed > 0) {
            stats.decisionDeferred();
            return true;
        }
        return false;
    }

    /** Runs queued saves/loads and applies a requested mode switch; only between two decisions. */
    private void atBoundary() {
        Runnable task;
        while ((task = boundaryTasks.poll()) != null) {
            task.run();
        }
        GameMode want = requestedMode;
        if (want != null) {
            requestedMode = null;
            if (want != mode) {
                switchMode(want);
            }
        }
        remote.runPending();
    }

    private void switchMode(GameMode want) {
        if (want == GameMode.HEURISTIC) {
            for (AgentControl<?> a : sim.agents()) {
                try {
                    a.heuristic(sim.observe(sim.agents().indexOf(a), "switch to HEURISTIC"));
                } catch (UnsupportedOperationException e) {
                    stats.setMessage("no heuristic: " + e.getMessage());
                    LOG.warn("{}: cannot switch to HEURISTIC: {}", name, e.getMessage());
                    return;
                }
            }
        }
        LOG.debug("{}: mode {} -> {}", name, mode, want);
        flushReport(true);
        resetScene(null);
        enterMode(want);
    }

    /** Resets the whole scene; with an observer, with its seed (each observed episode replays from its seed). */
    private void resetScene(Long seed) {
        if (observer == null) {
            sim.reset(seed);
            return;
        }
        long s = observer.nextSeed();
        sim.reset(s);
        observer.started(sim, s);
    }

    private void enterMode(GameMode m) {
        mode = m;
        if (m == GameMode.INFERENCE) {
            inferencePolicy = loadedPolicy != null ? loadedPolicy : trainer.policy().seed(config.seed());
        }
        if (playerKeys != null) {
            sim.agents().get(0).humanInput().setActive(playerControl && m == GameMode.HEURISTIC);
        }
        for (int i = 0; i < n; i++) {
            AgentControl<?> a = sim.agents().get(i);
            switch (m) {
                case TRAINING, REMOTE -> a.setMode(AgentMode.EXTERNAL);
                case HEURISTIC -> a.setMode(AgentMode.HEURISTIC);
                case INFERENCE -> setPolicy(a, inferencePolicy);
            }
            observations.set(i, sim.observe(i, "start of " + m + " in " + name));
        }
        stats.setMode(m, paused);
    }

    @SuppressWarnings("unchecked")
    private static void setPolicy(AgentControl<?> a, Policy p) {
        ((AgentControl<Object>) a).setPolicy(obs -> p.act(obs, true));
    }

    /** @param updateBudget what is left of the frame's training budget for an update in progress, nanoseconds */
    private void beginDecision(long updateBudget) {
        String where = name + " decision in " + mode;
        if (mode == GameMode.TRAINING) {
            flushReport(false);
            long t0 = System.nanoTime();
            List<Object> actions = trainer.act(observations, updateBudget);
            frameTrainingNanos += System.nanoTime() - t0;
            frameTrained = true;
            for (int i = 0; i < n; i++) {
                sim.applyAction(i, actions.get(i), where);
            }
            lastAction = actions.get(0);
        } else {
            for (int i = 0; i < n; i++) {
                Object action = sim.decideAndApply(i, where).action();
                if (i == 0) {
                    lastAction = action;
                }
            }
        }
    }

    /**
     * Reads every agent's step and restarts the agents whose episode ended; in TRAINING the step is reported to the
     * trainer just before the next actions are chosen ({@link #flushReport}), so that a mode switch in between can
     * still mark the running episodes as cut.
     */
    private void endDecision() {
        String where = name + " decision in " + mode;
        for (int i = 0; i < n; i++) {
            AgentStep s = episodes.collect(sim, i, where);
            if (observer != null) {
                observer.stepped(sim, lastAction, s);
            }
            rewards[i] = s.reward();
            terminated[i] = s.terminated();
            truncated[i] = !s.terminated() && s.truncated();
            finals.set(i, terminated[i] || truncated[i] ? s.observation() : null);
            observations.set(i, s.observation());
        }
        stats.decisionDone(mode, n);
        reportPending = mode == GameMode.TRAINING;
        for (int i = 0; i < n; i++) {
            if (episodes.ended(i)) {
                stats.episodeDone(mode, episodes.lastReturn(i));
                if (observer == null) {
                    episodes.restartIfEnded(sim, i);
                } else {
                    episodes.restartIfEnded(i, () -> resetScene(null));
                }
                observations.set(i, sim.observe(i, where));
            }
        }
    }

    /**
     * Reports the last training step to the trainer, if not yet done. {@code cut}: the episodes still running end
     * here (a mode switch), reported as truncated with their current observation for bootstrapping.
     */
    private void flushReport(boolean cut) {
        if (!reportPending) {
            return;
        }
        reportPending = false;
        if (cut) {
            for (int i = 0; i < n; i++) {
                if (!terminated[i] && !truncated[i]) {
                    truncated[i] = true;
                    finals.set(i, observations.get(i));
                    stats.episodeCut();
                }
            }
        }
        long t0 = System.nanoTime();
        trainer.report(rewards, terminated, truncated, finals);
        frameTrainingNanos += System.nanoTime() - t0;
    }

    private void onUpdate(long steps, Map<String, Double> metrics) {
        if (mode == GameMode.TRAINING) {
            loadedPolicy = null;
        }
        stats.updateDone(steps, metrics);
    }

    // ------------------------------------------------------------------------------------------------ remote

    /** One decision for a remote client: apply agent 0's action (others: their own brain), run it, read agent 0. */
    AgentStep remoteStep(Object action) {
        requireRemote("step");
        String where = name + " remote step";
        sim.applyAction(0, action, where);
        for (int i = 1; i < n; i++) {
            sim.decideAndApply(i, where);
        }
        sim.advance();
        AgentStep s = sim.collect(0, where);
        for (int i = 1; i < n; i++) {
            AgentStep other = sim.collect(i, where);
            if (other.terminated() || other.truncated()) {
                sim.resetAgent(i, null);
            }
        }
        stats.decisionDone(GameMode.REMOTE, 1);
        remoteReturn += s.reward();
        if (s.terminated() || s.truncated()) {
            stats.episodeDone(GameMode.REMOTE, remoteReturn);
            remoteReturn = 0;
        }
        return s;
    }

    /** Switches to REMOTE if needed, resets the whole scene and returns agent 0's first observation. */
    double[] remoteReset(Long seed) {
        if (observer != null) {
            throw new IllegalStateException(name + ": a remote client resets the scene with its own seeds, which an "
                    + "episode observer (recorder) cannot follow; record on the client's side");
        }
        if (mode != GameMode.REMOTE) {
            requestedMode = null;
            switchMode(GameMode.REMOTE);
        }
        sim.reset(seed);
        remoteReturn = 0;
        for (int i = 1; i < n; i++) {
            AgentControl<?> a = sim.agents().get(i);
            if (a.mode() == AgentMode.EXTERNAL) {
                a.setMode(AgentMode.HEURISTIC);
            }
        }
        return sim.observe(0, name + " remote reset");
    }

    private void requireRemote(String what) {
        if (mode != GameMode.REMOTE) {
            throw new IllegalStateException(name + ": remote " + what + " while the game is in " + mode
                    + " mode; switch it to REMOTE (requestMode(GameMode.REMOTE)) first");
        }
    }

    // ------------------------------------------------------------------------------------------------ lifecycle

    @Override
    protected void cleanup(Application app) {
        remote.cancelAll(name + ": the game stopped");
        if (observer != null) {
            observer.close();
        }
        if (trainer != null) {
            trainer.close();
        }
        if (writer != null) {
            // after everything handed over (the update trainer.close installed included), on the thread that wrote it
            TensorBoardSink tb = tensorBoard;
            writer.submit(() -> {
                tb.close();
                return null;
            }).whenComplete((r, e) -> {
                if (e != null) {
                    LOG.warn("{}: {}", name, e.toString());
                }
            });
            writer.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Override
    protected void onEnable() {
        InputManager input = getApplication().getInputManager();
        if (input == null) {
            return;
        }
        int[] codes = {KeyInput.KEY_T, KeyInput.KEY_I, KeyInput.KEY_H, KeyInput.KEY_P, KeyInput.KEY_F5, KeyInput.KEY_F9};
        for (int i = 0; i < KEY_MAPPINGS.length; i++) {
            input.addMapping(KEY_MAPPINGS[i], new KeyTrigger(codes[i]));
        }
        Consumer<String> onKey = this::onKey;
        keys = (mapping, pressed, tpf) -> {
            if (pressed) {
                onKey.accept(mapping);
            }
        };
        input.addListener(keys, KEY_MAPPINGS);
        bindPlayerKeys(input);
    }

    /** Binds arrows/WASD (move) and Q/E (turn) to the first agent's {@link HumanInput}. */
    private void bindPlayerKeys(InputManager input) {
        HumanInput human = sim.agents().get(0).humanInput();
        Object[][] bindings = {
            {HumanInput.Key.UP, KeyInput.KEY_UP, KeyInput.KEY_W}, {HumanInput.Key.DOWN, KeyInput.KEY_DOWN, KeyInput.KEY_S},
            {HumanInput.Key.LEFT, KeyInput.KEY_LEFT, KeyInput.KEY_A}, {HumanInput.Key.RIGHT, KeyInput.KEY_RIGHT, KeyInput.KEY_D},
            {HumanInput.Key.TURN_LEFT, KeyInput.KEY_Q}, {HumanInput.Key.TURN_RIGHT, KeyInput.KEY_E}};
        playerMappings.clear();
        for (Object[] b : bindings) {
            HumanInput.Key key = (HumanInput.Key) b[0];
            String mapping = "jmegym.player." + key.name();
            for (int i = 1; i < b.length; i++) {
                input.addMapping(mapping, new KeyTrigger((Integer) b[i]));
            }
            playerMappings.add(mapping);
        }
        playerKeys = (mapping, pressed, tpf) -> human.set(HumanInput.Key.valueOf(mapping.substring("jmegym.player.".length())), pressed);
        input.addListener(playerKeys, playerMappings.toArray(new String[0]));
        human.setActive(playerControl && mode == GameMode.HEURISTIC);
    }

    /**
     * Lets the player steer the first agent with the keyboard in HEURISTIC mode (its {@link HumanInput} is active
     * then), or not (heuristics run their scripted brain). Takes effect at the next mode switch; any thread.
     */
    public void setPlayerControl(boolean on) {
        playerControl = on;
    }

    private void onKey(String mapping) {
        switch (mapping) {
            case "jmegym.training" -> requestMode(GameMode.TRAINING);
            case "jmegym.inference" -> requestMode(GameMode.INFERENCE);
            case "jmegym.heuristic" -> requestMode(GameMode.HEURISTIC);
            case "jmegym.pause" -> setPaused(!paused);
            case "jmegym.save" -> requestSave();
            case "jmegym.load" -> requestLoad(config.saveDir());
            default -> throw new IllegalStateException("unknown key mapping " + mapping);
        }
    }

    @Override
    protected void onDisable() {
        InputManager input = getApplication().getInputManager();
        if (input == null || keys == null) {
            return;
        }
        input.removeListener(keys);
        if (playerKeys != null) {
            input.removeListener(playerKeys);
            sim.agents().get(0).humanInput().setActive(false);
            playerKeys = null;
        }
        List<String> all = new ArrayList<>(List.of(KEY_MAPPINGS));
        all.addAll(playerMappings);
        for (String m : all) {
            if (input.hasMapping(m)) {
                input.deleteMapping(m);
            }
        }
        keys = null;
    }
}
