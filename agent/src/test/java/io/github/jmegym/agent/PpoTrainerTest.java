package io.github.jmegym.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.agent.run.Checkpoint;
import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.Discrete;
import io.github.jmegym.envs.vector.VectorEnv;
import io.github.jmegym.envs.vector.VectorMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PpoTrainerTest {
    /** 2 envs x 64 steps, batch 32: 4 minibatches per epoch, 4 epochs. */
    static PpoConfig small() {
        return PpoConfig.defaults().withNEnvs(2).withNSteps(64).withBatchSize(32).withEpochs(4).withTotalSteps(10_000);
    }

    static VectorEnv<Object, Object> cartPole(int n) {
        return Envs.makeVec("CartPole-v1", n, VectorMode.SYNC, AutoresetMode.SAME_STEP, Map.of());
    }

    static List<Map<String, Double>> train(PpoConfig c, long seed, long steps) {
        List<Map<String, Double>> out = new ArrayList<>();
        try (VectorEnv<Object, Object> env = cartPole(c.nEnvs()); PpoTrainer t = new PpoTrainer(env, c, seed)) {
            t.addMetricsSink((s, m) -> out.add(m));
            t.learn(steps);
        }
        return out;
    }

    @Test
    void everyUpdateReportsAllRequiredMetricKeys() {
        List<Map<String, Double>> m = train(small(), 1, 256);
        assertEquals(2, m.size());
        for (String key : Metrics.REQUIRED) {
            assertTrue(m.get(1).containsKey(key), key);
        }
        assertEquals(4.0, m.get(0).get(Metrics.EPOCHS_RUN));
        assertEquals(0.0, m.get(0).get(Metrics.EARLY_STOPPED));
        double ess = m.get(0).get(Metrics.ESS);
        assertTrue(ess > 0 && ess <= 1, "ESS in (0, 1]: " + ess);
    }

    @Test
    void klEarlyStopWithTinyTargetStopsAfterTheFirstMinibatch() {
        List<Map<String, Double>> m = train(small().withTargetKl(1e-9), 1, 384);
        for (Map<String, Double> u : m) {
            assertEquals(0.25, u.get(Metrics.EPOCHS_RUN), "one minibatch of the four in an epoch");
            assertEquals(1.0, u.get(Metrics.EARLY_STOPPED));
        }
    }

    @Test
    void klEarlyStopWithHugeTargetNeverStops() {
        for (KlMode mode : List.of(KlMode.EARLY_STOP_MINIBATCH, KlMode.EARLY_STOP_EPOCH)) {
            for (Map<String, Double> u : train(small().withTargetKl(1e9).withKlMode(mode), 1, 384)) {
                assertEquals(4.0, u.get(Metrics.EPOCHS_RUN));
                assertEquals(0.0, u.get(Metrics.EARLY_STOPPED));
            }
        }
    }

    @Test
    void cleanRlVariantChecksOncePerEpoch() {
        for (Map<String, Double> u : train(small().withTargetKl(1e-9).withKlMode(KlMode.EARLY_STOP_EPOCH), 1, 256)) {
            assertEquals(1.0, u.get(Metrics.EPOCHS_RUN), "stops after the first full epoch");
            assertEquals(1.0, u.get(Metrics.EARLY_STOPPED));
        }
    }

    @Test
    void adaptiveKlPenaltyDoublesOrHalvesBeta() {
        List<Map<String, Double>> tiny = train(small().withTargetKl(1e-9).withKlMode(KlMode.ADAPTIVE_PENALTY), 1, 256);
        assertEquals(List.of(2.0, 4.0), tiny.stream().map(u -> u.get(Metrics.KL_BETA)).toList());
        List<Map<String, Double>> huge = train(small().withTargetKl(1e3).withKlMode(KlMode.ADAPTIVE_PENALTY), 1, 256);
        assertEquals(List.of(0.5, 0.25), huge.stream().map(u -> u.get(Metrics.KL_BETA)).toList());
    }

    private static Map<String, Double> withoutTime(Map<String, Double> m) {
        Map<String, Double> c = new LinkedHashMap<>(m);
        c.keySet().removeIf(k -> k.startsWith("time/"));
        return c;
    }

    @Test
    void sameSeedGivesTheSameMetricsAndAnotherSeedDoesNot() {
        PpoConfig c = small().withNormalizeObservation(true).withNormalizeReward(true);
        List<Map<String, Double>> a = train(c, 7, 640);
        List<Map<String, Double>> b = train(c, 7, 640);
        List<Map<String, Double>> other = train(c, 8, 640);
        assertEquals(a.stream().map(PpoTrainerTest::withoutTime).toList(), b.stream().map(PpoTrainerTest::withoutTime).toList());
        assertNotEquals(a.stream().map(PpoTrainerTest::withoutTime).toList(), other.stream().map(PpoTrainerTest::withoutTime).toList());
    }

    @Test
    void checkpointRoundTripGivesIdenticalActionsAndResumeContinues(@TempDir Path dir) {
        PpoConfig c = small().withNormalizeObservation(true);
        try (VectorEnv<Object, Object> env = cartPole(2); PpoTrainer t = new PpoTrainer(env, c, 3)) {
            t.learn(256);
            Path ckpt = t.checkpoint(dir, Map.of("env_id", "CartPole-v1"));
            assertTrue(Files.isRegularFile(ckpt.resolve(Checkpoint.MANIFEST)));
            Policy live = t.policy();
            Policy loaded = Policy.load(dir);
            assertArrayEquals(live.params(), loaded.params());
            Box obsSpace = (Box) (io.github.jmegym.envs.spaces.Space<?>) env.singleObservationSpace();
            obsSpace.seed(11);
            live.seed(5);
            loaded.seed(5);
            for (int i = 0; i < 50; i++) {
                double[] o = obsSpace.sample();
                assertEquals(live.act(o, true), loaded.act(o, true));
                assertEquals(live.act(o, false), loaded.act(o, false));
                assertEquals(live.value(o), loaded.value(o));
            }
            List<Map<String, Double>> first = new ArrayList<>();
            List<Map<String, Double>> second = new ArrayList<>();
            for (List<Map<String, Double>> sink : List.of(first, second)) {
                try (VectorEnv<Object, Object> env2 = cartPole(2); PpoTrainer r = PpoTrainer.resume(dir, env2, null)) {
                    assertEquals(t.totalSteps(), r.totalSteps());
                    assertEquals(t.updates(), r.updates());
                    assertArrayEquals(live.params(), r.policy().params());
                    r.addMetricsSink((s, m) -> sink.add(withoutTime(m)));
                    r.learn(256);
                    assertEquals(t.totalSteps() + 256, r.totalSteps());
                }
            }
            assertEquals(first, second, "resuming the same checkpoint twice gives the same metrics");
        }
    }

    @Test
    void corruptOrTruncatedCheckpointFilesAreNamedInTheError(@TempDir Path dir) throws Exception {
        try (VectorEnv<Object, Object> env = cartPole(2); PpoTrainer t = new PpoTrainer(env, small(), 3)) {
            t.learn(128);
            Path ckpt = t.checkpoint(dir, Map.of());
            Path policy = ckpt.resolve(Checkpoint.POLICY);
            byte[] bytes = Files.readAllBytes(policy);
            bytes[bytes.length / 2] = (byte) (bytes[bytes.length / 2] == '1' ? '2' : '1');
            Files.write(policy, bytes);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Policy.load(dir));
            assertTrue(e.getMessage().contains(policy.toString()) && e.getMessage().contains("corrupt"), e.getMessage());
            Path trainer = ckpt.resolve(Checkpoint.TRAINER);
            byte[] tb = Files.readAllBytes(trainer);
            Files.write(trainer, Arrays.copyOf(tb, tb.length / 3));
            e = assertThrows(IllegalArgumentException.class, () -> PpoTrainer.resume(ckpt, env, null));
            assertTrue(e.getMessage().contains(Checkpoint.POLICY) || e.getMessage().contains(Checkpoint.TRAINER), e.getMessage());
            Files.writeString(ckpt.resolve(Checkpoint.MANIFEST), "{\"format\": \"jmegym-checkpoint\", \"files\": {");
            e = assertThrows(IllegalArgumentException.class, () -> Policy.load(ckpt));
            assertTrue(e.getMessage().contains(Checkpoint.MANIFEST) && e.getMessage().contains("truncated"), e.getMessage());
        }
    }

    @Test
    void nonFiniteLossSkipsTheUpdateAndKeepsTheParameters() {
        PpoConfig c = PpoConfig.defaults().withBatchSize(8).withNSteps(16).withNEnvs(1).withEpochs(2);
        try (PpoTrainer t = PpoTrainer.forSpaces(Box.of(new double[] {-1}, new double[] {1}), new Discrete(2), c, 0)) {
            List<Map<String, Double>> m = new ArrayList<>();
            t.addMetricsSink((s, x) -> m.add(x));
            double[] before = t.policy().params();
            List<double[]> obs = List.of(new double[] {0.5});
            for (int i = 0; i < 16; i++) {
                t.act(obs);
                t.report(new double[] {i == 3 ? Double.NaN : 1.0}, new boolean[1], new boolean[1], null);
            }
            t.act(obs);
            assertEquals(1, m.size());
            assertEquals(1.0, m.get(0).get(Metrics.SKIPPED_NONFINITE));
            assertArrayEquals(before, t.policy().params(), "last good parameters kept");
        }
    }

    @Test
    void spacesThePolicyCannotHandleAreRejectedClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PpoTrainer.forSpaces(new Discrete(3), new Discrete(2), PpoConfig.defaults(), 0));
        assertTrue(e.getMessage().contains("Discrete(3)") && e.getMessage().contains("Box"), e.getMessage());
        try (VectorEnv<Object, Object> env = Envs.makeVec("CartPole-v1", 2, VectorMode.SYNC, AutoresetMode.NEXT_STEP, Map.of())) {
            e = assertThrows(IllegalArgumentException.class, () -> new PpoTrainer(env, small(), 0));
            assertTrue(e.getMessage().contains("SAME_STEP"), e.getMessage());
        }
        try (VectorEnv<Object, Object> env = cartPole(3)) {
            e = assertThrows(IllegalArgumentException.class, () -> new PpoTrainer(env, small(), 0));
            assertTrue(e.getMessage().contains("3 sub-envs") && e.getMessage().contains("nEnvs=2"), e.getMessage());
        }
    }

    @Test
    void actAndReportMustAlternate() {
        try (PpoTrainer t = PpoTrainer.forSpaces(Box.of(new double[] {-1}, new double[] {1}), new Discrete(2), small(), 0)) {
            List<double[]> obs = List.of(new double[] {0}, new double[] {0});
            assertThrows(IllegalStateException.class, () -> t.report(new double[2], new boolean[2], new boolean[2], null));
            t.act(obs);
            assertThrows(IllegalStateException.class, () -> t.act(obs));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> t.report(new double[2], new boolean[2], new boolean[] {true, false}, null));
            assertTrue(e.getMessage().contains("final observation"), e.getMessage());
            t.report(new double[2], new boolean[2], new boolean[2], null);
            e = assertThrows(IllegalArgumentException.class, () -> t.act(List.of(new double[] {0})));
            assertTrue(e.getMessage().contains("expected 2 observations"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> t.act(List.of(new double[] {0}, new double[] {7})));
            assertTrue(e.getMessage().contains("sub-env 1"), e.getMessage());
        }
    }

    @Test
    void learnStopsAtTheRequestedMeanReturn() {
        try (VectorEnv<Object, Object> env = cartPole(2); PpoTrainer t = new PpoTrainer(env, small(), 0)) {
            PpoTrainer.LearnResult r = t.learn(5000, 15.0, null);
            assertTrue(r.solvedAtStep() != null && r.meanReturn10() >= 15.0, r.toString());
            assertTrue(r.totalSteps() < 5000);
        }
    }

    @Test
    void policySnapshotDoesNotChangeWhenTrainingContinues() {
        try (VectorEnv<Object, Object> env = cartPole(2); PpoTrainer t = new PpoTrainer(env, small(), 0)) {
            Policy p = t.policy();
            double[] before = p.params();
            t.learn(256);
            assertArrayEquals(before, p.params());
            assertFalse(Arrays.equals(before, t.policy().params()));
        }
    }
}
