package io.github.jmegym.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.vector.VectorMode;
import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.vector.VectorEnv;
import io.github.jmegym.envs.vector.VectorReset;
import io.github.jmegym.envs.vector.VectorStep;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Several platforms of BallBalance in one scene, one sub-env per agent. */
class MultiAgentVectorEnvTest {

    private static MultiAgentVectorEnv<Object> make(int platforms, AutoresetMode mode, Map<String, Object> extra) {
        Map<String, Object> kwargs = new java.util.HashMap<>(extra);
        kwargs.put(Envs.AGENTS, platforms);
        return (MultiAgentVectorEnv<Object>) (VectorEnv<?, ?>) Envs.makeVec("BallBalance-v0", platforms, VectorMode.SYNC,
                mode, kwargs);
    }

    private static List<Object> sample(VectorEnv<double[], Object> env) {
        List<Object> a = new ArrayList<>();
        for (int i = 0; i < env.numEnvs(); i++) {
            a.add(env.singleActionSpace().sample());
        }
        return a;
    }

    @Test
    void oneSubEnvPerAgentWithSeedPlusIStarts() {
        try (MultiAgentVectorEnv<Object> env = make(4, null, Map.of())) {
            assertEquals(4, env.numEnvs());
            assertEquals(AutoresetMode.NEXT_STEP, env.autoresetMode());
            assertEquals(env.simulation().agents().get(0).observationSpace(), env.singleObservationSpace());
            VectorReset<double[]> r = env.reset(10L);
            assertEquals(4, r.observations().size());
            for (int i = 1; i < 4; i++) {
                assertFalse(Arrays.equals(r.observations().get(0), r.observations().get(i)), "agents start differently");
            }
            // agent 1 of seed 10 starts like agent 0 of seed 11 (seed + i), relative to its own platform (8 m away,
            // hence float rounding in the relative position)
            try (MultiAgentVectorEnv<Object> other = make(4, null, Map.of())) {
                assertArrayEquals(r.observations().get(1), other.reset(11L).observations().get(0), 1e-6);
            }
        }
    }

    @Test
    void anEndedAgentRestartsAloneOnTheNextStepWhileTheOthersContinue() {
        try (MultiAgentVectorEnv<Object> env = make(4, AutoresetMode.NEXT_STEP, Map.of())) {
            env.reset(3L);
            env.singleActionSpace().seed(3);
            int ended = -1;
            VectorStep<double[]> s = null;
            for (int t = 0; t < 500 && ended < 0; t++) {
                s = env.step(sample(env));
                for (int i = 0; i < 4; i++) {
                    if (s.terminated()[i]) {
                        ended = i;
                        break;
                    }
                }
            }
            assertTrue(ended >= 0, "random tilting should drop a ball");
            assertEquals(-1.0, s.rewards()[ended], 1e-9, "falling replaces the step's reward with -1");
            VectorStep<double[]> next = env.step(sample(env));
            assertEquals(0.0, next.rewards()[ended], "the restarted agent's step has reward 0");
            assertFalse(next.terminated()[ended] || next.truncated()[ended]);
            assertTrue(env.singleObservationSpace().contains(next.observations().get(ended)));
        }
    }

    @Test
    void sameStepModeRestartsAtOnceAndKeepsTheFinalObservation() {
        try (MultiAgentVectorEnv<Object> env = make(3, AutoresetMode.SAME_STEP, Map.of("max_episode_steps", 5))) {
            env.reset(1L);
            VectorStep<double[]> s = null;
            double[] zero = new double[2];
            for (int t = 0; t < 5; t++) {
                s = env.step(List.of(zero, zero, zero));
            }
            for (int i = 0; i < 3; i++) {
                assertTrue(s.truncated()[i], "time limit of 5 steps truncates agent " + i);
                assertNotNull(s.infos().get(i).get(VectorEnv.FINAL_OBS));
                assertFalse(Arrays.equals((double[]) s.infos().get(i).get(VectorEnv.FINAL_OBS), s.observations().get(i)),
                        "the returned observation is the new episode's");
            }
            VectorStep<double[]> next = env.step(List.of(zero, zero, zero));
            assertEquals(0.1, next.rewards()[0], 1e-9, "the new episode is running");
        }
    }

