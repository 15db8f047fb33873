package io.github.jmegym.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.vector.VectorEnv;
import io.github.jmegym.envs.vector.VectorMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Reduced version of the lag-correction benchmark ({@code benchmarks/agent/lag.sh}, BENCHMARKS.md): PPO with each
 * rollout collected by the policy one update behind ({@link UpdateMode#BACKGROUND}) and {@link LagCorrection#VTRACE}
 * learns CartPole-v1, with the lag and the V-trace weights visible in the metrics, and is deterministic for a seed.
 */
@Tag("slow")
class LagCorrectionSlowTest {
    private static PpoConfig backgroundVtrace() {
        return Presets.forEnv("CartPole-v1").withUpdateMode(UpdateMode.BACKGROUND)
                .withLagCorrection(LagCorrection.VTRACE);
    }

    /** The metrics of every update of {@code steps} env steps, without the wall-clock ones. */
    private static List<Map<String, Double>> train(PpoConfig c, long seed, long steps, Double stopAt, Long[] solved) {
        List<Map<String, Double>> out = new ArrayList<>();
        try (VectorEnv<Object, Object> env = Envs.makeVec("CartPole-v1", c.nEnvs(), VectorMode.SYNC,
                AutoresetMode.SAME_STEP, Map.of()); PpoTrainer t = new PpoTrainer(env, c, seed)) {
            t.addMetricsSink((s, m) -> {
                Map<String, Double> kept = new LinkedHashMap<>(m);
                kept.keySet().removeIf(k -> k.startsWith("time/"));
                kept.put("step", (double) s);
                out.add(kept);
            });
            solved[0] = t.learn(steps, stopAt, null).solvedAtStep();
        }
        return out;
    }

    @Test
    void backgroundWithVtraceReachesMeanReturn300Within40kSteps() {
        Long[] solved = new Long[1];
        List<Map<String, Double>> m = train(backgroundVtrace(), 0, 40_000, 300.0, solved);
        assertNotNull(solved[0], "BACKGROUND + vtrace: last-10 mean return 300 not reached within 40k steps");
        // every update after the first starts from a newer policy than the one that collected its rollout
        assertEquals(0.0, m.get(0).get(Metrics.POLICY_LAG));
        for (int i = 1; i < m.size(); i++) {
            assertEquals(1.0, m.get(i).get(Metrics.POLICY_LAG), "update " + i);
        }
        double ess = m.stream().skip(1).mapToDouble(x -> x.get(Metrics.ESS)).average().orElseThrow();
        assertTrue(ess > 0.5 && ess <= 1.0, "mean ESS of the lagged updates " + ess);
    }

    @Test
    void backgroundWithASeedIsDeterministic() {
        Long[] a = new Long[1];
        Long[] b = new Long[1];
        Long[] other = new Long[1];
        List<Map<String, Double>> first = train(backgroundVtrace(), 5, 8_192, null, a);
        List<Map<String, Double>> second = train(backgroundVtrace(), 5, 8_192, null, b);
        assertEquals(first, second, "same seed, same metrics update by update");
        assertTrue(first.size() >= 30, "updates: " + first.size());
        List<Map<String, Double>> seed6 = train(backgroundVtrace(), 6, 8_192, null, other);
        assertTrue(!first.equals(seed6), "another seed trains differently");
    }
}
