package io.github.jmegym.envs.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.Json;
import io.github.jmegym.envs.vector.VectorEnv;
import io.github.jmegym.envs.vector.VectorMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Raw env steps per second: every classic-control env alone (made with {@link Envs#make}, so with its time limit
 * and order checks, as {@code gymnasium.make}) and CartPole-v1 vector envs of 1, 2 and 8 sub-envs, sync and
 * threaded. Actions are pre-generated from the seeded action space, as in {@code benchmarks/envs/gym_reference.py}.
 * Each case is warmed up, then timed in {@code rounds} rounds; the median is reported. Prints one JSON line per
 * case: {@code {"impl": "java", "case": .., "envs": n, "steps_per_s": median, "rounds": [..]}}.
 *
 * <p>Usage: {@code EnvBenchmark [seconds per case (default 3)] [rounds (default 5)]}.
 */
public final class EnvBenchmark {
    private static final int ACTIONS = 4096;

    private EnvBenchmark() {
    }

    /**
     * @param args seconds per case, rounds
     */
    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3.0;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        if (!(seconds > 0) || rounds < 1) {
            throw new IllegalArgumentException("EnvBenchmark: seconds=" + seconds + ", rounds=" + rounds
                    + "; expected seconds > 0 and rounds >= 1");
        }
        measure(single("CartPole-v1"), 2.0, 1); // JIT warm-up of the shared code paths, not reported
        for (String id : List.of("CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1", "Acrobot-v1")) {
            report(id, 1, "single", measure(single(id), seconds, rounds));
        }
        for (VectorMode mode : VectorMode.values()) {
            for (int n : new int[] {1, 2, 8}) {
                report("CartPole-v1", n, "vector-" + mode.name().toLowerCase(java.util.Locale.ROOT),
                        measure(vector("CartPole-v1", n, mode), seconds, rounds));
            }
        }
    }

    /** A case: {@code run(k)} performs {@code k} vector steps and returns the env steps done. */
    private interface Case extends AutoCloseable {
        long run(long iterations);

        @Override
        void close();
    }

    private static Case single(String id) {
        Env<Object, Object> env = Envs.make(id);
        env.actionSpace().seed(0);
        Object[] actions = new Object[ACTIONS];
        for (int i = 0; i < ACTIONS; i++) {
            actions[i] = env.actionSpace().sample();
        }
        env.reset(0L, Map.of());
        return new Case() {
            private int next;

            @Override
            public long run(long iterations) {
                for (long k = 0; k < iterations; k++) {
                    if (env.step(actions[next++ & (ACTIONS - 1)]).done()) {
                        env.reset();
                    }
                }
                return iterations;
            }

            @Override
            public void close() {
                env.close();
            }
        };
    }

    private static Case vector(String id, int n, VectorMode mode) {
        VectorEnv<Object, Object> vec = Envs.makeVec(id, n, mode, AutoresetMode.NEXT_STEP, Map.of());
        vec.singleActionSpace().seed(0);
        List<List<Object>> actions = new ArrayList<>(ACTIONS);
        for (int i = 0; i < ACTIONS; i++) {
            List<Object> a = new ArrayList<>(n);
            for (int j = 0; j < n; j++) {
                a.add(vec.singleActionSpace().sample());
            }
            actions.add(a);
        }
        vec.reset(0L, Map.of());
        return new Case() {
            private int next;

            @Override
            public long run(long iterations) {
                for (long k = 0; k < iterations; k++) {
                    vec.step(actions.get(next++ & (ACTIONS - 1)));
                }
                return iterations * n;
            }

            @Override
            public void close() {
                vec.close();
            }
        };
    }

    /** Steps/s of each timed round after a warm-up of one round's length. */
    private static double[] measure(Case c, double seconds, int rounds) {
        try (c) {
            double roundSeconds = seconds / rounds;
            timeRound(c, Math.max(roundSeconds, 0.5), System::nanoTime);
            double[] rates = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                rates[r] = timeRound(c, roundSeconds, System::nanoTime);
            }
            return rates;
        }
    }

    private static double timeRound(Case c, double seconds, LongSupplier clock) {
        long start = clock.getAsLong();
        long deadline = start + (long) (seconds * 1e9);
        long steps = 0;
        long batch = 64;
        long now;
        do {
            steps += c.run(batch);
            now = clock.getAsLong();
            if (now - start < 50_000_000L) {
                batch *= 2;
            }
        } while (now < deadline);
        return steps / ((now - start) / 1e9);
    }

    private static void report(String id, int n, String kind, double[] rates) {
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        JsonObject o = new JsonObject();
        o.addProperty("impl", "java");
        o.addProperty("env", id);
        o.addProperty("case", kind);
        o.addProperty("envs", n);
        o.addProperty("steps_per_s", Math.round(sorted[sorted.length / 2]));
        JsonArray all = new JsonArray();
        for (double r : rates) {
            all.add(Math.round(r));
        }
        o.add("rounds", all);
        System.out.println(Json.GSON.toJson(o));
        System.out.flush();
    }
}
