package io.github.jmegym.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jmegym.agent.core.Rng;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.Space;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link PpoTrainer#warmUp()} runs a scratch update before the first frame and must leave no trace: a trainer warmed
 * up trains the same policy, with the same metrics, bit for bit, as one that was not, for every update rule.
 */
class WarmUpTest {
    private static final int ENVS = 3;

    @ParameterizedTest
    @EnumSource(Algo.class)
    void aWarmedUpTrainerTrainsTheSamePolicyAsAColdOne(Algo algo) {
        Run cold = run(algo, false);
        Run warm = run(algo, true);
        assertEquals(3, cold.metrics.size(), "updates of the cold run");
        assertArrayEquals(cold.params, warm.params, algo + ": parameters after 3 updates");
        for (int u = 0; u < cold.metrics.size(); u++) {
            Map<String, Double> a = new LinkedHashMap<>(cold.metrics.get(u));
            Map<String, Double> b = new LinkedHashMap<>(warm.metrics.get(u));
            // wall-clock metrics differ between any two runs
            for (String k : List.of(Metrics.FPS, Metrics.ROLLOUT_SECONDS, Metrics.UPDATE_SECONDS)) {
                a.remove(k);
                b.remove(k);
            }
            assertEquals(a, b, algo + ": metrics of update " + u);
        }
    }

    private record Run(double[] params, List<Map<String, Double>> metrics) {
    }

    private static Run run(Algo algo, boolean warmUp) {
        Box obsSpace = Box.of(new double[] {-1, -1}, new double[] {1, 1});
        Space<?> actSpace = Box.of(new double[] {-1}, new double[] {1});
        PpoConfig c = PpoConfig.defaults().withBatchSize(16).withNEnvs(ENVS).withNSteps(16).withEpochs(2)
                .withTargetKl(algo == Algo.PPO_KL ? 0.01 : null).withAlgo(algo).withUpdateMode(UpdateMode.SYNC);
        Rng world = new Rng(7);
        List<Map<String, Double>> metrics = new ArrayList<>();
        try (PpoTrainer t = PpoTrainer.forSpaces(obsSpace, actSpace, c, 11)) {
            t.addMetricsSink((s, m) -> metrics.add(new LinkedHashMap<>(m)));
            if (warmUp) {
                t.warmUp();
            }
            for (int step = 0; step < 16 * 3 + 1; step++) {
                List<double[]> obs = new ArrayList<>();
                for (int e = 0; e < ENVS; e++) {
                    obs.add(new double[] {2 * world.nextDouble() - 1, 2 * world.nextDouble() - 1});
                }
                List<Object> acts = t.act(obs);
                double[] r = new double[ENVS];
                boolean[] ended = new boolean[ENVS];
                for (int e = 0; e < ENVS; e++) {
                    r[e] = -Math.abs(((double[]) acts.get(e))[0] - obs.get(e)[0]);
                    ended[e] = world.nextInt(10) == 0;
                }
                t.report(r, ended, new boolean[ENVS], null);
            }
            return new Run(t.policy().params(), metrics);
        }
    }
}
