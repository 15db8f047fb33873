package io.github.jmegym.engine.cli;

import com.google.gson.JsonObject;
import com.jme3.input.KeyInput;
import com.jme3.input.controls.ActionListener;
import com.jme3.input.controls.KeyTrigger;
import io.github.jmegym.agent.Algo;
import io.github.jmegym.agent.Policy;
import io.github.jmegym.agent.PpoConfig;
import io.github.jmegym.agent.Presets;
import io.github.jmegym.agent.UpdateMode;
import io.github.jmegym.agent.cli.ConfigOption;
import io.github.jmegym.agent.cli.UpdateModeOptions;
import io.github.jmegym.agent.cli.ModelOption;
import io.github.jmegym.agent.run.AtomicFiles;
import io.github.jmegym.engine.EngineWorld;
import io.github.jmegym.engine.EngineWorlds;
import io.github.jmegym.engine.PolicyBrain;
import io.github.jmegym.engine.WorldSimulation;
import io.github.jmegym.engine.app.Durations;
import io.github.jmegym.engine.app.FrameTimeRecorder;
import io.github.jmegym.engine.app.GameMode;
import io.github.jmegym.engine.app.InGameApp;
import io.github.jmegym.engine.app.InGameConfig;
import io.github.jmegym.engine.app.LiveSceneServer;
import io.github.jmegym.engine.app.TrainingAppState;
import io.github.jmegym.engine.app.TrainingStats;
import io.github.jmegym.engine.record.PlayRecorder;
import io.github.jmegym.engine.worlds.EngineEnvs;
import io.github.jmegym.envs.EnvSpec;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.Json;
import io.github.jmegym.envs.cli.CliCommand;
import io.github.jmegym.envs.cli.EnvOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./jmegym play}: runs an engine world in a game window (or headless) through the one in-game state,
 * {@link TrainingAppState}: the agents' heuristic, a trained policy ({@code --model}), you at the keyboard
 * ({@code --player}), PPO training in the game loop ({@code --train}, any update mode, checkpoints in a run folder)
 * or a Python client ({@code --remote}); {@code --record DIR} writes every episode as a recording of
 * {@code jmegym record}'s format.
 */
@Command(name = "play", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run an engine world (any registered one: see `jmegym envs`) in a game window, or headless: "
                + "the agents' heuristic plays it, or a trained policy (--model), or you (--player), or the agents learn "
                + "with PPO in the game loop (--train), or Python drives it (--remote).",
                "--env defaults to Chase-v0. --seed seeds the scene's first reset (episode k of --record: S + k) and "
                        + "--train's policy; --port and --token-file set how --remote serves the scene.",
                "Keys: T training, I inference, H heuristic, P pause, F5 save a checkpoint to --run-dir, F9 load the "
                        + "latest from it, Esc quit (with --train: after saving a checkpoint); with --player, arrows/WASD "
                        + "and Q/E steer the agent. A window needs a display (or Xvfb)."})
public final class PlayCommand implements Callable<Integer>, CliCommand {
    @Spec
    private CommandSpec spec;

    @Mixin
    private EnvOptions env = new EnvOptions();

    @Mixin
    private ModelOption model = new ModelOption();

    @Option(names = "--train", description = "train the agents' shared policy with PPO in the game loop (the env's "
            + "preset, or the in-game defaults, with TIME_SLICED updates); a checkpoint goes to --run-dir at the end")
    private boolean train;

    @Option(names = "--player", description = "you drive the first agent: arrows/WASD move, Q/E turn (on BallBalance the "
            + "arrows tilt the platform); replaces the former --keyboard")
    private boolean player;

    @Option(names = "--remote", description = "serve the live scene to Python (jmegym.connect) as Live<ID>, e.g. "
            + "LiveChase-v0; needs jmegym-bridge (in the ./jmegym jar)")
    private boolean remote;

    @Option(names = "--agents", paramLabel = "N", description = "agents sharing the policy in the one scene, for worlds "
            + "that hold several (default: with --train the preset's nEnvs, else 1)")
    private Integer agents;

    @Option(names = "--record", paramLabel = "DIR", description = "record every episode to DIR in the format of `jmegym "
            + "record` (<id>-ep<k>-seed<s>.jsonl.gz; episode k reset with seed S + k): replay, render, bc and "
            + "train --demos read it (one-agent scenes)")
    private Path record;

