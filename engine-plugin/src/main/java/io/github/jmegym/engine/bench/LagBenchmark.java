package io.github.jmegym.engine.bench;

import io.github.jmegym.agent.LagCorrection;
import io.github.jmegym.agent.Metrics;
import io.github.jmegym.agent.PpoConfig;
import io.github.jmegym.agent.PpoTrainer;
import io.github.jmegym.agent.Presets;
import io.github.jmegym.agent.UpdateMode;
import io.github.jmegym.engine.worlds.EngineEnvs;
import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.vector.VectorEnv;
import io.github.jmegym.envs.vector.VectorMode;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The lag-correction benchmark ({@code EngineBenchmark lag}, run by {@code benchmarks/agent/lag.sh}): how fast, in env
 * steps, PPO learns when every rollout is collected by the policy one update behind (
 * {@link UpdateMode#BACKGROUND}, as in a game) with and without {@link LagCorrection#VTRACE}, against
 * {@link UpdateMode#SYNC}, with the shipped presets and the same seeds. Goals: CartPole-v1, the mean return of the last
 * 10 training episodes reaches 475 (as {@code benchmarks/agent/run.sh}); BallBalance-v0, the deterministic policy's
 * mean episode length over 20 seeded episodes reaches the 500-step limit (as {@code EngineBenchmark train}), evaluated
 * after every installed update. Each run trains its whole budget (so the policy lag of every rollout is the mode's)
 * and prints one JSON line.
 */
final class LagBenchmark {
    /** One arm of the comparison. */
    private record Arm(String name, UpdateMode mode, LagCorrection correction) {
    }

    private static final List<Arm> ARMS = List.of(
            new Arm("sync", UpdateMode.SYNC, LagCorrection.NONE),
            new Arm("background-none", UpdateMode.BACKGROUND, LagCorrection.NONE),
            new Arm("background-vtrace", UpdateMode.BACKGROUND, LagCorrection.VTRACE));

    private LagBenchmark() {
    }

    /** Seeds 0 .. seeds-1 of both envs, the three arms seed by seed. */
    static void run(int seeds) {
        for (String id : List.of("CartPole-v1", EngineEnvs.BALL_BALANCE)) {
            for (int seed = 0; seed < seeds; seed++) {
                for (Arm arm : ARMS) {
                    runOne(id, seed, arm);
                }
            }
        }
    }

    private static void runOne(String id, long seed, Arm arm) {
        boolean ball = id.equals(EngineEnvs.BALL_BALANCE);
        long budget = ball ? 60_000 : 50_000;
        PpoConfig config = Presets.forEnv(id).withUpdateMode(arm.mode()).withLagCorrection(arm.correction());
        double[] sums = new double[4]; // policy lag sum, ESS sum, updates with an ESS, min ESS
        sums[3] = Double.POSITIVE_INFINITY;
        long[] reached = {-1};
        double[] lastEval = {Double.NaN};
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (VectorEnv<Object, Object> env = Envs.makeVec(id, config.nEnvs(), VectorMode.SYNC, AutoresetMode.SAME_STEP,
                Map.of()); PpoTrainer trainer = new PpoTrainer(env, config, seed)) {
            trainer.addMetricsSink((step, m) -> {
                sums[0] += m.getOrDefault(Metrics.POLICY_LAG, Double.NaN);
                Double ess = m.get(Metrics.ESS);
                if (ess != null && Double.isFinite(ess)) {
                    sums[1] += ess;
                    sums[2]++;
                    sums[3] = Math.min(sums[3], ess);
                }
            });
            if (!ball) {
                trainer.watchReturn(475);
            }
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            PpoTrainer.LearnResult r = trainer.learn(budget, null, ball ? t -> {
                if (reached[0] < 0) {
                    lastEval[0] = EngineBenchmark.evaluate(id, t.policy(), 20)[0];
                    if (lastEval[0] >= 500) {
                        reached[0] = t.totalSteps();
                    }
                }
            } : null);
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            long at = ball ? reached[0] : trainer.reachedAtStep();
            System.out.printf(Locale.ROOT, "{\"env\": \"%s\", \"arm\": \"%s\", \"update_mode\": \"%s\", "
                            + "\"lag_correction\": \"%s\", \"seed\": %d, \"steps\": %d, \"goal\": \"%s\", "
                            + "\"reached_at\": %s, \"updates\": %d, \"policy_lag\": %.3f, \"ess\": %.4f, "
                            + "\"ess_min\": %.4f, \"last10\": %.2f, \"seconds\": %.2f, \"cpu_seconds\": %.2f}%n",
                    id, arm.name(), arm.mode(), arm.correction().name().toLowerCase(Locale.ROOT), seed,
                    r.totalSteps(), ball ? "eval mean length >= 500 (20 episodes, after every update)"
                            : "last-10 mean return >= 475",
                    at < 0 ? "null" : Long.toString(at), r.updates(), sums[0] / r.updates(),
                    sums[2] == 0 ? Double.NaN : sums[1] / sums[2], sums[2] == 0 ? Double.NaN : sums[3],
                    r.meanReturn10(), wall, cpu);
            System.out.flush();
        }
    }
}
