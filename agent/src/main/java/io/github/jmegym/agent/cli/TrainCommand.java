package io.github.jmegym.agent.cli;

import io.github.jmegym.agent.PpoConfig;
import io.github.jmegym.agent.PpoTrainer;
import io.github.jmegym.agent.Presets;
import io.github.jmegym.agent.run.AtomicFiles;
import io.github.jmegym.agent.run.Checkpoint;
import io.github.jmegym.agent.run.JsonlMetricsSink;
import io.github.jmegym.agent.run.LearningCurve;
import io.github.jmegym.agent.run.ProgressSink;
import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.EnvSpec;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.vector.VectorEnv;
import io.github.jmegym.envs.vector.VectorMode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./jmegym train}: PPO on any registered env, into a run folder with metrics, curve and checkpoints. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a PPO agent (ND4J) on a registered env.",
                "Uses the env's shipped preset unless --config is given; stops when the mean return of the last 10 "
                        + "episodes reaches the env's reward threshold, unless --steps is given."})
public final class TrainCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--env", paramLabel = "ID", description = "env id, e.g. CartPole-v1 (default with --resume: the run's)")
    private String envId;

    @Option(names = "--steps", paramLabel = "N", description = "env steps to train for (sets totalSteps, the annealing "
            + "horizon); without it: the preset's totalSteps, stopping early at the reward threshold")
    private Long steps;

    @Option(names = "--config", paramLabel = "FILE", description = "PPO settings (JSON; fields not given keep their defaults)")
    private Path configFile;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "seed (default: ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "run folder (default: runs/<env>-<time>-s<seed>)")
    private Path out;

    @Option(names = "--resume", paramLabel = "DIR", description = "continue the run in DIR from its latest checkpoint")
    private Path resume;

    @Option(names = "--stop-at", paramLabel = "R", description = "stop when the last-10 mean return reaches R "
            + "(default: the env's reward threshold when --steps is not given)")
    private Double stopAt;

    @Option(names = "--threaded", description = "step sub-envs on threads (ThreadedVectorEnv) instead of in sequence")
    private boolean threaded;

    @Option(names = "--no-progress", description = "no progress bar (log lines only)")
    private boolean noProgress;

    @Override
    public Integer call() {
        PrintWriter outw = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(outw, err);
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("train: " + e.getMessage());
            err.flush();
            return 2;
        }
    }

    private int run(PrintWriter outw, PrintWriter err) {
        quietNd4jLogging();
        Path runDir;
        PpoConfig config;
        Path ckpt = null;
        if (resume != null) {
            ckpt = Checkpoint.resolve(resume);
            runDir = ckpt.getParent().getParent();
            var manifest = Checkpoint.manifest(ckpt);
            if (envId == null) {
                if (!manifest.has("env_id")) {
                    throw new IllegalArgumentException("--resume " + resume + ": the checkpoint names no env; pass --env");
                }
                envId = manifest.get("env_id").getAsString();
            }
            String cfgText = Checkpoint.readVerified(ckpt, Checkpoint.CONFIG).get(Checkpoint.CONFIG);
            config = PpoConfig.fromJson(cfgText, ckpt.resolve(Checkpoint.CONFIG).toString());
            if (configFile != null) {
                config = PpoConfig.fromJson(read(configFile), configFile.toString(), config);
            }
        } else {
            if (envId == null) {
                throw new IllegalArgumentException("--env ID is required (known ids: " + Envs.ids() + ")");
            }
            Envs.spec(envId);
            config = configFile != null ? PpoConfig.fromJson(read(configFile), configFile.toString())
                    : Presets.forEnv(envId);
            runDir = out != null ? out : Path.of("runs", envId + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-s" + seed);
        }
        EnvSpec envSpec = Envs.spec(envId);
        if (steps != null) {
            config = config.withTotalSteps(steps);
        }
        Double stop = stopAt != null ? stopAt : (steps == null ? envSpec.rewardThreshold() : null);
        try (VectorEnv<Object, Object> env = Envs.makeVec(envId, config.nEnvs(),
                threaded ? VectorMode.THREADED : VectorMode.SYNC, AutoresetMode.SAME_STEP, Map.of())) {
            PpoTrainer trainer = ckpt != null ? PpoTrainer.resume(ckpt, env, config) : new PpoTrainer(env, config, seed);
            try {
                Files.createDirectories(runDir);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot create run folder " + runDir + ": " + e.getMessage(), e);
            }
            AtomicFiles.writeString(runDir.resolve(Checkpoint.CONFIG), config.toJsonString());
            outw.println("run folder: " + runDir.toAbsolutePath().normalize());
            outw.println("env " + envId + ", config " + (configFile != null ? configFile
                    : ckpt != null ? ckpt.resolve(Checkpoint.CONFIG) : "preset " + Presets.presetName(envId))
                    + ", seed " + trainer.seed() + (stop != null ? ", stopping at mean return " + stop : "")
                    + (ckpt != null ? ", resuming at step " + trainer.totalSteps() : ""));
            outw.flush();
            long remaining = config.totalSteps() - trainer.totalSteps();
            if (remaining <= 0) {
                throw new IllegalArgumentException("the run already has " + trainer.totalSteps() + " steps of totalSteps="
                        + config.totalSteps() + "; pass a larger --steps to continue");
            }
            LearningCurve curve = new LearningCurve(envId);
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("env_id", envId);
            long every = config.checkpointEvery();
            long[] lastCkpt = {trainer.totalSteps()};
            try (JsonlMetricsSink jsonl = new JsonlMetricsSink(runDir.resolve("metrics.jsonl"));
                 ProgressSink bar = noProgress ? null : new ProgressSink(envId, trainer.totalSteps(), config.totalSteps())) {
                trainer.addMetricsSink(jsonl).addMetricsSink(curve);
                if (bar != null) {
                    trainer.addMetricsSink(bar);
                }
                PpoTrainer.LearnResult r = trainer.learn(remaining, stop, t -> {
                    if (every > 0 && t.totalSteps() - lastCkpt[0] >= every) {
                        lastCkpt[0] = t.totalSteps();
                        t.checkpoint(runDir, info);
                        curve.write(runDir.resolve("learning_curve.png"));
                    }
                });
                Path saved = trainer.checkpoint(runDir, info);
                curve.write(runDir.resolve("learning_curve.png"));
                if (bar != null) {
                    bar.close();
                }
                double fps = (r.totalSteps() - (config.totalSteps() - remaining)) / r.seconds();
                String status = r.solvedAtStep() != null
                        ? String.format(Locale.ROOT, "solved: mean return of the last 10 episodes %.1f >= %.1f at step %d",
                        r.meanReturn10(), stop, r.solvedAtStep())
                        : String.format(Locale.ROOT, "finished %d steps: mean return of the last 10 episodes %.1f",
                        r.totalSteps(), r.meanReturn10());
                outw.printf(Locale.ROOT, "%s: %s; %d updates, %d episodes, %.1f s, %.0f steps/s; checkpoint %s%n", envId,
                        status, r.updates(), r.episodes(), r.seconds(), fps, saved);
                outw.flush();
            } finally {
                trainer.close();
            }
        }
        return 0;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e, e);
        }
    }

    /** ND4J logs its backend banner at INFO through SLF4J; keep the console to the progress bar. */
    static void quietNd4jLogging() {
        if (System.getProperty("org.slf4j.simpleLogger.log.org.nd4j") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.nd4j", "warn");
            System.setProperty("org.slf4j.simpleLogger.log.org.nd4j.linalg.factory.Nd4jBackend", "warn");
        }
    }
}
