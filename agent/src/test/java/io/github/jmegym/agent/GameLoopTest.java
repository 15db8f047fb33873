package io.github.jmegym.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.agent.core.Rng;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.DictSpace;
import io.github.jmegym.envs.spaces.Discrete;
import io.github.jmegym.envs.spaces.MultiDiscrete;
import io.github.jmegym.envs.spaces.Space;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The step-driven API as a game loop uses it, on a one-step task with hybrid actions: observe x in [-1, 1], choose
 * a side (reward 1 when it is the side of x) and aim (reward 1 - |aim - x|); also a MultiDiscrete variant. A random
 * policy earns ~0.8 and ~1.0; the optimum is 2.
 */
class GameLoopTest {
    private static final int ENVS = 4;

    @ParameterizedTest
    @EnumSource(UpdateMode.class)
    void hybridDictActionsAreLearnedInEveryUpdateMode(UpdateMode mode) {
        Map<String, Space<?>> parts = new LinkedHashMap<>();
        parts.put("side", new Discrete(2));
        parts.put("aim", Box.of(new double[] {-1}, new double[] {1}));
        double late = run(new DictSpace(parts), mode, a -> {
            Map<?, ?> m = (Map<?, ?>) a[0];
            double x = (double) a[1];
            int side = (Integer) m.get("side");
            double aim = ((double[]) m.get("aim"))[0];
            return (side == (x > 0 ? 1 : 0) ? 1.0 : 0.0) + 1 - Math.abs(aim - x);
        });
        assertTrue(late > 1.6, mode + ": mean reward of the last 1000 steps " + late + " (random ~0.8, optimum 2)");
    }

    @ParameterizedTest
    @EnumSource(value = UpdateMode.class, names = "SYNC")
    void multiDiscreteActionsAreLearned(UpdateMode mode) {
        double late = run(new MultiDiscrete(2, 3), mode, a -> {
            int[] v = (int[]) a[0];
            double x = (double) a[1];
            return (v[0] == (x > 0 ? 1 : 0) ? 1.0 : 0.0) + (v[1] == 1 + (int) Math.signum(x) ? 1.0 : 0.0);
        });
        assertTrue(late > 1.7, mode + ": mean reward of the last 1000 steps " + late + " (random ~0.83, optimum 2)");
    }

    private static double run(Space<?> actions, UpdateMode mode, java.util.function.ToDoubleFunction<Object[]> reward) {
        PpoConfig c = PpoConfig.defaults().withBatchSize(64).withNSteps(64).withNEnvs(ENVS).withEpochs(4)
                .withLearningRate(3e-3).withGamma(0.0).withUpdateMode(mode).withSliceBudgetMillis(0.5);
        Box obsSpace = Box.of(new double[] {-1}, new double[] {1});
        Rng world = new Rng(99);
        List<Double> rewards = new ArrayList<>();
        int[] updates = {0};
        try (PpoTrainer t = PpoTrainer.forSpaces(obsSpace, actions, c, 1)) {
            t.addMetricsSink((s, m) -> updates[0]++);
            double[] xs = new double[ENVS];
            for (int step = 0; step < 3000; step++) {
                List<double[]> obs = new ArrayList<>();
                for (int e = 0; e < ENVS; e++) {
                    xs[e] = (float) (2 * world.nextDouble() - 1);
                    obs.add(new double[] {xs[e]});
                }
                List<Object> acts = t.act(obs);
                double[] r = new double[ENVS];
                for (int e = 0; e < ENVS; e++) {
                    assertTrue(actions.contains(acts.get(e)), "action in the space: " + acts.get(e));
                    r[e] = reward.applyAsDouble(new Object[] {acts.get(e), xs[e]});
                    rewards.add(r[e]);
                }
                boolean[] ended = new boolean[ENVS];
                java.util.Arrays.fill(ended, true);
                t.report(r, ended, new boolean[ENVS], null);
            }
            assertEquals(12_000, t.totalSteps());
            assertTrue(updates[0] >= 45, mode + ": updates completed " + updates[0]);
            assertEquals(3000 * ENVS / 1, t.episodes());
        }
        return rewards.subList(rewards.size() - 1000, rewards.size()).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
}
