package io.github.jmegym.agent.bench;

import io.github.jmegym.agent.Algo;
import io.github.jmegym.agent.Metrics;
import io.github.jmegym.agent.PpoConfig;
import io.github.jmegym.agent.PpoTrainer;
import io.github.jmegym.agent.Presets;
import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.vector.VectorEnv;
import io.github.jmegym.envs.vector.VectorMode;
import java.util.Locale;
import java.util.Map;

/**
 * One benchmark run of jmegym PPO with an env's shipped preset, printed as one JSON line (run by
 * {@code benchmarks/agent/run.sh}, alternating with Stable-Baselines3 runs).
 *
 * <p>Arguments: env id, seed, steps, threshold, stop ({@code true}: stop when the last-10 mean return reaches the
 * threshold; {@code false}: run all steps and record when it was first reached), then optionally an algorithm id
 * ({@code ppo}, {@code ppo-kl}, {@code trpo}, {@code npg}: the env's preset for it; default ppo) and a JSON file of
 * settings that override the preset (e.g. {@code {"useSde": true, "sdeSampleFreq": 4}}).
 */
public final class PpoBenchmark {
    private PpoBenchmark() {
    }

    /** Runs one seed. */
    public static void main(String[] args) {
        String id = args[0];
        long seed = Long.parseLong(args[1]);
        long steps = Long.parseLong(args[2]);
        double threshold = Double.parseDouble(args[3]);
        boolean stop = Boolean.parseBoolean(args[4]);
        int next = 5;
        Algo algo = Algo.PPO;
        if (args.length > next && !args[next].endsWith(".json")) {
            algo = Algo.parse(args[next++], "PpoBenchmark algorithm");
        }
        PpoConfig c = Presets.forEnv(id, algo);
        if (args.length > next) {
            String file = args[next];
            try {
                c = PpoConfig.fromJson(java.nio.file.Files.readString(java.nio.file.Path.of(file)), file, c);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("cannot read config overrides " + file + ": " + e, e);
            }
        }
        double[] split = new double[2];
        try (VectorEnv<Object, Object> env = Envs.makeVec(id, c.nEnvs(), VectorMode.SYNC, AutoresetMode.SAME_STEP, Map.of());
             PpoTrainer t = new PpoTrainer(env, c, seed)) {
            t.watchReturn(threshold);
            t.addMetricsSink((s, m) -> {
                split[0] += m.get(Metrics.ROLLOUT_SECONDS);
                split[1] += m.get(Metrics.UPDATE_SECONDS);
            });
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            PpoTrainer.LearnResult r = t.learn(steps, stop ? threshold : null, null);
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            // reachedAtSeconds counts from trainer creation; learn started right after it
            System.out.printf(Locale.ROOT, "{\"impl\": \"jmegym\", \"algo\": \"%s\", \"env\": \"%s\", \"seed\": %d, \"steps\": %d, "
                            + "\"seconds\": %.3f, \"fps\": %.1f, \"reached_at\": %s, \"reached_seconds\": %s, "
                            + "\"last10\": %.2f, \"updates\": %d, \"rollout_seconds\": %.3f, \"update_seconds\": %.3f, "
                            + "\"gradient_steps\": %d, \"cpu_seconds\": %.3f, \"steps_per_cpu_second\": %.1f}%n",
                    c.algo().id(), id, seed, r.totalSteps(), wall, r.totalSteps() / wall,
                    t.reachedAtStep() < 0 ? "null" : Long.toString(t.reachedAtStep()),
                    t.reachedAtStep() < 0 ? "null" : String.format(Locale.ROOT, "%.3f", t.reachedAtSeconds()),
                    r.meanReturn10(), r.updates(), split[0], split[1],
                    (long) r.updates() * c.minibatchesPerEpoch()
                            * (c.algo() == Algo.TRPO || c.algo() == Algo.NPG ? c.nCriticUpdates() : c.epochs()), cpu, r.totalSteps() / cpu);
        }
    }
}
