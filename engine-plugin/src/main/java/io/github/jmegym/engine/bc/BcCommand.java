package io.github.jmegym.engine.bc;

import com.google.gson.JsonObject;
import io.github.jmegym.agent.Algo;
import io.github.jmegym.agent.PpoConfig;
import io.github.jmegym.agent.PpoTrainer;
import io.github.jmegym.agent.Presets;
import io.github.jmegym.agent.cli.BcOptions;
import io.github.jmegym.agent.cli.TrainCommand;
import io.github.jmegym.agent.run.AtomicFiles;
import io.github.jmegym.agent.run.Checkpoint;
import io.github.jmegym.agent.run.RunFolder;
import io.github.jmegym.agent.run.RunPlan;
import io.github.jmegym.agent.run.RunRecord;
import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.cli.CliCommand;
import io.github.jmegym.envs.cli.EnvOptions;
import io.github.jmegym.envs.spaces.Space;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jmegym bc}: behaviour cloning only. Pretrains the network of the env's preset for {@code --algo} on recorded
 * episodes and writes a run folder whose checkpoint {@code eval}, {@code play --model} and {@code train --resume}
 * (which then continues with that algorithm) load.
 */
@Command(name = "bc", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Behaviour cloning: fit the policy to the actions of recorded episodes (maximum likelihood) and the "
                + "critic to their discounted returns, then write a run folder (eval / play --model / train --resume).",
                "--env (the env the demonstrations are of), --demos and --out are required; --seed seeds the network "
                        + "initialisation and the minibatch order."})
public final class BcCommand implements Callable<Integer>, CliCommand {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private EnvOptions env = new EnvOptions();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "run folder, new or empty")
    private Path out;

    @Option(names = "--algo", paramLabel = "NAME", defaultValue = "ppo", description = "the update rule the run is "
            + "for (ppo, ppo-kl, trpo or npg): the network, settings and checkpoint of the env's preset for it, so "
            + "`train --resume` continues with it (default: ${DEFAULT-VALUE})")
    private String algoName = "ppo";

    @Option(names = "--overwrite", description = "clear a non-empty --out first (only if it holds nothing but run files)")
    private boolean overwrite;

    @Mixin
    private BcOptions bc = new BcOptions();

    @Override
    public Object command() {
        return new BcCommand();
    }

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        return run(o);
    }

    private int run(PrintWriter o) {
        TrainCommand.quietNd4jLogging();
        if (bc.demos() == null) {
            throw new IllegalArgumentException("--demos DIR is required (a folder of `jmegym record` episodes)");
        }
        String envId = env.requireId();
        long seed = env.seed();
        Map<String, Object> k = env.kwargs();
        Space<?> obsSpace;
        Space<?> actSpace;
        try (Env<?, ?> e = Envs.make(envId, k)) {
            obsSpace = e.observationSpace();
            actSpace = e.actionSpace();
        }
        PpoConfig config = Presets.forEnv(envId, Algo.parse(algoName, "--algo"));
        try (PpoTrainer trainer = PpoTrainer.forSpaces(obsSpace, actSpace, config, seed)) {
            bc.cloneInto(trainer, envId, obsSpace, actSpace, o);
            RunFolder.claimFresh(out, overwrite);
            AtomicFiles.writeString(out.resolve(Checkpoint.CONFIG), config.toJsonString());
            RunPlan plan = new RunPlan(config.totalSteps(), Envs.spec(envId).rewardThreshold(), RunPlan.DEFAULT_KEEP);
            RunRecord record = RunRecord.start(out, envId, seed, 0, plan, List.of());
            JsonObject finished = new JsonObject();
            finished.addProperty("reason", "behaviour_cloning");
            finished.addProperty("step", 0);
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("env_id", envId);
            info.put(RunPlan.KEY, plan.toJson());
            info.put("demos", bc.demos().toAbsolutePath().normalize().toString());
            info.put("bc_epochs", bc.epochs());
            info.put(RunRecord.FINISHED, finished);
            Path saved = trainer.checkpoint(out, info);
            record.finish(finished);
            o.println("run folder: " + out.toAbsolutePath().normalize() + ", checkpoint " + saved + ", algo "
                    + config.algo().id() + " (preset " + Presets.presetName(envId, config.algo()) + ")");
            o.flush();
        }
        return 0;
    }
}
