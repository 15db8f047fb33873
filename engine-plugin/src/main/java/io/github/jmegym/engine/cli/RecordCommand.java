package io.github.jmegym.engine.cli;

import io.github.jmegym.agent.Policy;
import io.github.jmegym.agent.cli.ModelOption;
import io.github.jmegym.engine.WorldEnv;
import io.github.jmegym.engine.record.RecordEpisodes;
import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.Step;
import io.github.jmegym.envs.cli.CliCommand;
import io.github.jmegym.envs.cli.EnvOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jmegym record}: runs episodes of an env with a trained policy, the world's heuristic or random actions
 * and records every episode (evaluation recording) to {@code DIR/<id>-ep<k>-seed<s>.jsonl.gz}.
 */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = {"Run episodes with a trained policy (--model), the NPC's heuristic or random actions and record "
                + "each one to DIR/<id>-ep<k>-seed<s>.jsonl.gz (see `jmegym replay` and `jmegym render`).",
            "--env and --out are required. Episode 0 is reset with --seed S, later ones with seeds drawn from S."})
public final class RecordCommand implements Callable<Integer>, CliCommand {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private EnvOptions env = new EnvOptions();

    @CommandLine.Mixin
    private ModelOption model = new ModelOption();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the recordings.")
    private Path out;

    @Option(names = "--episodes", defaultValue = "1", paramLabel = "K", description = "Episodes (default: ${DEFAULT-VALUE}).")
    private int episodes;

    @Option(names = "--policy", defaultValue = "auto", paramLabel = "P",
            description = "Without --model: heuristic (the NPC's scripted brain), random, or auto (heuristic when the env has "
                    + "one; default).")
    private String policy;

    @Override
    public Object command() {
        return new RecordCommand();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() {
        CommandLine cl = spec.commandLine();
        if (episodes < 1) {
            throw new CommandLine.ParameterException(cl, "--episodes=" + episodes + ": expected >= 1");
        }
        String envId = env.requireId();
        long seed = env.seed();
        Map<String, Object> k = env.kwargs();
        PrintWriter o = cl.getOut();
        try (RecordEpisodes<Object> rec = new RecordEpisodes<>((Env<double[], Object>) (Env<?, ?>) Envs.make(envId, k), out,
                RecordEpisodes.always(), seed)) {
            Function<double[], Object> brain = brain(rec, envId, seed, cl);
            for (int e = 0; e < episodes; e++) {
                double[] obs = (e == 0 ? rec.reset(seed, Map.of()) : rec.reset()).observation();
                double ret = 0;
                int steps = 0;
                Step<double[]> s;
                do {
                    s = rec.step(brain.apply(obs));
                    obs = s.observation();
                    ret += s.reward();
                    steps++;
                } while (!s.terminated() && !s.truncated());
                o.printf("episode %d: return %.3f, %d steps, %s -> %s%n", e, ret, steps,
                        s.terminated() ? "terminated" : "truncated", rec.written().get(rec.written().size() - 1));
                o.flush();
            }
        }
        return 0;
    }

    @SuppressWarnings("unchecked")
    private Function<double[], Object> brain(RecordEpisodes<Object> env, String envId, long seed, CommandLine cl) {
        if (model.path() != null) {
            Policy p = Policy.load(model.require());
            return obs -> p.act(obs, true);
        }
        WorldEnv<Object> world = env.unwrapped() instanceof WorldEnv<?> w ? (WorldEnv<Object>) w : null;
        return switch (policy) {
            case "heuristic" -> {
                if (world == null) {
                    throw new CommandLine.ParameterException(cl, "--policy heuristic: " + envId + " is not an engine world with a heuristic");
                }
                yield obs -> world.agent().heuristic(obs);
            }
            case "auto" -> world != null ? obs -> world.agent().heuristic(obs) : randomBrain(env, seed);
            case "random" -> randomBrain(env, seed);
            default -> throw new CommandLine.ParameterException(cl, "--policy " + policy + ": expected heuristic, random or auto");
        };
    }

    private static Function<double[], Object> randomBrain(RecordEpisodes<Object> env, long seed) {
        env.actionSpace().seed(seed);
        return obs -> env.actionSpace().sample();
    }
}