    @Option(names = "--screenshot", paramLabel = "FILE.png", description = "save frame --screenshot-frame as a PNG "
            + "(then close, unless --seconds or --episodes say when)")
    private Path screenshot;

    @Option(names = "--screenshot-frame", paramLabel = "F", defaultValue = "120",
            description = "the frame to save (default: ${DEFAULT-VALUE})")
    private int screenshotFrame;

    @Option(names = "--headless", description = "no window (jME headless context): for servers and tests")
    private boolean headless;

    @Option(names = "--seconds", paramLabel = "T", defaultValue = "0",
            description = "stop after T wall-clock seconds and print a JSON summary (0: when closed)")
    private double seconds;

    @Option(names = "--episodes", paramLabel = "N", defaultValue = "0",
            description = "stop after N finished episodes (0: when closed)")
    private int episodes;

    @Option(names = "--summary", paramLabel = "FILE", description = "write the JSON summary (frame times, training "
            + "work per frame, steps, the last update's metrics) to FILE, atomically")
    private Path summaryFile;

    @Option(names = "--speed", paramLabel = "X", defaultValue = "1",
            description = "simulated seconds per wall second; 0: one decision per frame (default: ${DEFAULT-VALUE})")
    private double speed;

    /** --train (and the T key): the settings, over the env's preset with TIME_SLICED updates. */
    @Mixin
    private ConfigOption config = new ConfigOption();

    @Mixin
    private UpdateModeOptions updateModes = new UpdateModeOptions();

    @Option(names = "--run-dir", paramLabel = "DIR", defaultValue = "runs/ingame",
            description = "where --train and F5 save checkpoints and F9 loads from (default: ${DEFAULT-VALUE})")
    private Path runDir;

    @Option(names = "--no-hud", description = "hide the HUD")
    private boolean noHud;

    @Option(names = "--fps", paramLabel = "F", defaultValue = "60",
            description = "frame-rate cap of the window (0: uncapped) (default: ${DEFAULT-VALUE})")
    private int fps;

    @Option(names = "--size", paramLabel = "WxH", defaultValue = "1024x768", description = "window size (default: ${DEFAULT-VALUE})")
    private String size;

    @Mixin
    private GatewayCliOptions gateway = new GatewayCliOptions();

    @Override
    public Object command() {
        return new PlayCommand();
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        String id = env.idOr(EngineEnvs.CHASE);
        Map<String, Object> kwargs = env.kwargs();
        EngineWorld world = engineWorld(id);
        checkOptions(world);
        int[] wh = parseSize(size);
        EnvSpec envSpec = Envs.resolve(id, kwargs);
        int n = agents != null ? agents : train && world.supportsAgents() ? ppoConfig(id).nEnvs() : 1;
        Integer limit = envSpec.maxEpisodeSteps();
        PpoConfig ppo;
        try {
            ppo = forAgents(ppoConfig(id), n);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--agents " + n + ": " + e.getMessage(), e);
        }
        InGameConfig config = InGameConfig.defaults().withPpo(ppo)
                .withSeed(env.seed()).withSpeed(speed).withSaveDir(runDir).withMaxEpisodeSteps(limit == null ? 0 : limit);
        if (model.path() != null) {
            checkModel(world, kwargs);
        }
        // one agent: the env's own world (what `Envs.make` builds, so recordings replay); several: the agents factory
        Supplier<WorldSimulation> scene = n == 1
                ? () -> new WorldSimulation(world.world(kwargs), world.config(kwargs))
                : () -> new WorldSimulation(world.world(n, kwargs), world.config(kwargs));
        scene.get().close();   // builds it once here, so that bad kwargs are bad input before a window opens
        TrainingAppState state = new TrainingAppState(scene, config, train ? GameMode.TRAINING : GameMode.HEURISTIC);
        state.setEnvId(id);
        state.setPlayerControl(player);
        PlayRecorder recorder = record == null ? null : new PlayRecorder(record, id, kwargs, limit, env.seed());
        if (recorder != null) {
            state.observeEpisodes(recorder);
        }
        if (model.path() != null) {
            state.requestLoad(model.path());
        }
        Run run = new Run(id, state, wh);
        run.start();
        String brain = train ? "training" : model.path() != null ? "policy " + model.path() : player ? "player" : "heuristic";
        out.printf("%s: %d episodes played by the %s%n", id, run.episodesDone(), brain);
        if (run.saved != null) {
            out.println("saved " + run.saved);
        }
        if (recorder != null) {
            out.printf("recorded %d episodes to %s%n", recorder.written().size(), record.toAbsolutePath());
        }
        if (screenshot != null) {
            out.println("screenshot: " + screenshot.toAbsolutePath());
        }
        if (seconds > 0 || summaryFile != null) {
            String json = Json.GSON.toJson(summary(id, state, run.frames.frames(), run.wallSeconds()));
            if (summaryFile != null) {
                AtomicFiles.writeString(summaryFile, json);
            }
            out.println(json);
        }
        out.flush();
        return 0;
    }

