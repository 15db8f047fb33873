package io.github.jmegym.bridge.remote;

import com.google.gson.JsonObject;
import com.jme3.system.AppSettings;
import com.jme3.system.JmeContext;
import io.github.jmegym.agent.PpoConfig;
import io.github.jmegym.agent.UpdateMode;
import io.github.jmegym.agent.run.AtomicFiles;
import io.github.jmegym.bridge.GatewayOptions;
import io.github.jmegym.bridge.Protocol;
import io.github.jmegym.engine.EngineWorld;
import io.github.jmegym.engine.EngineWorlds;
import io.github.jmegym.engine.app.Durations;
import io.github.jmegym.engine.app.FrameTimeRecorder;
import io.github.jmegym.engine.app.GameMode;
import io.github.jmegym.engine.app.InGameApp;
import io.github.jmegym.engine.app.InGameConfig;
import io.github.jmegym.engine.app.TrainingAppState;
import io.github.jmegym.engine.app.TrainingStats;
import io.github.jmegym.engine.worlds.EngineEnvs;
import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.EnvSpec;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.Json;
import io.github.jmegym.envs.cli.KwargOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./jmegym game}: opens a registered engine world (e.g. {@code Chase-v0}, {@code BallBalance-v0}) in a window and trains its
 * agents with PPO inside the game loop, with the HUD and the mode keys (T, I, H, P, F5, F9); optionally serves the
 * live scene to Python ({@code --remote}). With {@code --seconds} it stops by itself and prints (or writes) a JSON
 * summary with frame times, training work per frame, steps and the last update's metrics: the benchmark's probe.
 */
@Command(name = "game", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run an engine world in a game window and train its agents with PPO while it plays.",
                "Keys: T training, I inference, H heuristic, P pause, F5 save a checkpoint, F9 load the latest policy,"
                        + " Esc quit; with --player, arrows/WASD and Q/E steer the agent in heuristic mode."})
public final class GameCommand implements Callable<Integer> {
    @Option(names = "--env", paramLabel = "ID", defaultValue = EngineEnvs.CHASE,
            description = "a registered engine world, e.g. Chase-v0 or BallBalance-v0 (default: ${DEFAULT-VALUE})")
    String env;

    @Option(names = "--agents", paramLabel = "N", defaultValue = "1",
            description = "agents sharing one policy in the scene, for worlds that hold several (default: ${DEFAULT-VALUE})")
    int agents;

    @Mixin
    KwargOptions kwargOptions = new KwargOptions();

    @Option(names = "--mode", paramLabel = "M", defaultValue = "training",
            description = "first mode: training, inference, heuristic or remote (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--train", description = "same as --mode training")
    boolean train;

    @Option(names = "--policy", paramLabel = "PATH",
            description = "load this policy (run folder, checkpoint folder or policy file) and start in inference")
    Path policy;

    @Option(names = "--config", paramLabel = "FILE", description = "PPO settings (JSON; fields not given keep the in-game defaults)")
    Path configFile;

    @Option(names = "--update-mode", paramLabel = "U",
            description = "PPO update mode: TIME_SLICED, BACKGROUND or SYNC (overrides --config; default TIME_SLICED)")
    UpdateMode updateMode;

    @Option(names = "--slice-ms", paramLabel = "MS",
            description = "training budget per frame (and per TIME_SLICED slice), ms (overrides --config; default 8)")
    Double sliceMillis;