    @Test
    void disabledModeNeedsAMaskedResetOfTheEndedAgent() {
        try (MultiAgentVectorEnv<Object> env = make(2, AutoresetMode.DISABLED, Map.of("max_episode_steps", 2))) {
            env.reset(1L);
            double[] zero = new double[2];
            env.step(List.of(zero, zero));
            VectorStep<double[]> s = env.step(List.of(zero, zero));
            assertTrue(s.truncated()[0] && s.truncated()[1]);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> env.step(List.of(zero, zero)));
            assertTrue(e.getMessage().contains("agent 'balancer-0' on spatial 'Platform-0'"), e.getMessage());
            VectorReset<double[]> r = env.reset(null, Map.of(VectorEnv.RESET_MASK, new boolean[] {true, false}));
            assertNotNull(r.observations().get(0));
            assertNull(r.observations().get(1));
        }
    }

    @Test
    void wrongNumberOfActionsOrAWrongActionIsRejectedBeforeAnythingMoves() {
        try (MultiAgentVectorEnv<Object> env = make(2, null, Map.of())) {
            VectorReset<double[]> r = env.reset(2L);
            double[] zero = new double[2];
            assertThrows(IllegalArgumentException.class, () -> env.step(List.of(zero)));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> env.step(List.of(zero, new double[] {0, 5})));
            assertTrue(e.getMessage().contains("agent 'balancer-1' on spatial 'Platform-1'"), e.getMessage());
            double[] before = env.simulation().observe(0, "test");
            assertArrayEquals(r.observations().get(0), before, "nothing moved");
        }
    }

    @Test
    void sameSeedSameActionsGiveTheSameTrajectory() {
        double[][] a = trajectory();
        double[][] b = trajectory();
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i]);
        }
    }

    @Test
    void independentWorldsSteppedOnThreadsMatchTheSameWorldsSteppedInSequence() {
        double[][] sync = vectorTrajectory(io.github.jmegym.envs.vector.VectorMode.SYNC);
        double[][] threaded = vectorTrajectory(io.github.jmegym.envs.vector.VectorMode.THREADED);
        for (int i = 0; i < sync.length; i++) {
            assertArrayEquals(sync[i], threaded[i], "vector step " + i);
        }
    }

    private static double[][] vectorTrajectory(io.github.jmegym.envs.vector.VectorMode mode) {
        try (VectorEnv<double[], Object> env = io.github.jmegym.envs.Envs.makeVec("Chase-v0", 4, mode,
                AutoresetMode.SAME_STEP, Map.of("action_type", "multi_discrete"))) {
            env.reset(5L);
            env.singleActionSpace().seed(5);
            double[][] out = new double[200][];
            for (int t = 0; t < out.length; t++) {
                VectorStep<double[]> s = env.step(sample(env));
                out[t] = java.util.stream.Stream.concat(s.observations().stream(), java.util.stream.Stream.of(s.rewards()))
                        .flatMapToDouble(Arrays::stream).toArray();
            }
            return out;
        }
    }

    private static double[][] trajectory() {
        try (MultiAgentVectorEnv<Object> env = make(3, AutoresetMode.NEXT_STEP, Map.of())) {
            env.reset(9L);
            env.singleActionSpace().seed(9);
            double[][] out = new double[120][];
            for (int t = 0; t < out.length; t++) {
                VectorStep<double[]> s = env.step(sample(env));
                out[t] = java.util.stream.Stream.concat(s.observations().stream(), java.util.stream.Stream.of(s.rewards()))
                        .flatMapToDouble(Arrays::stream).toArray();
            }
            return out;
        }
    }
}
