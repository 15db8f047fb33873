package io.github.jmegym.agent.cli;

import com.google.gson.JsonObject;
import io.github.jmegym.agent.Algo;
import io.github.jmegym.agent.PpoConfig;
import io.github.jmegym.agent.PpoTrainer;
import io.github.jmegym.agent.Presets;
import io.github.jmegym.agent.run.AtomicFiles;
import io.github.jmegym.agent.run.Checkpoint;
import io.github.jmegym.agent.run.JsonlMetricsSink;
import io.github.jmegym.agent.run.LearningCurve;
import io.github.jmegym.agent.run.ProgressSink;
import io.github.jmegym.agent.run.RunFolder;
import io.github.jmegym.agent.run.RunPlan;
import io.github.jmegym.agent.run.RunRecord;
import io.github.jmegym.agent.tensorboard.TensorBoardSink;
import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.EnvSpec;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.Kwargs;
import io.github.jmegym.envs.cli.EnvOptions;
import io.github.jmegym.envs.vector.VectorEnv;
import io.github.jmegym.envs.vector.VectorMode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./jmegym train}: PPO on any registered env, into a run folder with metrics, curve and checkpoints. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train an agent (ND4J; PPO, PPO-KL, TRPO or NPG, see --algo) on a registered env.",
                "Uses the env's shipped preset (--config FILE: the file's fields over it); stops when the mean return of the last 10 "
                        + "episodes reaches the env's reward threshold, unless --steps is given.",
                "--env is required, except with --resume (default: the run's). --seed seeds the network, the sampling "
                        + "and the sub-envs' first resets (sub-env i: S + i); a resumed run keeps its own seed."})
