package io.github.jmegym.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.agent.core.NetLayout;
import io.github.jmegym.agent.core.Rng;
import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.DictSpace;
import io.github.jmegym.envs.spaces.Discrete;
import io.github.jmegym.envs.spaces.MultiBinary;
import io.github.jmegym.envs.spaces.MultiDiscrete;
import io.github.jmegym.envs.spaces.Space;
import io.github.jmegym.envs.vector.VectorEnv;
import io.github.jmegym.envs.vector.VectorMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The update rules selected by {@link PpoConfig#algo()}: every algorithm on every kind of action space, their
 * health metrics, lag correction, determinism, and the messages of what they refuse.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UpdateRulesTest {
    private static final int ENVS = 4;

    /** One-step tasks (gamma 0): observe x in [-1, 1], act; rewards from 0 to 2 (optimum 2). */
    record Task(String name, Space<?> actions, boolean sde, double random, ToDoubleFunction<Object[]> reward) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Task> tasks() {
        Map<String, Space<?>> parts = new LinkedHashMap<>();
        parts.put("side", new Discrete(2));
        parts.put("aim", Box.of(new double[] {-1}, new double[] {1}));
        ToDoubleFunction<Object[]> aim = a -> {
            double x = (double) a[1];
            double v = ((double[]) a[0])[0];
            return 2 - 2 * Math.abs(v - x);
        };
        return Stream.of(
                new Task("Discrete", new Discrete(2), false, 1.0,
                        a -> (Integer) a[0] == (((double) a[1]) > 0 ? 1 : 0) ? 2.0 : 0.0),
                new Task("MultiDiscrete", new MultiDiscrete(2, 3), false, 0.83, a -> {
                    int[] v = (int[]) a[0];
                    double x = (double) a[1];
                    return (v[0] == (x > 0 ? 1 : 0) ? 1.0 : 0.0) + (v[1] == 1 + (int) Math.signum(x) ? 1.0 : 0.0);
                }),
                new Task("MultiBinary", new MultiBinary(2), false, 1.0, a -> {
                    int[] v = (int[]) a[0];
                    int side = ((double) a[1]) > 0 ? 1 : 0;
                    return (v[0] == side ? 1.0 : 0.0) + (v[1] != side ? 1.0 : 0.0);
                }),
                new Task("Box", Box.of(new double[] {-1}, new double[] {1}), false, 0.9, aim),
                new Task("Box+gSDE", Box.of(new double[] {-1}, new double[] {1}), true, 0.9, aim),
                new Task("Dict(Discrete, Box)", new DictSpace(parts), false, 0.8, a -> {
                    Map<?, ?> m = (Map<?, ?>) a[0];
                    double x = (double) a[1];
                    double side = (Integer) m.get("side") == (x > 0 ? 1 : 0) ? 1.0 : 0.0;
                    return side + 1 - Math.abs(((double[]) m.get("aim"))[0] - x);
                }));
    }

    static Stream<Arguments> algorithmsAndTasks() {
        return Stream.of(Algo.PPO_KL, Algo.TRPO, Algo.NPG).flatMap(a -> tasks().map(t -> Arguments.of(a, t)));
    }

    static PpoConfig config(Algo algo, boolean sde) {
        PpoConfig c = PpoConfig.defaults().withBatchSize(64).withNSteps(64).withNEnvs(ENVS).withEpochs(4)
                .withLearningRate(3e-3).withGamma(0.0).withTargetKl(0.02).withAlgo(algo).withDelta(0.05)
                .withNpgStepSize(0.5).withNCriticUpdates(4).withSliceBudgetMillis(0.5);
        return sde ? c.withUseSde(true).withSdeSampleFreq(4) : c;
    }

    /** Runs a task for {@code steps} vector steps; the mean reward of the last 1000 transitions. */
    static double run(Task task, PpoConfig c, int steps, List<Map<String, Double>> metrics) {
        Box obsSpace = Box.of(new double[] {-1}, new double[] {1});
        Rng world = new Rng(99);
        List<Double> rewards = new ArrayList<>();
        try (PpoTrainer t = PpoTrainer.forSpaces(obsSpace, task.actions(), c, 1)) {
            t.addMetricsSink((s, m) -> metrics.add(m));
            double[] xs = new double[ENVS];
            for (int step = 0; step < steps; step++) {
                List<double[]> obs = new ArrayList<>();
                for (int e = 0; e < ENVS; e++) {
                    xs[e] = (float) (2 * world.nextDouble() - 1);
                    obs.add(new double[] {xs[e]});
                }
                List<Object> acts = t.act(obs);
                double[] r = new double[ENVS];
                for (int e = 0; e < ENVS; e++) {
                    r[e] = task.reward().applyAsDouble(new Object[] {acts.get(e), xs[e]});
                    rewards.add(r[e]);
                }
                boolean[] ended = new boolean[ENVS];
                Arrays.fill(ended, true);
                t.report(r, ended, new boolean[ENVS], null);
            }
        }
        return rewards.subList(rewards.size() - 1000, rewards.size()).stream().mapToDouble(Double::doubleValue)
                .average().orElseThrow();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("algorithmsAndTasks")
    void everyAlgorithmLearnsOneStepTasksOnEveryActionSpace(Algo algo, Task task) {
        List<Map<String, Double>> m = new ArrayList<>();
        double late = run(task, config(algo, task.sde()), task.sde() ? 5000 : 2000, m);
        double optimum = 2.0;
        assertTrue(late > task.random() + 0.5 * (optimum - task.random()), algo.id() + " on " + task + ": mean reward "
                + late + " of the last 1000 steps (random ~" + task.random() + ", optimum 2)");
        for (String key : Metrics.HEALTH) {
            assertTrue(m.get(m.size() - 1).containsKey(key), key + " reported by " + algo.id());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithmsAndTasks")
    void aRunIsDeterministicPerSeed(Algo algo, Task task) {
        if (!task.name().startsWith("Box")) {
            return;
        }
        List<Map<String, Double>> a = new ArrayList<>();
        List<Map<String, Double>> b = new ArrayList<>();
        run(task, config(algo, task.sde()), 300, a);
        run(task, config(algo, task.sde()), 300, b);
        assertEquals(strip(a), strip(b));
    }

    private static List<Map<String, Double>> strip(List<Map<String, Double>> ms) {
        List<Map<String, Double>> out = new ArrayList<>();
        for (Map<String, Double> m : ms) {
            Map<String, Double> c = new LinkedHashMap<>(m);
            c.keySet().removeIf(k -> k.startsWith("time/"));
            out.add(c);
        }
        return out;
    }

    @Test
    void trpoReportsItsLineSearchAndStaysInsideTheTrustRegion() {
        List<Map<String, Double>> m = new ArrayList<>();
        run(tasks().findFirst().orElseThrow(), config(Algo.TRPO, false), 400, m);
        for (Map<String, Double> u : m) {
            assertTrue(u.get(Metrics.LINE_SEARCH_STEPS) >= 1, "line search ran: " + u);
            if (u.get(Metrics.STEP_ACCEPTED) == 1.0) {
                assertTrue(u.get(Metrics.APPROX_KL) <= 0.05 + 1e-12, "mean KL within delta: " + u);
                assertTrue(Math.abs(u.get(Metrics.APPROX_KL) - u.get(Metrics.KL_MEAN)) < 1e-6, "KL " + u);
            }
            assertEquals(0.05, u.get(Metrics.KL_TARGET));
            assertTrue(u.get(Metrics.TV_DISTANCE) >= 0 && u.get(Metrics.TV_DISTANCE) <= 1, "TV in [0, 1]: " + u);
        }
    }

    @Test
    void aRejectedTrpoStepLeavesThePolicyParametersBitForBitAndTrainsOnlyTheCritic() {
        PpoConfig c = config(Algo.TRPO, false).withDelta(1e-300);
        Box obsSpace = Box.of(new double[] {-1}, new double[] {1});
        try (PpoTrainer t = PpoTrainer.forSpaces(obsSpace, new Discrete(2), c, 1)) {
            List<Map<String, Double>> m = new ArrayList<>();
            t.addMetricsSink((s, x) -> m.add(x));
            double[] before = t.policy().params();
            List<double[]> obs = new ArrayList<>();
            for (int e = 0; e < ENVS; e++) {
                obs.add(new double[] {e / 4.0});
            }
            for (int step = 0; step <= c.nSteps(); step++) {
                t.act(obs);
                double[] r = new double[ENVS];
                Arrays.fill(r, 1.0);
                boolean[] ended = new boolean[ENVS];
                Arrays.fill(ended, true);
                t.report(r, ended, new boolean[ENVS], null);
            }
            double[] after = t.policy().params();
            assertEquals(1, m.size());
            assertEquals(0.0, m.get(0).get(Metrics.STEP_ACCEPTED));
            NetLayout.Mlp critic = layoutOf(t).critic();
            for (int i = 0; i < before.length; i++) {
                boolean isCritic = i >= critic.offset() && i < critic.offset() + critic.paramCount();
                if (!isCritic) {
                    assertEquals(Double.doubleToLongBits(before[i]), Double.doubleToLongBits(after[i]), "param " + i);
                }
            }
            double[] cb = Arrays.copyOfRange(before, critic.offset(), critic.offset() + critic.paramCount());
            double[] ca = Arrays.copyOfRange(after, critic.offset(), critic.offset() + critic.paramCount());
            assertTrue(!Arrays.equals(cb, ca), "the critic was trained");
        }
    }

    private static NetLayout layoutOf(PpoTrainer t) {
        return t.policy().layout();
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(value = Algo.class, names = {"PPO", "PPO_KL", "TRPO"})
    void vtraceLagCorrectionLearnsWithBackgroundUpdatesAndReportsTheLag(Algo algo) {
        Task box = tasks().filter(t -> t.name().equals("Box")).findFirst().orElseThrow();
        List<Map<String, Double>> m = new ArrayList<>();
        PpoConfig c = config(algo, false).withUpdateMode(UpdateMode.BACKGROUND).withLagCorrection(LagCorrection.VTRACE);
        double late = run(box, c, 2000, m);
        assertTrue(late > 1.45, algo.id() + " with vtrace: mean reward " + late + " (random ~0.9, optimum 2)");
        assertEquals(0.0, m.get(0).get(Metrics.POLICY_LAG), "the first rollout's policy is the update's");
        assertEquals(1.0, m.get(m.size() - 1).get(Metrics.POLICY_LAG), "later rollouts lag one update");
        for (Map<String, Double> u : m) {
            assertTrue(u.get(Metrics.MISMATCH_BOUND) >= 0 && Double.isFinite(u.get(Metrics.MISMATCH_BOUND)), "" + u);
        }
    }

    @Test
    void syncUpdatesHaveNoPolicyLag() {
        List<Map<String, Double>> m = new ArrayList<>();
        run(tasks().findFirst().orElseThrow(), config(Algo.TRPO, false), 300, m);
        assertTrue(m.stream().allMatch(u -> u.get(Metrics.POLICY_LAG) == 0.0), "lag 0 in SYNC");
    }

    @Test
    void anUnknownAlgorithmNamesItAndTheAlternatives() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Algo.parse("sac", "train --algo"));
        assertEquals("train --algo: unknown algorithm 'sac'; expected one of ppo, ppo-kl, trpo, npg", e.getMessage());
    }

    @Test
    void presetsOfTheAlgorithmsHoldTheZooSettings() {
        PpoConfig c = Presets.forEnv("CartPole-v1", Algo.TRPO);
        assertEquals(Algo.TRPO, c.algo());
        assertEquals(2, c.nEnvs());
        assertEquals(512, c.nSteps());
        assertEquals(1e-3, c.cgDamping());
        assertEquals(0.98, c.gaeLambda());
        assertEquals(20, c.nCriticUpdates());
        PpoConfig p = Presets.forEnv("Pendulum-v1", Algo.TRPO);
        assertEquals(2, p.nEnvs());
        assertEquals(1024, p.nSteps());
        assertEquals(0.9, p.gamma());
        assertEquals(15, p.nCriticUpdates());
        assertTrue(p.useSde());
        assertEquals(4, p.sdeSampleFreq());
        assertEquals(Algo.PPO_KL, Presets.forEnv("CartPole-v1", Algo.PPO_KL).algo());
        assertEquals(Algo.NPG, Presets.forEnv("Acrobot-v1", Algo.NPG).algo());
    }

    /** Reduced learning target of TRPO (full figures: benchmarks/agent/trpo.sh, BENCHMARKS.md). */
    @Test
    @Tag("slow")
    void trpoWithTheZooCartPolePresetReachesAModestReturnWithin20kSteps() {
        PpoConfig c = Presets.forEnv("CartPole-v1", Algo.TRPO);
        try (VectorEnv<Object, Object> env = Envs.makeVec("CartPole-v1", c.nEnvs(), VectorMode.SYNC,
                AutoresetMode.SAME_STEP, Map.of()); PpoTrainer t = new PpoTrainer(env, c, 0)) {
            PpoTrainer.LearnResult r = t.learn(20_000, null, null);
            System.out.println("TRPO CartPole 20k: " + r);
            assertTrue(r.meanReturn10() > 100, "last-10 mean return " + r.meanReturn10() + " after " + r.totalSteps());
        }
    }
}
