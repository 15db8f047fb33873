package io.github.jmegym.envs.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.Step;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Reset options, bad actions and clipping of the classic-control ports. */
class ClassicControlTest {

    @ParameterizedTest
    @CsvSource({"CartPole-v1, 4", "MountainCar-v0, 2", "MountainCarContinuous-v0, 2", "Pendulum-v1, 2", "Acrobot-v1, 4"})
    void stateOptionNeedsTheFullInternalState(String id, int size) {
        try (Env<double[], Object> env = Envs.make(id)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> env.reset(null, Map.of("state", List.of(0.1))));
            assertTrue(e.getMessage().contains("reset(options) of " + id) && e.getMessage().contains("expected " + size),
                    e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> env.reset(null, Map.of("state", List.of(0.1, "x"))));
            env.reset(null, Map.of("state", java.util.Collections.nCopies(size, 0.0)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1", "Acrobot-v1"})
    void unknownResetOptionIsRejectedNamingTheKey(String id) {
        try (Env<double[], Object> env = Envs.make(id)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> env.reset(0L, Map.of("lowest", -0.1)));
            assertTrue(e.getMessage().contains("unknown key 'lowest'") && e.getMessage().contains(id), e.getMessage());
            env.reset(0L, Map.of());
        }
    }

    @ParameterizedTest
    @CsvSource({"MountainCar-v0, -0.2, 0.1", "Acrobot-v1, 0.3, 0.5", "MountainCarContinuous-v0, -1.0, -0.9"})
    void lowHighOptionsSetTheStartRange(String id, double low, double high) {
        try (Env<double[], Object> env = Envs.make(id)) {
            for (int seed = 0; seed < 50; seed++) {
                double[] obs = env.reset((long) seed, Map.of("low", low, "high", high)).observation();
                double first = id.startsWith("Acrobot") ? Math.atan2(obs[1], obs[0]) : obs[0];
                assertTrue(first >= low - 1e-6 && first <= high + 1e-6, id + " started at " + first);
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> env.reset(0L, Map.of("low", high, "high", low)));
            assertTrue(e.getMessage().contains("expected low <= high"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> env.reset(0L, Map.of("low", low, "state", List.of(0.0, 0.0, 0.0, 0.0).subList(0, id.startsWith("Acrobot") ? 4 : 2))));
            assertTrue(e.getMessage().contains("'state' and 'low'"), e.getMessage());
        }
    }

    @Test
    void pendulumStartsWithinXInitAndYInit() {
        try (Env<double[], double[]> env = Envs.make("Pendulum-v1")) {
            for (int seed = 0; seed < 50; seed++) {
                double[] obs = env.reset((long) seed, Map.of("x_init", 0.5, "y_init", 0.25)).observation();
                assertTrue(Math.abs(Math.atan2(obs[1], obs[0])) <= 0.5 + 1e-6 && Math.abs(obs[2]) <= 0.25 + 1e-6);
            }
        }
    }

    @Test
    void resetReseedsOnlyWhenGivenASeed() {
        try (Env<double[], Integer> a = Envs.make("Acrobot-v1"); Env<double[], Integer> b = Envs.make("Acrobot-v1")) {
            assertArrayEquals(a.reset(5).observation(), b.reset(5).observation());
            double[] next = a.reset().observation();
            assertArrayEquals(next, b.reset().observation());
            assertNotEquals(next[1], a.reset(5).observation()[1]);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"MountainCarContinuous-v0", "Pendulum-v1"})
    void nanOrInfiniteContinuousActionIsRejectedAndTheEnvStillSteps(String id) {
        try (Env<double[], double[]> env = Envs.make(id); Env<double[], double[]> twin = Envs.make(id)) {
            env.reset(3);
            twin.reset(3);
            for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.step(new double[] {bad}));
                assertTrue(e.getMessage().contains(id) && e.getMessage().contains(String.valueOf(bad))
                        && e.getMessage().contains("finite"), e.getMessage());
            }
            assertThrows(IllegalArgumentException.class, () -> env.step(new double[] {0.1, 0.2}));
            assertThrows(IllegalArgumentException.class, () -> env.step(null));
            Step<double[]> s = env.step(new double[] {0.3});
            Step<double[]> t = twin.step(new double[] {0.3});
            assertArrayEquals(t.observation(), s.observation());
            assertEquals(t.reward(), s.reward());
        }
    }

    @Test
    void pendulumClipsTheTorqueButMountainCarContinuousChargesTheUnclippedAction() {
        try (Env<double[], double[]> a = Envs.make("Pendulum-v1"); Env<double[], double[]> b = Envs.make("Pendulum-v1")) {
            a.reset(1);
            b.reset(1);
            Step<double[]> clipped = a.step(new double[] {9.0});
            Step<double[]> limit = b.step(new double[] {2.0});
            assertArrayEquals(limit.observation(), clipped.observation());
            assertEquals(limit.reward(), clipped.reward());
        }
        try (Env<double[], double[]> a = Envs.make("MountainCarContinuous-v0");
             Env<double[], double[]> b = Envs.make("MountainCarContinuous-v0")) {
            a.reset(1);
            b.reset(1);
            Step<double[]> over = a.step(new double[] {3.0});
            Step<double[]> limit = b.step(new double[] {1.0});
            assertArrayEquals(limit.observation(), over.observation(), "the force is clipped to 1");
            assertEquals(-0.1 * 9, over.reward(), 1e-12, "the reward uses the unclipped action");
        }
    }

    @Test
    void discreteActionOutsideTheSpaceIsRejectedNamingTheValue() {
        try (Env<double[], Integer> env = Envs.make("MountainCar-v0")) {
            env.reset(0);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.step(3));
            assertTrue(e.getMessage().contains("MountainCar-v0") && e.getMessage().contains("3")
                    && e.getMessage().contains("Discrete(3)"), e.getMessage());
            assertFalse(env.step(2).done());
        }
    }

    @Test
    void mountainCarReachesTheGoalAndTerminates() {
        try (Env<double[], Integer> env = Envs.make("MountainCar-v0")) {
            env.reset(0L, Map.of("state", List.of(0.49, 0.02)));
            Step<double[]> s = env.step(2);
            assertTrue(s.terminated());
            assertEquals(-1.0, s.reward());
        }
    }

    @Test
    void acrobotHelpersMatchGymnasium() {
        assertEquals(-Math.PI + 0.5, Acrobot.wrap(Math.PI + 0.5, -Math.PI, Math.PI), 1e-15);
        assertEquals(3.0, Acrobot.wrap(3.0 + 4 * Math.PI, -Math.PI, Math.PI), 1e-12);
        assertEquals(2.0, Acrobot.bound(7.0, -2.0, 2.0));
        assertEquals(-Math.PI, Pendulum.angleNormalize(Math.PI));
        assertEquals(0.5 - 2 * Math.PI + 2 * Math.PI, Pendulum.angleNormalize(0.5 - 4 * Math.PI), 1e-12);
    }
}