    @Option(names = "--speed", paramLabel = "X", defaultValue = "1",
            description = "simulated seconds per wall second (0: one decision per frame) (default: ${DEFAULT-VALUE})")
    double speed;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--run-dir", paramLabel = "DIR", defaultValue = "runs/ingame",
            description = "where F5 saves checkpoints and F9 loads from (default: ${DEFAULT-VALUE})")
    Path runDir;

    @Option(names = "--seconds", paramLabel = "T", defaultValue = "0",
            description = "quit after T wall-clock seconds and print a JSON summary (0: run until closed)")
    double seconds;

    @Option(names = "--save", description = "with --seconds: save a checkpoint to --run-dir when the time is up")
    boolean save;

    @Option(names = "--summary", paramLabel = "FILE", description = "write the JSON summary to FILE (atomically)")
    Path summaryFile;

    @Option(names = "--headless", description = "no window (jME headless context): for servers and tests")
    boolean headless;

    @Option(names = "--no-hud", description = "hide the HUD")
    boolean noHud;

    @Option(names = "--fps", paramLabel = "F", defaultValue = "60",
            description = "frame-rate cap of the window (0: uncapped) (default: ${DEFAULT-VALUE})")
    int fps;

    @Option(names = "--size", paramLabel = "WxH", defaultValue = "1024x768", description = "window size (default: ${DEFAULT-VALUE})")
    String size;

    @Option(names = "--player", description = "in heuristic mode the keyboard (arrows/WASD, Q/E) steers the first agent")
    boolean player;

    @Option(names = "--remote", description = "serve the live scene to Python (jmegym.connect) as Live<Env>, e.g. LiveChase-v0")
    boolean remote;

    @Option(names = "--port", paramLabel = "P", defaultValue = "0", description = "--remote: gateway port (0: a free one)")
    int port;

    @Option(names = "--token-file", paramLabel = "F",
            description = "--remote: write {\"protocol\",\"port\",\"token\"} to F instead of printing the token")
    Path tokenFile;

    @Override
    public Integer call() {
        GameMode start;
        try {
            start = train ? GameMode.TRAINING : GameMode.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("jmegym game: --mode " + mode + "; expected training, inference, heuristic or remote");
            return 2;
        }
        int[] wh = parseSize(size);
        if (wh == null) {
            System.err.println("jmegym game: --size " + size + "; expected WIDTHxHEIGHT, e.g. 1024x768");
            return 2;
        }
        EnvSpec spec;
        Map<String, Object> kwargs = kwargOptions.parsed();
        InGameConfig config;
        try {
            EngineWorld world;
            try {
                world = EngineWorlds.of(env);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--env " + env + ": " + e.getMessage());
            }
            if (agents != 1 && !world.supportsAgents()) {
                throw new IllegalArgumentException("--agents " + agents + ": " + env + " has one agent per scene; "
                        + "engine worlds with several agents: " + EngineWorlds.multiAgentIds());
            }
            spec = Envs.resolve(env, kwargs);
            PpoConfig base = InGameConfig.defaults().ppo();
            PpoConfig ppo = configFile == null ? base
                    : PpoConfig.fromJson(Files.readString(configFile), configFile.toString(), base);
            if (updateMode != null) {
                ppo = ppo.withUpdateMode(updateMode);
            }
            if (sliceMillis != null) {
                ppo = ppo.withSliceBudgetMillis(sliceMillis);
            }
            config = InGameConfig.defaults().withPpo(ppo).withSeed(seed).withSpeed(speed).withSaveDir(runDir)
                    .withMaxEpisodeSteps(spec.maxEpisodeSteps() == null ? 0 : spec.maxEpisodeSteps());
            // validates the id and kwargs here (a physics space is bound to its thread: the game builds its own)
            EngineWorlds.scene(env, agents, kwargs, AutoresetMode.SAME_STEP).close();
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("jmegym game: " + e.getMessage());
            return 2;
        }
        try {
            TrainingAppState state = new TrainingAppState(
                    () -> EngineWorlds.scene(env, agents, kwargs, AutoresetMode.SAME_STEP).simulation(), config,
                    start == GameMode.REMOTE ? GameMode.HEURISTIC : start);
            if (policy != null) {
                state.requestLoad(policy);
            }
            state.setPlayerControl(player);
            state.setEnvId(env);
            return run(state, wh, remote || start == GameMode.REMOTE ? spec : null);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("jmegym game: " + e.getMessage());
            return 1;
        }
    }

    /** Runs the game until it stops; with {@code remoteSpec}, serves the live scene once it is built. */
    private int run(TrainingAppState state, int[] wh, EnvSpec remoteSpec) {
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        FrameTimeRecorder frames = new FrameTimeRecorder(30);
        long[] startNanos = {-1};
        @SuppressWarnings("unchecked")
        java.util.concurrent.CompletableFuture<Path>[] saving = new java.util.concurrent.CompletableFuture[1];
        InGameApp app = new InGameApp(state, !noHud, a -> {
            long now = System.nanoTime();
            if (startNanos[0] < 0) {
                startNanos[0] = now;
            }
            if (seconds > 0 && now - startNanos[0] >= seconds * 1e9 && saving[0] == null) {
                saving[0] = save ? a.training().requestSave() : java.util.concurrent.CompletableFuture.completedFuture(null);
                saving[0].whenComplete((p, e) -> a.stop());
            }
        }) {
            @Override
            public void simpleInitApp() {
                super.simpleInitApp();
                stateManager.attach(frames);
            }

            @Override
            public void handleError(String errMsg, Throwable t) {
                failure.set(t == null ? new IllegalStateException(errMsg) : t);
                stop();
            }

            @Override
            public void destroy() {
                try {
                    super.destroy();
                } finally {
                    stopped.countDown();
                }
            }
        };
        AppSettings settings = new AppSettings(true);
        settings.setTitle("jmegym game: " + env);
        settings.setResolution(wh[0], wh[1]);
        settings.setFrameRate(headless ? 1_000_000_000 : (fps <= 0 ? -1 : fps));
        settings.setVSync(false);
        settings.setAudioRenderer(null);
        settings.setSamples(0);
        app.setSettings(settings);
        app.setShowSettings(false);
        app.setPauseOnLostFocus(false);
        Logger.getLogger("com.jme3").setLevel(Level.WARNING);
        app.start(headless ? JmeContext.Type.Headless : JmeContext.Type.Display);
        RemoteGame remoteGame = null;
        try {
            if (remoteSpec != null) {
                String liveId = "Live" + env;
                remoteGame = RemoteGame.start(state, liveId, remoteSpec.maxEpisodeSteps(),
                        GatewayOptions.defaults().withPort(port).withTokenFile(tokenFile));
                System.out.println(Protocol.READY_PREFIX + remoteGame.gateway().connectionJson(tokenFile == null));
                System.out.println("jmegym game: Python can drive the scene as jmegym/" + liveId);
                System.out.flush();
                RemoteGame g = remoteGame;
                Thread watcher = new Thread(() -> {
                    try {
                        g.gateway().awaitShutdownRequest();
                        app.stop();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "jmegym-game-shutdown-watch");
                watcher.setDaemon(true);
                watcher.start();
            }
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            app.stop(true);
        } catch (RuntimeException e) {
            app.stop(true);
            throw e;
        } finally {
            if (remoteGame != null) {
                remoteGame.close();
            }
        }
        if (failure.get() != null) {
            System.err.println("jmegym game: the game failed: " + failure.get());
            return 1;
        }
        if (saving[0] != null && saving[0].isCompletedExceptionally()) {
            System.err.println("jmegym game: " + state.stats().message());
            return 1;
        }
        if (saving[0] != null && saving[0].getNow(null) != null) {
            System.out.println("jmegym game: saved " + saving[0].getNow(null));
        }
        double wall = startNanos[0] < 0 ? 0 : (System.nanoTime() - startNanos[0]) / 1e9;
        String json = Json.GSON.toJson(summary(state, frames.frames(), wall));
        if (summaryFile != null) {
            AtomicFiles.writeString(summaryFile, json);
        }
        if (seconds > 0 || summaryFile != null) {
            System.out.println(json);
        }
        return 0;
    }

    private JsonObject summary(TrainingAppState state, Durations frameTimes, double wall) {
        TrainingStats s = state.stats();
        JsonObject o = new JsonObject();
        o.addProperty("env", env);
        o.addProperty("agents", state.agentCount());
        o.addProperty("mode", s.mode().name());
        o.addProperty("update_mode", state.trainer().config().updateMode().name());
        o.addProperty("headless", headless);
        o.addProperty("fps_cap", headless ? 0 : fps);
        o.addProperty("wall_seconds", wall);
        o.add("frame_ms", durations(frameTimes));
        o.add("training_work_ms", durations(s.trainingWork()));
        JsonObject steady = durations(s.steadyTrainingWork());
        double budget = state.trainer().config().sliceBudgetMillis();
        steady.addProperty("budget", budget);
        steady.addProperty("frames_over_budget", s.steadyTrainingWork().countAbove(budget));
        steady.addProperty("frames_over_2x_budget", s.steadyTrainingWork().countAbove(2 * budget));
        o.add("steady_training_work_ms", steady);
        o.addProperty("frames_deferring_decisions", s.framesDeferred());
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
            return p.length == 2 && w >= 64 && h >= 64 ? new int[] {w, h} : null;
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return null;
        }
    }
}