    private void checkOptions(EngineWorld world) {
        String id = world.id();
        if (!Double.isFinite(speed) || speed < 0) {
            throw new IllegalArgumentException("--speed " + speed + ": expected simulated seconds per second >= 0 "
                    + "(0: one decision per frame)");
        }
        if (!(seconds >= 0) || episodes < 0 || screenshotFrame < 1 || fps < 0) {
            throw new IllegalArgumentException("--seconds " + seconds + ", --episodes " + episodes + ", --screenshot-frame "
                    + screenshotFrame + ", --fps " + fps + ": expected seconds >= 0, episodes >= 0, frame >= 1, fps >= 0");
        }
        if (agents != null && agents < 1) {
            throw new IllegalArgumentException("--agents " + agents + ": expected a number of agents >= 1");
        }
        if (agents != null && agents != 1 && !world.supportsAgents()) {
            throw new IllegalArgumentException("--agents " + agents + ": " + id + " has one agent per scene; engine worlds "
                    + "with several agents: " + EngineWorlds.multiAgentIds());
        }
        if (train && model.path() != null) {
            throw new IllegalArgumentException("--train with --model: in-game training starts from a fresh policy; watch "
                    + "a saved one with --model alone (or press F9 in the window to load the latest from --run-dir)");
        }
        if (player && (train || model.path() != null)) {
            throw new IllegalArgumentException("--player with " + (train ? "--train" : "--model") + ": with --player you "
                    + "drive the agent yourself; leave out one of them");
        }
        if (record != null && (remote || (agents != null && agents != 1) || (train && world.supportsAgents() && agents == null))) {
            throw new IllegalArgumentException("--record " + record + (remote ? " with --remote" : " with several agents")
                    + ": play records one-agent scenes that it resets itself" + (remote ? "; record on the Python side"
                    : "; add --agents 1"));
        }
        if (screenshot != null && headless) {
            throw new IllegalArgumentException("--screenshot with --headless: a headless game renders nothing; leave out "
                    + "--headless (under Xvfb when there is no display)");
        }
        if (!remote && (gateway.port() != 0 || gateway.tokenFile() != null)) {
            throw new IllegalArgumentException("--port and --token-file set how --remote serves the scene; add --remote");
        }
    }

    /**
     * The PPO settings of {@code --train} (and of the T key): the env's preset (else the in-game defaults), TIME_SLICED,
     * then --config, --update-mode, --slice-ms.
     */
    private PpoConfig ppoConfig(String id) {
        PpoConfig ppo = config.resolve(null, algo -> algo == Algo.PPO && !Presets.has(id)
                ? InGameConfig.defaults().ppo()
                : Presets.forEnv(id, algo).withUpdateMode(UpdateMode.TIME_SLICED)
                        .withSliceBudgetMillis(InGameConfig.DEFAULT_SLICE_MILLIS));
        return updateModes.apply(ppo);
    }

    /**
     * The settings for a scene of {@code n} agents: a preset tuned for {@code nEnvs} headless sub-envs (Chase-v0's 8)
     * keeps its samples per update ({@code nSteps * nEnvs}) when the scene holds another number of agents, so that its
     * batch size still divides the rollout; settings that cannot be kept that way are bad input naming the numbers.
     */
    static PpoConfig forAgents(PpoConfig ppo, int n) {
        if (ppo.nEnvs() == n) {
            return ppo;
        }
        long samples = (long) ppo.nSteps() * ppo.nEnvs();
        if (samples % n == 0) {
            int steps = (int) (samples / n);
            // each copy is validated: grow the factor that keeps the intermediate rollout a multiple of the old one
            return n < ppo.nEnvs() ? ppo.withNSteps(steps).withNEnvs(n) : ppo.withNEnvs(n).withNSteps(steps);
        }
        return ppo.withNEnvs(n);
    }

