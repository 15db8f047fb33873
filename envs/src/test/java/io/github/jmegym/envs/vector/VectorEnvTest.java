package io.github.jmegym.envs.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.EnvSpec;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.Reset;
import io.github.jmegym.envs.Step;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.Discrete;
import io.github.jmegym.envs.spaces.MultiDiscrete;
import io.github.jmegym.envs.spaces.Space;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VectorEnvTest {
    private static final Map<String, Object> SHORT = Map.of(Envs.MAX_EPISODE_STEPS, 3);

    private static VectorEnv<double[], Integer> cartPoles(int n, VectorMode mode, AutoresetMode autoreset) {
        return Envs.makeVec("CartPole-v1", n, mode, autoreset, SHORT);
    }

    private static List<Integer> ones(int n) {
        return new ArrayList<>(Collections.nCopies(n, 1));
    }

    private Step<double[]> lastSingle;

    /**
     * Resets both with seed 7 and steps both three times with action 1 (the time limit of {@link #SHORT}); checks
     * that no step before the last carries a final observation. Returns the vector's last step.
     */
    private VectorStep<double[]> stepThrice(VectorEnv<double[], Integer> vec, Env<double[], Integer> single) {
        vec.reset(7L, Map.of());
        single.reset(7L);
        VectorStep<double[]> s = null;
        for (int t = 0; t < 3; t++) {
            assertFalse(t > 0 && s.infos().get(0).containsKey(VectorEnv.FINAL_OBS));
            s = vec.step(ones(2));
            lastSingle = single.step(1);
        }
        return s;
    }

    @Test
    void makeVecRejectsNonPositiveNumEnvs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Envs.makeVec("CartPole-v1", 0));
        assertTrue(e.getMessage().contains("numEnvs=0") && e.getMessage().contains("CartPole-v1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Envs.makeVec("CartPole-v1", -2));
        assertThrows(IllegalArgumentException.class, () -> Envs.makeVec("NoSuchEnv-v0", 2));
    }

    @ParameterizedTest
    @EnumSource(VectorMode.class)
    void subEnvIIsSeededWithSeedPlusI(VectorMode mode) {
        try (VectorEnv<double[], Integer> vec = cartPoles(3, mode, AutoresetMode.NEXT_STEP)) {
            VectorReset<double[]> r = vec.reset(42L, Map.of());
            for (int i = 0; i < 3; i++) {
                try (Env<double[], Integer> single = Envs.make("CartPole-v1")) {
                    assertArrayEquals(single.reset(42L + i).observation(), r.observations().get(i), "sub-env " + i);
                }
            }
            assertNotEquals(r.observations().get(0)[0], r.observations().get(1)[0]);
        }
    }

    @Test
    void spacesAreBatched() {
        try (VectorEnv<double[], Integer> vec = Envs.makeVec("CartPole-v1", 3)) {
            assertEquals(new Discrete(2), vec.singleActionSpace());
            assertEquals(new MultiDiscrete(2, 2, 2), vec.actionSpace());
            assertArrayEquals(new int[] {3, 4}, ((Box) vec.observationSpace()).shape());
            assertEquals(vec.singleObservationSpace(), Envs.make("CartPole-v1").observationSpace());
            assertEquals(AutoresetMode.NEXT_STEP, vec.autoresetMode());
        }
    }

    @ParameterizedTest
    @EnumSource(VectorMode.class)
    void nextStepModeResetsOnTheStepAfterTheEnd(VectorMode mode) {
        try (VectorEnv<double[], Integer> vec = cartPoles(2, mode, AutoresetMode.NEXT_STEP);
             Env<double[], Integer> single = Envs.make("CartPole-v1", SHORT)) {
            VectorStep<double[]> s = stepThrice(vec, single);
            Step<double[]> expected = lastSingle;
            assertTrue(s.truncated()[0] && s.truncated()[1]);
            assertArrayEquals(expected.observation(), s.observations().get(0));
            VectorStep<double[]> after = vec.step(List.of(0, 0));
            assertArrayEquals(single.reset().observation(), after.observations().get(0), "reset continues the stream");
            assertEquals(0.0, after.rewards()[0]);
            assertFalse(after.terminated()[0] || after.truncated()[0]);
        }
    }

    @ParameterizedTest
    @EnumSource(VectorMode.class)
    void sameStepModeResetsInsideTheEndingStepAndReportsTheFinalObservation(VectorMode mode) {
        try (VectorEnv<double[], Integer> vec = cartPoles(2, mode, AutoresetMode.SAME_STEP);
             Env<double[], Integer> single = Envs.make("CartPole-v1", SHORT)) {
            VectorStep<double[]> s = stepThrice(vec, single);
            Step<double[]> expected = lastSingle;
            assertTrue(s.truncated()[0]);
            assertEquals(1.0, s.rewards()[0]);
            assertArrayEquals(expected.observation(), (double[]) s.infos().get(0).get(VectorEnv.FINAL_OBS));
            assertEquals(Map.of(), s.infos().get(0).get(VectorEnv.FINAL_INFO));
            assertArrayEquals(single.reset().observation(), s.observations().get(0));
            VectorStep<double[]> next = vec.step(ones(2));
            assertEquals(1.0, next.rewards()[0], "the step after a same-step reset is a normal step");
        }
    }

    @Test
    void disabledModeRequiresAMaskedResetOfFinishedSubEnvs() {
        try (VectorEnv<double[], Integer> vec = cartPoles(2, VectorMode.SYNC, AutoresetMode.DISABLED)) {
            vec.reset(1L, Map.of());
            for (int t = 0; t < 3; t++) {
                vec.step(ones(2));
            }
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> vec.step(ones(2)));
            assertTrue(e.getMessage().contains("sub-env 0") && e.getMessage().contains("reset_mask"), e.getMessage());
            VectorReset<double[]> r = vec.reset(null, Map.of(VectorEnv.RESET_MASK, new boolean[] {true, false}));
            assertNull(r.observations().get(1));
            assertEquals(4, r.observations().get(0).length);
            e = assertThrows(IllegalStateException.class, () -> vec.step(ones(2)));
            assertTrue(e.getMessage().contains("sub-env 1"), e.getMessage());
            vec.reset(null, Map.of(VectorEnv.RESET_MASK, List.of(false, true)));
            VectorStep<double[]> s = vec.step(ones(2));
            assertArrayEquals(new double[] {1.0, 1.0}, s.rewards());
        }
    }

    @Test
    void badResetMaskIsRejected() {
        try (VectorEnv<double[], Integer> vec = cartPoles(2, VectorMode.SYNC, AutoresetMode.DISABLED)) {
            vec.reset(1L, Map.of());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> vec.reset(null, Map.of(VectorEnv.RESET_MASK, new boolean[] {true})));
            assertTrue(e.getMessage().contains("expected 2"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> vec.reset(null, Map.of(VectorEnv.RESET_MASK, "yes")));
        }
    }

    @ParameterizedTest
    @EnumSource(VectorMode.class)
    void wrongNumberOfActionsOrBadActionIsRejectedAndChangesNothing(VectorMode mode) {
        try (VectorEnv<double[], Integer> vec = cartPoles(3, mode, AutoresetMode.NEXT_STEP);
             VectorEnv<double[], Integer> twin = cartPoles(3, mode, AutoresetMode.NEXT_STEP)) {
            vec.reset(3L, Map.of());
            twin.reset(3L, Map.of());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> vec.step(ones(2)));
            assertTrue(e.getMessage().contains("got 2 actions; expected 3"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> vec.step(List.of(1, 5, 0)));
            assertTrue(e.getMessage().contains("sub-env 1") && e.getMessage().contains("Discrete(2)"), e.getMessage());
            VectorStep<double[]> a = vec.step(List.of(1, 0, 1));
            VectorStep<double[]> b = twin.step(List.of(1, 0, 1));
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(b.observations().get(i), a.observations().get(i));
            }
        }
    }

    @Test
    void nanContinuousActionNamesTheSubEnv() {
        try (VectorEnv<double[], double[]> vec = Envs.makeVec("Pendulum-v1", 2)) {
            vec.reset(0L, Map.of());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> vec.step(List.of(new double[] {0.5}, new double[] {Double.NaN})));
            assertTrue(e.getMessage().contains("sub-env 1") && e.getMessage().contains("NaN"), e.getMessage());
            vec.step(List.of(new double[] {5.0}, new double[] {-5.0}));  // out of bounds: clipped by the env
        }
    }

    @Test
    void stepBeforeResetAndAfterCloseThrow() {
        VectorEnv<double[], Integer> vec = Envs.makeVec("CartPole-v1", 2);
        assertThrows(IllegalStateException.class, () -> vec.step(ones(2)));
        vec.close();
        vec.close();
        assertThrows(IllegalStateException.class, () -> vec.reset());
    }

    @Test
    void threadedAndSyncGiveTheSameTrajectories() {
        try (VectorEnv<double[], Integer> sync = Envs.makeVec("CartPole-v1", 8, VectorMode.SYNC, AutoresetMode.SAME_STEP, Map.of());
             VectorEnv<double[], Integer> threaded = Envs.makeVec("CartPole-v1", 8, VectorMode.THREADED, AutoresetMode.SAME_STEP, Map.of())) {
            sync.reset(11L, Map.of());
            threaded.reset(11L, Map.of());
            SplittableRandom rng = new SplittableRandom(5);
            for (int t = 0; t < 300; t++) {
                List<Integer> actions = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    actions.add(rng.nextInt(2));
                }
                VectorStep<double[]> a = sync.step(actions);
                VectorStep<double[]> b = threaded.step(actions);
                for (int i = 0; i < 8; i++) {
                    assertArrayEquals(a.observations().get(i), b.observations().get(i), "step " + t + " sub-env " + i);
                }
                assertArrayEquals(a.rewards(), b.rewards());
                assertArrayEquals(a.terminated(), b.terminated());
            }
        }
    }

    @Test
    void threadedCloseShutsThePoolDown() throws InterruptedException {
        List<Env<double[], Integer>> envs = List.of(Envs.make("Acrobot-v1"), Envs.make("Acrobot-v1"));
        ThreadedVectorEnv<double[], Integer> vec = new ThreadedVectorEnv<>(envs, null, 2);  // 2 threads even on 1 core
        assertEquals(2, vec.threads());
        vec.reset(0L, Map.of());
        vec.step(List.of(0, 2));
        assertTrue(poolThreads() > 0);
        vec.close();
        for (int i = 0; i < 100 && poolThreads() > 0; i++) {
            Thread.sleep(10);
        }
        assertEquals(0, poolThreads());
    }

    private static long poolThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("jmegym-vec-Acrobot-v1-") && t.isAlive()).count();
    }

    @ParameterizedTest
    @EnumSource(VectorMode.class)
    void failingSubEnvIsNamedOthersStepAndItIsResetNextStep(VectorMode mode) {
        List<CountingEnv> envs = List.of(new CountingEnv(), new CountingEnv(), new CountingEnv());
        try (BaseVectorEnv<double[], Integer> vec = mode == VectorMode.SYNC
                ? new SyncVectorEnv<>(envs, AutoresetMode.NEXT_STEP)
                : new ThreadedVectorEnv<>(envs, AutoresetMode.NEXT_STEP, 2)) {
            vec.reset(0L, Map.of());
            vec.step(ones(3));
            vec.step(ones(3));
            envs.get(1).stepFault = new IllegalStateException("boom");
            SubEnvException e = assertThrows(SubEnvException.class, () -> vec.step(ones(3)));
            assertEquals(1, e.subEnv());
            assertTrue(e.getMessage().contains("sub-env 1") && e.getMessage().contains("boom"), e.getMessage());
            assertEquals(3, envs.get(0).steps, "the other sub-envs stepped");
            assertEquals(3, envs.get(2).steps);
            assertTrue(vec.needsReset(1));
            VectorStep<double[]> s = vec.step(ones(3));
            assertEquals(0.0, s.observations().get(1)[0], "the failed sub-env was reset");
            assertEquals(4.0, s.observations().get(0)[0]);
        }
    }
}
