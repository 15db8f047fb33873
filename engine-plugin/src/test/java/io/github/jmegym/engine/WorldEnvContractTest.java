package io.github.jmegym.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.Reset;
import io.github.jmegym.envs.Step;
import io.github.jmegym.envs.check.EnvChecker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Gym contract, checked on every engine world and variant made through the registry. */
class WorldEnvContractTest {

    static Stream<Arguments> variants() {
        return Stream.of(
                Arguments.of("BallBalance-v0", Map.of()),
                Arguments.of("Chase-v0", Map.of()),
                Arguments.of("Chase-v0", Map.of("action_type", "multi_discrete")),
                Arguments.of("Chase-v0", Map.of("ray_caster", "scene_graph", "obstacles", 2)));
    }

    private static Env<double[], Object> make(String id, Map<String, ?> kwargs) {
        return Envs.make(id, kwargs);
    }

    /** Runs an episode prefix with seeded random actions and returns every observation and reward. */
    private static List<double[]> rollout(Env<double[], Object> env, long seed, int steps) {
        List<double[]> out = new ArrayList<>();
        env.actionSpace().seed(seed);
        out.add(env.reset(seed).observation());
        for (int t = 0; t < steps; t++) {
            Step<double[]> s = env.step(env.actionSpace().sample());
            out.add(s.observation());
            out.add(new double[] {s.reward(), s.terminated() ? 1 : 0, s.truncated() ? 1 : 0});
            if (s.done()) {
                out.add(env.reset().observation());
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variants")
    void passesTheEnvChecker(String id, Map<String, ?> kwargs) {
        try (Env<double[], Object> env = make(id, kwargs)) {
            List<String> problems = EnvChecker.problems(env);
            assertTrue(problems.isEmpty(), id + " " + kwargs + ": " + problems);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variants")
    void observationsStayInTheSpaceAndActionsFromTheSpaceAreAccepted(String id, Map<String, ?> kwargs) {
        try (Env<double[], Object> env = make(id, kwargs)) {
            Reset<double[]> r = env.reset(3L);
            assertTrue(env.observationSpace().contains(r.observation()), env.observationSpace().whyNotContained(r.observation()));
            env.actionSpace().seed(3);
            int episodes = 0;
            for (int t = 0; t < 400; t++) {
                Step<double[]> s = env.step(env.actionSpace().sample());
                assertTrue(env.observationSpace().contains(s.observation()), env.observationSpace().whyNotContained(s.observation()));
                assertTrue(Double.isFinite(s.reward()));
                assertNotNull(s.info());
                if (s.done()) {
                    episodes++;
                    env.reset();
                }
            }
            assertTrue(episodes >= 1, "random actions for 400 steps should end at least one episode of " + id);
            assertEquals(id, env.spec().id());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variants")
    void sameSeedGivesBitIdenticalTrajectoriesAcrossEnvInstances(String id, Map<String, ?> kwargs) {
        List<double[]> a;
        List<double[]> b;
        List<double[]> c;
        try (Env<double[], Object> env = make(id, kwargs)) {
            a = rollout(env, 11, 150);
            // the same env again after other episodes: history must not matter
            rollout(env, 99, 37);
            c = rollout(env, 11, 150);
        }
        try (Env<double[], Object> env = make(id, kwargs)) {
            b = rollout(env, 11, 150);
        }
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), "record " + i + " of " + id + " differs between instances");
            assertArrayEquals(a.get(i), c.get(i), "record " + i + " of " + id + " differs after other episodes");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variants")
    void differentSeedsGiveDifferentStartStates(String id, Map<String, ?> kwargs) {
        try (Env<double[], Object> env = make(id, kwargs)) {
            double[] a = env.reset(1L).observation();
            double[] b = env.reset(2L).observation();
            double[] a2 = env.reset(1L).observation();
            assertFalse(java.util.Arrays.equals(a, b));
            assertArrayEquals(a, a2);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variants")
    void rejectedActionLeavesTheEnvUsableAndUnchanged(String id, Map<String, ?> kwargs) {
        try (Env<double[], Object> env = make(id, kwargs); Env<double[], Object> twin = make(id, kwargs)) {
            env.reset(5L);
            twin.reset(5L);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.step("not an action"));
            assertTrue(e.getMessage().contains("on spatial '"), e.getMessage());
            env.actionSpace().seed(8);
            twin.actionSpace().seed(8);
            for (int t = 0; t < 20; t++) {
                Step<double[]> s1 = env.step(env.actionSpace().sample());
                Step<double[]> s2 = twin.step(twin.actionSpace().sample());
                assertArrayEquals(s2.observation(), s1.observation());
                if (s1.done()) {
                    break;
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variants")
    void stepBeforeResetThrowsAndCloseTwiceIsHarmless(String id, Map<String, ?> kwargs) {
        Env<double[], Object> env = make(id, kwargs);
        Object action = env.actionSpace().sample();
        assertThrows(IllegalStateException.class, () -> env.step(action));
        env.close();
        env.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variants")
    void stepAfterTerminationWithoutResetThrows(String id, Map<String, ?> kwargs) {
        try (Env<double[], Object> env = make(id, kwargs)) {
            WorldEnv<Object> world = (WorldEnv<Object>) env.unwrapped();
            double[] obs = env.reset(4L).observation();
            Step<double[]> s = null;
            // the heuristic ends Chase episodes by reaching the target; BallBalance ends fast with random tilts
            boolean heuristic = id.startsWith("Chase");
            env.actionSpace().seed(4);
            for (int t = 0; t < 2000 && (s == null || !s.terminated()); t++) {
                s = world.step(heuristic ? world.agent().heuristic(obs) : env.actionSpace().sample());
                obs = s.observation();
            }
            assertTrue(s.terminated(), "the episode of " + id + " should have terminated");
            Object action = env.actionSpace().sample();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> world.step(action));
            assertTrue(e.getMessage().contains("call reset()"), e.getMessage());
        }
    }
}