    /** Loads {@code --model} once here so that a missing or unfitting policy is bad input, not a HUD message. */
    private void checkModel(EngineWorld world, Map<String, Object> kwargs) {
        Policy p = Policy.load(model.require());
        try (WorldSimulation sim = new WorldSimulation(world.world(kwargs), world.config(kwargs))) {
            PolicyBrain.requireFits(p, sim.agents().get(0), "--model " + model.path() + " in " + world.id());
        }
    }

    /** The engine world of {@code id}, or a message naming the registered ones. */
    private static EngineWorld engineWorld(String id) {
        try {
            return EngineWorlds.of(id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--env " + id + ": " + e.getMessage(), e);
        }
    }

    /** One run of the game: the application, its stop rules, the remote server; {@link #start()} blocks until it ends. */
    private final class Run {
        private final String id;
        private final TrainingAppState state;
        private final int[] wh;
        private final CountDownLatch stopped = new CountDownLatch(1);
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final AtomicBoolean finishing = new AtomicBoolean();
        private final FrameTimeRecorder frames = new FrameTimeRecorder(30);
        private volatile CompletableFuture<Path> saving;
        private volatile CompletableFuture<Void> shot;
        private Path saved;
        private long startNanos = -1;
        private long endNanos = -1;
        private long frameCount;

        Run(String id, TrainingAppState state, int[] wh) {
            this.id = id;
            this.state = state;
            this.wh = wh;
        }

        void start() throws InterruptedException {
            InGameApp app = new InGameApp(state, !noHud, this::onFrame) {
                @Override
                public void simpleInitApp() {
                    super.simpleInitApp();
                    stateManager.attach(frames);
                    if (inputManager != null) {
                        // Esc quits as the window's close button does: through finish (--train saves first)
                        inputManager.deleteMapping(INPUT_MAPPING_EXIT);
                        inputManager.addMapping("jmegym.quit", new KeyTrigger(KeyInput.KEY_ESCAPE));
                        inputManager.addListener((ActionListener) (name, pressed, tpf) -> {
                            if (pressed) {
                                finish(this);
                            }
                        }, "jmegym.quit");
                    }
                }

                @Override
                public void requestClose(boolean esc) {
                    finish(this);
                }

                @Override
                public void handleError(String errMsg, Throwable t) {
                    failure.compareAndSet(null, t == null ? new IllegalStateException(errMsg) : t);
                    stop();
                }

                @Override
                public void destroy() {
                    try {
                        super.destroy();
                    } finally {
                        endNanos = System.nanoTime();
                        stopped.countDown();
                    }
                }
            };
            app.start(InGameApp.configure(app, "jmegym play " + id, wh[0], wh[1], fps, headless));
            AutoCloseable server = null;
            try {
                if (remote) {
                    server = LiveSceneServer.find().serve(state, "Live" + id, Envs.spec(id).maxEpisodeSteps(),
                            gateway.port(), gateway.tokenFile(), System.out, app::stop);
                }
                stopped.await();
            } catch (InterruptedException | RuntimeException e) {
                app.stop(true);
                throw e;
            } finally {
                if (server != null) {
                    try {
                        server.close();
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                    }
                }
            }
            Throwable f = failure.get();
            if (f != null) {
                throw new IllegalStateException("the game failed: " + f + (headless ? ""
                        : "; a window needs a display: set DISPLAY, or run under Xvfb (xvfb-run ./jmegym play ...)"), f);
            }
            if (saving != null && saving.isCompletedExceptionally()) {
                throw new IllegalStateException("saving the checkpoint failed: " + state.stats().message());
            }
            if (shot != null && shot.isCompletedExceptionally()) {
                throw new IllegalStateException("the screenshot " + screenshot + " failed: " + shot.handle((v, e) -> e).join());
            }
            saved = saving == null ? null : saving.getNow(null);
        }

        /** Every frame, on the render thread: the stop rules and the screenshot. */
        private void onFrame(InGameApp app) {
            long now = System.nanoTime();
            if (startNanos < 0) {
                startNanos = now;
            }
            frameCount++;
            if (screenshot != null && frameCount == screenshotFrame) {
                shot = app.grabFrame().thenAccept(this::writeScreenshot);
                if (seconds == 0 && episodes == 0) {
                    shot.whenComplete((v, e) -> finish(app));
                }
            }
            boolean timeUp = seconds > 0 && now - startNanos >= seconds * 1e9;
            if (timeUp || (episodes > 0 && episodesDone() >= episodes)) {
                finish(app);
            }
        }

        private void writeScreenshot(java.awt.image.BufferedImage img) {
            try {
                Path dir = screenshot.toAbsolutePath().getParent();
                Files.createDirectories(dir);
                ImageIO.write(img, "png", screenshot.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + screenshot + ": " + e.getMessage(), e);
            }
        }

        /** Stops the game once; with --train, after saving a checkpoint to --run-dir. */
        private void finish(InGameApp app) {
            if (!finishing.compareAndSet(false, true)) {
                return;
            }
            CompletableFuture<?> before = shot == null ? CompletableFuture.completedFuture(null) : shot;
            if (train) {
                saving = app.training().requestSave();
                before = CompletableFuture.allOf(before, saving);
            }
            before.whenComplete((v, e) -> app.stop());
        }

        long episodesDone() {
            TrainingStats s = state.stats();
            long total = 0;
            for (GameMode m : GameMode.values()) {
                total += s.episodes(m);
            }
            return total;
        }

        double wallSeconds() {
            return startNanos < 0 ? 0 : ((endNanos < 0 ? System.nanoTime() : endNanos) - startNanos) / 1e9;
        }
    }

    private JsonObject summary(String id, TrainingAppState state, Durations frameTimes, double wall) {
        TrainingStats s = state.stats();
        JsonObject o = new JsonObject();
        o.addProperty("env", id);
        o.addProperty("agents", state.agentCount());
        o.addProperty("mode", s.mode().name());
        o.addProperty("update_mode", state.config().ppo().updateMode().name());
        o.addProperty("headless", headless);
        o.addProperty("fps_cap", headless ? 0 : fps);
        o.addProperty("wall_seconds", wall);
        o.add("frame_ms", durations(frameTimes));
        o.add("training_work_ms", durations(s.trainingWork()));
        JsonObject steady = durations(s.steadyTrainingWork());
        double budget = state.config().ppo().sliceBudgetMillis();
        steady.addProperty("budget", budget);
        steady.addProperty("frames_over_budget", s.steadyTrainingWork().countAbove(budget));
        steady.addProperty("frames_over_2x_budget", s.steadyTrainingWork().countAbove(2 * budget));
        o.add("steady_training_work_ms", steady);
        o.addProperty("frames_deferring_decisions", s.framesDeferred());
        o.addProperty("decisions_held_for_backlog", s.decisionsHeld());
        o.addProperty("steps", s.totalSteps());
        o.addProperty("steps_per_second", wall > 0 ? s.totalSteps() / wall : 0);
        o.addProperty("updates", s.updates());
        JsonObject returns = new JsonObject();
        for (GameMode m : GameMode.values()) {
            if (s.episodes(m) > 0) {
                returns.addProperty(m.name().toLowerCase(Locale.ROOT), s.recentReturn(m));
            }
        }
        o.add("recent_returns", returns);
        JsonObject metrics = new JsonObject();
        s.lastMetrics().forEach((k, v) -> metrics.addProperty(k, Double.isFinite(v) ? v : null));
        o.add("last_metrics", metrics);
        return o;
    }

    private static JsonObject durations(Durations d) {
        JsonObject o = new JsonObject();
        o.addProperty("count", d.count());
        o.addProperty("median", finite(d.quantileMillis(0.5)));
        o.addProperty("p99", finite(d.quantileMillis(0.99)));
        o.addProperty("max", d.maxMillis());
        return o;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static int[] parseSize(String s) {
        String[] p = s.toLowerCase(Locale.ROOT).split("x");
        try {
            int w = Integer.parseInt(p[0]);
            int h = Integer.parseInt(p[1]);
            if (p.length == 2 && w >= 64 && h >= 64) {
                return new int[] {w, h};
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            // refused below
        }
        throw new IllegalArgumentException("--size " + s + ": expected WIDTHxHEIGHT of at least 64x64, e.g. 1024x768");
    }
}
