package io.github.jmegym.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.Space;
import io.github.jmegym.envs.vector.VectorEnv;
import io.github.jmegym.envs.vector.VectorMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gSDE through the trainer, the policy and checkpoints: settings, determinism, held exploration matrices, behaviour
 * cloning.
 */
class GsdeTest {
    /** 2 Pendulum envs x 64 steps, batch 32, gSDE redrawn every 4 steps. */
    static PpoConfig small() {
        return PpoConfig.defaults().withNEnvs(2).withNSteps(64).withBatchSize(32).withEpochs(4).withTotalSteps(10_000)
                .withUseSde(true).withSdeSampleFreq(4).withNormalizeObservation(true);
    }

    static VectorEnv<Object, Object> pendulum(int n) {
        return Envs.makeVec("Pendulum-v1", n, VectorMode.SYNC, AutoresetMode.SAME_STEP, Map.of());
    }

    static List<Map<String, Double>> train(PpoConfig c, long seed, long steps) {
        List<Map<String, Double>> out = new ArrayList<>();
        try (VectorEnv<Object, Object> env = pendulum(c.nEnvs()); PpoTrainer t = new PpoTrainer(env, c, seed)) {
            t.addMetricsSink((s, m) -> out.add(withoutTime(m)));
            t.learn(steps);
        }
        return out;
    }

    private static Map<String, Double> withoutTime(Map<String, Double> m) {
        Map<String, Double> c = new LinkedHashMap<>(m);
        c.keySet().removeIf(k -> k.startsWith("time/"));
        return c;
    }

    @Test
    void settingsRoundTripThroughJsonAndBadSampleFrequencyIsRejected() {
        PpoConfig c = small();
        PpoConfig back = PpoConfig.fromJson(c.toJsonString(), "test");
        assertEquals(c, back);
        assertTrue(back.useSde());
        assertEquals(4, back.sdeSampleFreq());
        assertFalse(PpoConfig.defaults().useSde());
        assertEquals(-1, PpoConfig.defaults().sdeSampleFreq());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> small().withSdeSampleFreq(0));
        assertTrue(e.getMessage().contains("sdeSampleFreq=0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> PpoConfig.fromJson("{\"sdeSampleFreq\": -3}", "pendulum.json"));
        assertTrue(e.getMessage().contains("pendulum.json") && e.getMessage().contains("sdeSampleFreq=-3"), e.getMessage());
    }

