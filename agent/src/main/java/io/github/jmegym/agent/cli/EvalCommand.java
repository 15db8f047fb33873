package io.github.jmegym.agent.cli;

import io.github.jmegym.agent.Policy;
import io.github.jmegym.agent.run.Checkpoint;
import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.Reset;
import io.github.jmegym.envs.Step;
import io.github.jmegym.envs.cli.EnvOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./jmegym eval}: runs a trained policy for some episodes and prints the mean and std of the return, the mean
 * episode length, and the success rate when the env reports {@code info["is_success"]} at episode end (the
 * Stable-Baselines3 convention).
 */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate a trained policy (run folder or checkpoint) and print mean and std return.",
                "--model is required; --env defaults to the env the model was trained on (required with a policy "
                        + "JSON file). Episode i is reset with seed S + i; -k kwargs change the env (e.g. "
                        + "-k max_episode_steps=200)."})
public final class EvalCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ModelOption modelOption = new ModelOption();

    @Mixin
    private EnvOptions env = new EnvOptions();

    @Option(names = "--episodes", paramLabel = "K", defaultValue = "10", description = "episodes (default: ${DEFAULT-VALUE})")
    private int episodes;

    @Option(names = "--stochastic", description = "sample actions instead of taking the most likely one")
    private boolean stochastic;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (episodes < 1) {
            throw new IllegalArgumentException("--episodes " + episodes + "; expected >= 1");
        }
        Path model = modelOption.require();
        long seed = env.seed();
        Policy policy = Policy.load(model);
        String id = env.id();
        if (id == null) {
            if (Files.isRegularFile(model)) {
                throw new IllegalArgumentException("--env ID is required with a policy file " + model);
            }
            var manifest = Checkpoint.manifest(Checkpoint.resolve(model));
            if (!manifest.has("env_id")) {
                throw new IllegalArgumentException("model " + model + " names no env; pass --env");
            }
            id = manifest.get("env_id").getAsString();
        }
        policy.seed(seed);
        double[] returns = new double[episodes];
        long totalLength = 0;
        int reportedSuccess = 0;
        int successes = 0;
        try (Env<Object, Object> e = Envs.make(id, env.kwargs())) {
            if (!e.observationSpace().equals(policy.observationSpace()) || !e.actionSpace().equals(policy.actionSpace())) {
                throw new IllegalArgumentException("model " + model + " was trained on " + policy.observationSpace()
                        + " / " + policy.actionSpace() + " but " + id + " has " + e.observationSpace() + " / "
                        + e.actionSpace());
            }
            for (int ep = 0; ep < episodes; ep++) {
                Reset<Object> r = e.reset(seed + ep);
                Object obs = r.observation();
                double total = 0;
                while (true) {
                    Step<Object> s = e.step(policy.act(obs, !stochastic));
                    total += s.reward();
                    obs = s.observation();
                    totalLength++;
                    if (s.done()) {
                        Object success = s.info().get("is_success");
                        if (success instanceof Boolean b) {
                            reportedSuccess++;
                            successes += b ? 1 : 0;
                        }
                        break;
                    }
                }
                returns[ep] = total;
            }
        }
        double mean = 0;
        for (double v : returns) {
            mean += v;
        }
        mean /= episodes;
        double var = 0;
        for (double v : returns) {
            var += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(var / episodes);
        out.printf(Locale.ROOT, "%s: mean return %.2f +/- %.2f (std) over %d episodes (%s actions, seeds %d..%d)%n",
                id, mean, std, episodes, stochastic ? "sampled" : "deterministic", seed, seed + episodes - 1);
        out.printf(Locale.ROOT, "mean episode length %.1f", (double) totalLength / episodes);
        if (reportedSuccess > 0) {
            out.printf(Locale.ROOT, "; success rate %.1f%% (%d of %d episodes that reported is_success)",
                    100.0 * successes / reportedSuccess, successes, reportedSuccess);
        }
        out.println();
        out.flush();
        return 0;
    }
}
