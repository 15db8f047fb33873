package io.github.jmegym.envs.cli;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.Json;
import io.github.jmegym.envs.Reset;
import io.github.jmegym.envs.Step;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jmegym rollout}: runs a random policy (the action space's seeded sampler) in an env, prints each
 * episode's return and length, and optionally writes a JSON-lines trace of every reset and step.
 */
@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = {"Run a random policy in an env and print each episode's return and length.",
            "--env is required. --seed seeds the first reset and the random actions; later episodes continue the env's "
                + "own random stream (drawn from S).",
            "With --trace, write one JSON line per reset ({\"reset\": true, \"seed\": .., \"obs\": [..]}) and per step "
                + "({\"action\": .., \"obs\": [..], \"reward\": .., \"terminated\": .., \"truncated\": ..})."})
public final class RolloutCommand implements Callable<Integer>, CliCommand {
    private static final Gson TRACE = Json.GSON.newBuilder().serializeNulls().create();

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private EnvOptions env = new EnvOptions();

    @ArgGroup(exclusive = true)
    private Length length;

    /** Either a number of episodes or a number of steps. */
    static final class Length {
        @Option(names = "--episodes", paramLabel = "K", description = "Number of episodes (default 5).")
        private Integer episodes;

        @Option(names = "--steps", paramLabel = "N", description = "Number of steps, across episodes.")
        private Integer steps;
    }

    @Option(names = "--trace", paramLabel = "FILE", description = "Write the JSON-lines trace to FILE (written atomically).")
    private Path trace;

    @Override
    public Object command() {
        return new RolloutCommand();
    }

    @Override
    public Integer call() throws IOException {
        CommandLine cl = spec.commandLine();
        int episodes = length == null || length.episodes == null ? (length == null || length.steps == null ? 5 : 0) : length.episodes;
        int steps = length == null || length.steps == null ? 0 : length.steps;
        if (length != null && length.episodes != null && episodes < 1) {
            throw new CommandLine.ParameterException(cl, "--episodes=" + episodes + ": expected a number >= 1");
        }
        if (length != null && length.steps != null && steps < 1) {
            throw new CommandLine.ParameterException(cl, "--steps=" + steps + ": expected a number >= 1");
        }
        String envId = env.requireId();
        long seed = env.seed();
        if (!Envs.ids().contains(envId)) {
            try {
                Envs.spec(envId);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cl, "--env: " + e.getMessage());
            }
        }
        Map<String, Object> parsed = env.kwargs();
        PrintWriter out = cl.getOut();
        Path tmp = null;
        BufferedWriter traceOut = null;
        if (trace != null) {
            Path dir = trace.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + trace.getFileName(), ".tmp");
            traceOut = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
        }
        boolean done = false;
        try (Env<Object, Object> e = make(cl, envId, parsed)) {
            e.actionSpace().seed(seed);
            out.printf("rollout %s, seed %d, %s%n", envId, seed, steps > 0 ? steps + " steps" : episodes + " episodes");
            long start = System.nanoTime();
            int totalSteps = 0;
            int finished = 0;
            double sumReturns = 0;
            Long resetSeed = seed;
            while (steps > 0 ? totalSteps < steps : finished < episodes) {
                Reset<Object> r = e.reset(resetSeed, Map.of());
                writeReset(traceOut, resetSeed, r.observation());
                resetSeed = null;
                double ret = 0;
                int len = 0;
                Step<Object> s = null;
                while (steps == 0 || totalSteps < steps) {
                    Object action = e.actionSpace().sample();
                    s = e.step(action);
                    writeStep(traceOut, action, s);
                    ret += s.reward();
                    len++;
                    totalSteps++;
                    if (s.done()) {
                        break;
                    }
                }
                if (s != null && s.done()) {
                    finished++;
                    sumReturns += ret;
                    out.printf("episode %d: return %s, length %d (%s)%n", finished, num(ret), len,
                            s.terminated() ? "terminated" : "truncated");
                } else {
                    out.printf("unfinished episode: return %s after %d steps%n", num(ret), len);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf("%d episode%s, mean return %s, %d steps in %.3f s (%.0f steps/s)%n", finished, finished == 1 ? "" : "s",
                    finished == 0 ? "-" : num(sumReturns / finished), totalSteps, seconds, totalSteps / seconds);
            done = true;
        } finally {
            if (traceOut != null) {
                traceOut.close();
                if (done) {
                    move(tmp, trace);
                    out.println("trace written to " + trace);
                } else {
                    Files.deleteIfExists(tmp);
                }
            }
            out.flush();
        }
        return 0;
    }

    private static Env<Object, Object> make(CommandLine cl, String envId, Map<String, Object> parsed) {
        try {
            return Envs.make(envId, parsed);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format("%.1f", v) : String.format("%.4f", v);
    }

    private static void writeReset(BufferedWriter w, Long seed, Object obs) throws IOException {
        if (w == null) {
            return;
        }
        JsonObject o = new JsonObject();
        o.addProperty("reset", true);
        o.add("seed", seed == null ? JsonNull.INSTANCE : new JsonPrimitive(seed));
        o.add("obs", toJson(obs));
        w.write(TRACE.toJson(o));
        w.newLine();
    }

    private static void writeStep(BufferedWriter w, Object action, Step<Object> s) throws IOException {
        if (w == null) {
            return;
        }
        JsonObject o = new JsonObject();
        o.add("action", toJson(action));
        o.add("obs", toJson(s.observation()));
        o.addProperty("reward", s.reward());
        o.addProperty("terminated", s.terminated());
        o.addProperty("truncated", s.truncated());
        w.write(TRACE.toJson(o));
        w.newLine();
    }

    /** Observations and actions as JSON: arrays for double[]/int[], objects for maps, numbers for integers. */
    static JsonElement toJson(Object x) {
        if (x instanceof double[] a) {
            return Json.array(a);
        }
        if (x instanceof int[] a) {
            return Json.array(a);
        }
        if (x instanceof Map<?, ?> m) {
            JsonObject o = new JsonObject();
            m.forEach((k, v) -> o.add(String.valueOf(k), toJson(v)));
            return o;
        }
        if (x instanceof Number n) {
            return new JsonPrimitive(n);
        }
        return x == null ? JsonNull.INSTANCE : TRACE.toJsonTree(x);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
