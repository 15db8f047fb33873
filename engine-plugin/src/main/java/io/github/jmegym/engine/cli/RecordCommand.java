package io.github.jmegym.engine.cli;

import io.github.jmegym.agent.Policy;
import io.github.jmegym.engine.WorldEnv;
import io.github.jmegym.engine.record.RecordEpisodes;
import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.Step;
import io.github.jmegym.envs.cli.CliCommand;
import io.github.jmegym.envs.cli.KwargOptions;
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
                + "each one to DIR/<id>-ep<k>-seed<s>.jsonl.gz (see `jmegym replay` and `jmegym render`)."})
public final class RecordCommand implements Callable<Integer>, CliCommand {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--env", required = true, paramLabel = "ID", description = "Registered env id, e.g. Chase-v0.")
    private String envId;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the recordings.")
    private Path out;

    @Option(names = "--episodes", defaultValue = "1", paramLabel = "K", description = "Episodes (default: ${DEFAULT-VALUE}).")
    private int episodes;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
            description = "Seed of the first episode; later ones get seeds drawn from it (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--model", paramLabel = "DIR", description = "A trained policy (run folder, checkpoint or policy JSON).")
    private Path model;

    @Option(names = "--policy", defaultValue = "auto", paramLabel = "P",
            description = "Without --model: heuristic (the NPC's scripted brain), random, or auto (heuristic when the env has "
                    + "one; default).")
    private String policy;

    @CommandLine.Mixin
    private KwargOptions kwargs = new KwargOptions();

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
        Map<String, Object> k = kwargs.parsed();
        PrintWriter o = cl.getOut();
        try (RecordEpisodes<Object> env = new RecordEpisodes<>((Env<double[], Object>) (Env<?, ?>) Envs.make(envId, k), out,
                RecordEpisodes.always(), seed)) {
            Function<double[], Object> brain = brain(env, cl);
            for (int e = 0; e < episodes; e++) {
                double[] obs = (e == 0 ? env.reset(seed, Map.of()) : env.reset()).observation();
                double ret = 0;
                int steps = 0;
                Step<double[]> s;
                do {
                    s = env.step(brain.apply(obs));
                    obs = s.observation();
                    ret += s.reward();
                    steps++;
                } while (!s.terminated() && !s.truncated());
                o.printf("episode %d: return %.3f, %d steps, %s -> %s%n", e, ret, steps,
                        s.terminated() ? "terminated" : "truncated", env.written().get(env.written().size() - 1));
                o.flush();
            }
        }
        return 0;
    }

    @SuppressWarnings("unchecked")
    private Function<double[], Object> brain(RecordEpisodes<Object> env, CommandLine cl) {
        if (model != null) {
            Policy p = Policy.load(model);
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
            case "auto" -> world != null ? obs -> world.agent().heuristic(obs) : randomBrain(env);
            case "random" -> randomBrain(env);
            default -> throw new CommandLine.ParameterException(cl, "--policy " + policy + ": expected heuristic, random or auto");
        };
    }

    private Function<double[], Object> randomBrain(RecordEpisodes<Object> env) {
        env.actionSpace().seed(seed);
        return obs -> env.actionSpace().sample();
    }
}