    @Test
    void useSdeWithoutContinuousActionsIsRejectedClearly() {
        try (VectorEnv<Object, Object> env = Envs.makeVec("CartPole-v1", 2, VectorMode.SYNC, AutoresetMode.SAME_STEP, Map.of())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PpoTrainer(env, small(), 1));
            assertTrue(e.getMessage().contains("useSde") && e.getMessage().contains("Discrete(2)"), e.getMessage());
        }
    }

    @Test
    void logStdMatrixIsLatentDimTimesActionDimAndStartsAtLogStdInit() {
        try (VectorEnv<Object, Object> env = pendulum(2); PpoTrainer t = new PpoTrainer(env, small().withLogStdInit(-1.5), 1)) {
            Policy p = t.policy();
            assertTrue(p.usesSde());
            assertEquals(64, p.layout().nLogStd(), "64 latent features x 1 action");
            double[] params = p.params();
            for (int i = 0; i < 64; i++) {
                assertEquals(-1.5, params[p.layout().logStdOffset() + i]);
            }
        }
    }

    @Test
    void sameSeedGivesTheSameTrainingAndAnotherSeedDoesNot() {
        List<Map<String, Double>> a = train(small(), 7, 640);
        List<Map<String, Double>> b = train(small(), 7, 640);
        List<Map<String, Double>> other = train(small(), 8, 640);
        assertEquals(5, a.size());
        assertEquals(a, b);
        assertNotEquals(a, other);
    }

    @Test
    void sampleFrequencyChangesTheTrajectory() {
        assertNotEquals(train(small(), 7, 256), train(small().withSdeSampleFreq(-1), 7, 256),
                "redrawing every 4 steps vs once per rollout gives other actions");
    }

    @Test
    void stochasticActionsHoldTheExplorationMatrixUntilResetNoise() {
        try (VectorEnv<Object, Object> env = pendulum(2); PpoTrainer t = new PpoTrainer(env, small().withLogStdInit(-2.0), 3)) {
            t.learn(256);
            Policy p = t.policy().seed(9);
            double[] o = {0.3, -0.9, 1.2};
            double[] first = (double[]) p.act(o, false);
            double[] det = (double[]) p.act(o, true);
            assertArrayEquals(first, (double[]) p.act(o, false), 0.0, "the same matrix gives the same noise for the same state");
            assertNotEquals(first[0], det[0], "the noise is not zero");
            boolean changed = false;
            for (int i = 0; i < 5 && !changed; i++) {
                p.resetNoise();
                changed = ((double[]) p.act(o, false))[0] != first[0];
            }
            assertTrue(changed, "resetNoise draws another exploration matrix");
            double[] other = {-0.7, 0.7, -2.0};
            p.resetNoise();
            double a1 = ((double[]) p.act(o, false))[0] - ((double[]) p.act(o, true))[0];
            double a2 = ((double[]) p.act(other, false))[0] - ((double[]) p.act(other, true))[0];
            assertNotEquals(a1, a2, 1e-9, "the noise depends on the state");
        }
    }

    @Test
    void checkpointAndPolicyFileKeepGsdeAndResumeIsDeterministic(@TempDir Path dir) {
        PpoConfig c = small();
        try (VectorEnv<Object, Object> env = pendulum(2); PpoTrainer t = new PpoTrainer(env, c, 3)) {
            t.learn(256);
            t.checkpoint(dir, Map.of("env_id", "Pendulum-v1"));
            Policy live = t.policy().seed(5);
            Policy loaded = Policy.load(dir).seed(5);
            assertTrue(loaded.usesSde());
            assertArrayEquals(live.params(), loaded.params());
            Path file = dir.resolve("policy-only.json");
            live.save(file);
            Policy fromFile = Policy.load(file).seed(5);
            assertTrue(fromFile.usesSde());
            Box obsSpace = (Box) (Space<?>) env.singleObservationSpace();
            obsSpace.seed(11);
            for (int i = 0; i < 20; i++) {
                double[] o = obsSpace.sample();
                assertArrayEquals((double[]) live.act(o, true), (double[]) loaded.act(o, true));
                double[] s = (double[]) live.act(o, false);
                assertArrayEquals(s, (double[]) loaded.act(o, false));
                assertArrayEquals(s, (double[]) fromFile.act(o, false));
            }
            List<List<Map<String, Double>>> runs = new ArrayList<>();
            for (int k = 0; k < 2; k++) {
                List<Map<String, Double>> sink = new ArrayList<>();
                try (VectorEnv<Object, Object> env2 = pendulum(2); PpoTrainer r = PpoTrainer.resume(dir, env2, null)) {
                    assertArrayEquals(live.params(), r.policy().params());
                    assertTrue(r.config().useSde());
                    r.addMetricsSink((s, m) -> sink.add(withoutTime(m)));
                    r.learn(256);
                }
                runs.add(sink);
            }
            assertEquals(2, runs.get(0).size());
            assertEquals(runs.get(0), runs.get(1), "resuming the same checkpoint twice gives the same training");
            try (VectorEnv<Object, Object> env3 = pendulum(2)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> PpoTrainer.resume(dir, env3, c.withUseSde(false)));
                assertTrue(e.getMessage().contains("useSde"), e.getMessage());
            }
        }
    }

    /** The demonstrator of {@link #cloningUnderGsdeFitsTheDemonstratedActions}: a fixed linear map into [-2, 2]. */
    private static double demonstrator(double[] obs) {
        return Math.max(-2, Math.min(2, 1.5 * obs[0] - 0.8 * obs[1] - 0.3 * obs[2]));
    }

    private static double meanSquaredError(Policy p, List<double[]> observations) {
        double sum = 0;
        for (double[] o : observations) {
            double d = ((double[]) p.act(o, true))[0] - demonstrator(o);
            sum += d * d;
        }
        return sum / observations.size();
    }

    @Test
    void cloningUnderGsdeFitsTheDemonstratedActions() {
        Space<Object> obsSpace;
        Space<Object> actSpace;
        List<double[][]> obs = new ArrayList<>();
        List<List<Object>> acts = new ArrayList<>();
        List<double[]> rewards = new ArrayList<>();
        List<double[]> all = new ArrayList<>();
        try (VectorEnv<Object, Object> env = pendulum(1)) {
            obsSpace = env.singleObservationSpace();
            actSpace = env.singleActionSpace();
            for (int e = 0; e < 4; e++) {
                double[][] o = new double[200][];
                double[] r = new double[200];
                List<Object> a = new ArrayList<>();
                List<Object> ob = env.reset(10L + e, Map.of()).observations();
                for (int t = 0; t < 200; t++) {
                    o[t] = ((double[]) ob.get(0)).clone();
                    all.add(o[t]);
                    double[] act = {demonstrator(o[t])};
                    a.add(act);
                    var s = env.step(List.of(act));
                    r[t] = s.rewards()[0];
                    ob = s.observations();
                }
                obs.add(o);
                acts.add(a);
                rewards.add(r);
            }
        }
        Demonstrations d = Demonstrations.of(obsSpace, actSpace, obs, acts, rewards, 0.9);
        PpoConfig c = Presets.forEnv("Pendulum-v1"); // the zoo's settings with gSDE: batch 64, lr 1e-3
        assertTrue(c.useSde());
        PpoTrainer t = PpoTrainer.forSpaces(obsSpace, actSpace, c, 3);
        double before = meanSquaredError(t.policy(), all);
        PpoTrainer.CloneResult r = t.cloneFrom(d, 30);
        double after = meanSquaredError(t.policy(), all);
        assertEquals(800, r.samples());
        assertTrue(Double.isFinite(r.nll()) && Double.isFinite(r.valueLoss()), r.toString());
        assertTrue(after < 0.02 * before && after < 0.05, "gSDE clone: deterministic-action MSE "
                + "before " + before + ", after " + after);
        PpoTrainer again = PpoTrainer.forSpaces(obsSpace, actSpace, c, 3);
        assertEquals(r, again.cloneFrom(d, 30), "same seed, same clone");
        t.close();
        again.close();
    }
}