public final class TrainCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private EnvOptions env = new EnvOptions();

    /** The env trained: {@code --env}, or with {@code --resume} the run's. */
    private String envId;

    /** The {@code --seed}. */
    private long seed;

    @Option(names = "--steps", paramLabel = "N", description = "env steps of the whole run (>= 1; sets totalSteps, the "
            + "annealing horizon); without it: the preset's totalSteps, stopping early at the reward threshold. With "
            + "--resume: a new total for the run, recorded in run.json")
    private Long steps;

    @Mixin
    private ConfigOption configOption = new ConfigOption();

    @Mixin
    private UpdateModeOptions updateModes = new UpdateModeOptions();

    @Option(names = "--algo", paramLabel = "NAME", description = "update rule: ppo (default, or the --config file's \"algo\"), "
            + "ppo-kl, trpo or npg; picks the env's preset for it (e.g. CartPole-v1.trpo.json), under --config's fields "
            + "(a file naming another one is refused); with --resume, must be the run's")
    private String algoName;

    @Option(names = "--out", paramLabel = "DIR", description = "run folder, new or empty (default: "
            + "runs/<env>-<time>-s<seed>)")
    private Path out;

    @Option(names = "--overwrite", description = "clear a non-empty --out first (only if it holds nothing but run files)")
    private boolean overwrite;

    @Option(names = "--resume", paramLabel = "DIR", description = "continue the run in DIR from its latest checkpoint, "
            + "with the steps, stop rule and retention it was started with")
    private Path resume;

    @Option(names = "--stop-at", paramLabel = "R", description = "stop when the last-10 mean return reaches R "
            + "(default: the env's reward threshold when --steps is not given; with --resume: the run's)")
    private Double stopAt;

    @Option(names = "--keep-checkpoints", paramLabel = "K", description = "keep the last K checkpoints and the best "
            + "(by mean return), 0 = all (default: " + RunPlan.DEFAULT_KEEP + "; with --resume: the run's)")
    private Integer keepCheckpoints;

    @Mixin
    private BcOptions bc = new BcOptions();

    @Option(names = "--threaded", description = "step sub-envs on threads (ThreadedVectorEnv) instead of in sequence")
    private boolean threaded;

    @Option(names = "--no-progress", description = "no progress bar (log lines only)")
    private boolean noProgress;

    @Override
    public Integer call() {
        PrintWriter outw = spec.commandLine().getOut();
        return run(outw);
    }

    private void checkOptions() {
        if (steps != null && steps < 1) {
            throw new IllegalArgumentException("--steps " + steps + ": expected a number of env steps >= 1");
        }
        if (keepCheckpoints != null && keepCheckpoints < 0) {
            throw new IllegalArgumentException("--keep-checkpoints " + keepCheckpoints
                    + ": expected a number of checkpoints >= 1, or 0 to keep all");
        }
        if (stopAt != null && !Double.isFinite(stopAt)) {
            throw new IllegalArgumentException("--stop-at " + stopAt + ": expected a finite mean return");
        }
        if (resume != null && bc.demos() != null) {
            throw new IllegalArgumentException("--demos with --resume: a resumed run continues from its checkpoint; "
                    + "clone in a new run (train --demos DIR --out NEW)");
        }
        if (resume != null && overwrite) {
            throw new IllegalArgumentException("--overwrite with --resume: --resume continues the run in its folder, "
                    + "--overwrite starts a new one; pass one of them");
        }
    }

    /** What a resume continues: its checkpoint, run folder and plan, and what the command line changed. */
    private record Start(Path ckpt, Path runDir, PpoConfig config, RunPlan plan, List<String> changes) {
    }

    private int run(PrintWriter outw) {
        quietNd4jLogging();
        envId = env.id();
        seed = env.seed();
        checkOptions();
        Start start = resume != null ? resumeStart() : freshStart();
        Path runDir = start.runDir();
        Path ckpt = start.ckpt();
        RunPlan plan = start.plan();
        PpoConfig config = updateModes.apply(start.config()).withTotalSteps(plan.totalSteps());
        Map<String, Object> envKwargs = env.kwargs();
        if (envKwargs.containsKey(Envs.AGENTS)) {
            int agents = new Kwargs(envKwargs, "-k " + Envs.AGENTS).getInt(Envs.AGENTS, 1, 1, Integer.MAX_VALUE);
            outw.println(Envs.AGENTS + "=" + agents + ": one scene with " + agents + " agents, nEnvs " + agents
                    + (agents == config.nEnvs() ? "" : " (instead of the config's " + config.nEnvs() + ")"));
            config = config.withNEnvs(agents);
        }
        try (VectorEnv<Object, Object> vec = Envs.makeVec(envId, config.nEnvs(),
                threaded ? VectorMode.THREADED : VectorMode.SYNC, AutoresetMode.SAME_STEP, envKwargs)) {
            PpoTrainer trainer = ckpt != null ? PpoTrainer.resume(ckpt, vec, config) : new PpoTrainer(vec, config, seed);
            try {
                long remaining = plan.totalSteps() - trainer.totalSteps();
                if (remaining <= 0) {
                    throw new IllegalArgumentException("the run in " + runDir + " already has " + trainer.totalSteps()
                            + " of its " + plan.totalSteps() + " env steps; pass a larger --steps to continue it");
                }
                if (bc.demos() != null) {
                    bc.cloneInto(trainer, envId, vec.singleObservationSpace(), vec.singleActionSpace(), outw);
                }
                Path metrics = runDir.resolve(RunFolder.METRICS);
                List<String> notes = new ArrayList<>();
                if (ckpt == null) {
                    RunFolder.claimFresh(runDir, overwrite);
                } else {
                    List<String> stale = RunFolder.cleanStaleTemps(runDir);
                    if (!stale.isEmpty()) {
                        notes.add("removed " + stale.size() + " temp(s) of killed writers " + stale);
                    }
                    int cut = JsonlMetricsSink.trimAfter(metrics, trainer.totalSteps(), runDir.resolve(RunFolder.METRICS_DISCARDED));
                    if (cut > 0) {
                        notes.add("moved " + cut + " metrics line(s) written after step " + trainer.totalSteps()
                                + " to " + RunFolder.METRICS_DISCARDED);
                    }
                }
                AtomicFiles.writeString(runDir.resolve(Checkpoint.CONFIG), config.toJsonString());
                RunRecord record = RunRecord.start(runDir, envId, trainer.seed(), trainer.totalSteps(), plan, start.changes());
                outw.println("run folder: " + runDir.toAbsolutePath().normalize());
                String over = configOption.file() != null ? configOption.file() + " over " : "";
                outw.println("env " + envId + ", config " + over + (ckpt != null ? ckpt.resolve(Checkpoint.CONFIG)
                        : "preset " + Presets.presetName(envId, config.algo())) + ", algo " + config.algo().id()
                        + ", seed " + trainer.seed() + (plan.stopAtMeanReturn() != null ? ", stopping at mean return "
                        + plan.stopAtMeanReturn() : "") + (ckpt != null ? ", resuming at step " + trainer.totalSteps() : ""));
                if (ckpt != null) {
                    outw.println("plan: " + plan.describe() + (start.changes().isEmpty() ? " (as recorded)"
                            : " (changed on resume: " + String.join("; ", start.changes()) + ")"));
                }
                notes.forEach(n -> outw.println("note: " + n));
                outw.flush();
                train(outw, trainer, runDir, plan, remaining, record);
            } finally {
                trainer.close();
            }
        }
        return 0;
    }

    private void train(PrintWriter outw, PpoTrainer trainer, Path runDir, RunPlan plan, long remaining, RunRecord record) {
        Path metrics = runDir.resolve(RunFolder.METRICS);
        LearningCurve curve = new LearningCurve(envId).addAll(metrics);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("env_id", envId);
        info.put(RunPlan.KEY, plan.toJson());
        long every = trainer.config().checkpointEvery();
        long[] lastCkpt = {trainer.totalSteps()};
        long startSteps = trainer.totalSteps();
        try (JsonlMetricsSink jsonl = new JsonlMetricsSink(metrics);
             TensorBoardSink tensorBoard = new TensorBoardSink(runDir, trainer.totalSteps());
             ProgressSink bar = noProgress ? null : new ProgressSink(envId, trainer.totalSteps(), plan.totalSteps())) {
            trainer.addMetricsSink(jsonl).addMetricsSink(tensorBoard).addMetricsSink(curve);
            if (bar != null) {
                trainer.addMetricsSink(bar);
            }
            PpoTrainer.LearnResult r = trainer.learn(remaining, plan.stopAtMeanReturn(), t -> {
                if (every > 0 && t.totalSteps() - lastCkpt[0] >= every) {
                    lastCkpt[0] = t.totalSteps();
                    t.checkpoint(runDir, info);
                    Checkpoint.prune(runDir, plan.keepCheckpoints());
                    curve.write(runDir.resolve(RunFolder.CURVE));
                }
            });
            JsonObject finished = new JsonObject();
            finished.addProperty("reason", r.solvedAtStep() != null ? "solved" : "total_steps");
            finished.addProperty("step", r.totalSteps());
            if (Double.isFinite(r.meanReturn10())) {
                finished.addProperty("mean_return_10", r.meanReturn10());
            }
            info.put(RunRecord.FINISHED, finished);
            Path saved = trainer.checkpoint(runDir, info);
            Checkpoint.prune(runDir, plan.keepCheckpoints());
            curve.write(runDir.resolve(RunFolder.CURVE));
            record.finish(finished);
            if (bar != null) {
                bar.close();
            }
            double fps = (r.totalSteps() - startSteps) / r.seconds();
            String status = r.solvedAtStep() != null
                    ? String.format(Locale.ROOT, "solved: mean return of the last 10 episodes %.1f >= %.1f at step %d",
                    r.meanReturn10(), plan.stopAtMeanReturn(), r.solvedAtStep())
                    : String.format(Locale.ROOT, "finished %d steps: mean return of the last 10 episodes %.1f",
                    r.totalSteps(), r.meanReturn10());
            outw.printf(Locale.ROOT, "%s: %s; %d updates, %d episodes, %.1f s, %.0f steps/s; checkpoint %s%n", envId,
                    status, r.updates(), r.episodes(), r.seconds(), fps, saved);
            outw.flush();
        }
    }

    private Start freshStart() {
        if (envId == null) {
            throw new IllegalArgumentException("--env ID is required (known ids: " + Envs.ids() + ")");
        }
        EnvSpec envSpec = Envs.spec(envId);
        PpoConfig config = configOption.resolve(envId, algo());
        Path runDir = out != null ? out : Path.of("runs", envId + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-s" + seed);
        RunPlan plan = new RunPlan(steps != null ? steps : config.totalSteps(),
                stopAt != null ? stopAt : (steps == null ? envSpec.rewardThreshold() : null),
                keepCheckpoints != null ? keepCheckpoints : RunPlan.DEFAULT_KEEP);
        return new Start(null, runDir, config, plan, List.of());
    }

    /** The {@code --algo} given, or null. */
    private Algo algo() {
        return algoName == null ? null : Algo.parse(algoName, "--algo");
    }

    /** {@code config} with {@code --algo}, refusing a config that names another algorithm explicitly. */
    private static PpoConfig withAlgo(PpoConfig config, Algo algo, String source) {
        if (algo == null || config.algo() == algo) {
            return config;
        }
        if (config.algo() != Algo.PPO) {
            throw new IllegalArgumentException("--algo " + algo.id() + ": " + source + " sets algo "
                    + config.algo().id() + "; give one of them");
        }
        return config.withAlgo(algo);
    }

    private Start resumeStart() {
        Path ckpt = Checkpoint.resolve(resume);
        Path runDir = ckpt.toAbsolutePath().getParent().getParent();
        if (out != null && !sameFile(out, runDir)) {
            throw new IllegalArgumentException("--out " + out + " with --resume " + resume + ": a resumed run stays in "
                    + "its own folder " + runDir + "; drop --out");
        }
        List<Path> all = Checkpoint.list(runDir);
        if (!all.isEmpty() && !sameFile(all.get(all.size() - 1), ckpt)) {
            throw new IllegalArgumentException("--resume " + resume + ": " + ckpt.getFileName() + " is not the latest "
                    + "checkpoint of " + runDir + " (" + all.get(all.size() - 1).getFileName() + " is); resuming an "
                    + "earlier one would mix two histories in one folder: resume " + runDir + ", or copy the checkpoint "
                    + "into a new folder and resume that");
        }
        Path manifestFile = ckpt.resolve(Checkpoint.MANIFEST);
        JsonObject manifest = Checkpoint.manifest(ckpt);
        String runEnv = manifest.has("env_id") ? manifest.get("env_id").getAsString() : null;
        if (envId == null) {
            if (runEnv == null) {
                throw new IllegalArgumentException("--resume " + resume + ": the checkpoint names no env; pass --env");
            }
            envId = runEnv;
        } else if (runEnv != null && !runEnv.equals(envId)) {
            throw new IllegalArgumentException("--env " + envId + " with --resume " + resume + ": the run trains "
                    + runEnv + " (" + manifestFile + "); drop --env or start a new run");
        }
        String cfgText = Checkpoint.readVerified(ckpt, Checkpoint.CONFIG).get(Checkpoint.CONFIG);
        PpoConfig checkpointConfig = PpoConfig.fromJson(cfgText, ckpt.resolve(Checkpoint.CONFIG).toString());
        PpoConfig config = checkpointConfig;
        Algo algo = algo();
        if (algo != null && algo != checkpointConfig.algo()) {
            throw new IllegalArgumentException("--algo " + algo.id() + " with --resume " + resume + ": the run trains with "
                    + "algo " + checkpointConfig.algo().id() + "; drop --algo or start a new run");
        }
        if (configOption.file() != null) {
            config = PpoConfig.fromJson(read(configOption.file()), configOption.file().toString(), config);
            config = withAlgo(config, algo, "--config " + configOption.file());
            if (config.totalSteps() != checkpointConfig.totalSteps() && steps == null) {
                throw new IllegalArgumentException("--config " + configOption.file() + " with --resume sets totalSteps="
                        + config.totalSteps() + " (the run's is " + checkpointConfig.totalSteps() + "); the length of a "
                        + "resumed run is its recorded plan: pass --steps " + config.totalSteps() + " to change it");
            }
        }
        List<String> changes = new ArrayList<>();
        RunPlan recorded;
        if (manifest.has(RunPlan.KEY)) {
            recorded = RunPlan.fromJson(manifest.get(RunPlan.KEY), manifestFile.toString());
        } else {
            recorded = new RunPlan(checkpointConfig.totalSteps(), null, RunPlan.DEFAULT_KEEP);
            changes.add("the checkpoint records no plan (written before plans were recorded): assumed its config's "
                    + "totalSteps and no early stop");
        }
        RunPlan plan = recorded;
        if (steps != null && steps != plan.totalSteps()) {
            changes.add("--steps: totalSteps " + plan.totalSteps() + " -> " + steps);
            plan = new RunPlan(steps, plan.stopAtMeanReturn(), plan.keepCheckpoints());
        }
        if (stopAt != null && !stopAt.equals(plan.stopAtMeanReturn())) {
            changes.add("--stop-at: stop at mean return " + plan.stopAtMeanReturn() + " -> " + stopAt);
            plan = new RunPlan(plan.totalSteps(), stopAt, plan.keepCheckpoints());
        }
        if (keepCheckpoints != null && keepCheckpoints != plan.keepCheckpoints()) {
            changes.add("--keep-checkpoints: " + plan.keepCheckpoints() + " -> " + keepCheckpoints);
            plan = new RunPlan(plan.totalSteps(), plan.stopAtMeanReturn(), keepCheckpoints);
        }
        if (manifest.has(RunRecord.FINISHED) && plan.equals(recorded)) {
            throw new IllegalArgumentException("--resume " + resume + ": the run is finished ("
                    + manifest.get(RunRecord.FINISHED) + " in " + manifestFile + "); pass a larger --steps or another "
                    + "--stop-at to continue it");
        }
        return new Start(ckpt, runDir, config, plan, changes);
    }

    private static boolean sameFile(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    static String read(Path file) {
        return AtomicFiles.readString(file);
    }

    /** ND4J logs its backend banner at INFO through SLF4J; keep the console to the progress bar. */
    public static void quietNd4jLogging() {
        if (System.getProperty("org.slf4j.simpleLogger.log.org.nd4j") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.nd4j", "warn");
            System.setProperty("org.slf4j.simpleLogger.log.org.nd4j.linalg.factory.Nd4jBackend", "warn");
        }
    }
}
