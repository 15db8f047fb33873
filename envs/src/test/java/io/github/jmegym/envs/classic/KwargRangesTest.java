package io.github.jmegym.envs.classic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.Kwargs;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every numeric kwarg and reset option of the classic envs has a range: NaN, infinities, non-integers for integer
 * keys and out-of-range values are rejected with a message naming the env, the key, the value and the range.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class KwargRangesTest {
    private static final double BIG = 1e300;

    /** id, kwarg, bad value, the text the message must contain after the env id. */
    static Stream<Arguments> badKwargs() {
        return Stream.of(
                Arguments.of("CartPole-v1", Envs.MAX_EPISODE_STEPS, 0, "max_episode_steps=0; expected an integer in [1, 1000000000]"),
                Arguments.of("CartPole-v1", Envs.MAX_EPISODE_STEPS, 2.5, "max_episode_steps=2.5; expected an integer in [1, 1000000000]"),
                Arguments.of("CartPole-v1", Envs.MAX_EPISODE_STEPS, 1e10, "max_episode_steps=1.0E10; expected an integer in [1, 1000000000]"),
                Arguments.of("CartPole-v1", Envs.MAX_EPISODE_STEPS, Double.NaN, "max_episode_steps=NaN; expected an integer"),
                Arguments.of("CartPole-v1", Envs.MAX_EPISODE_STEPS, "ten", "max_episode_steps=ten; expected an integer"),
                Arguments.of("MountainCar-v0", "goal_velocity", 0.5, "goal_velocity=0.5; expected a finite number in [-0.07, 0.07]"),
                Arguments.of("MountainCar-v0", "goal_velocity", Double.NaN, "goal_velocity=NaN; expected a finite number in [-0.07, 0.07]"),
                Arguments.of("MountainCarContinuous-v0", "goal_velocity", Double.NEGATIVE_INFINITY,
                        "goal_velocity=-Infinity; expected a finite number in [-0.07, 0.07]"),
                Arguments.of("Pendulum-v1", "g", -1, "g=-1; expected a finite number in [0, 100]"),
                Arguments.of("Pendulum-v1", "g", 1e9, "g=1.0E9; expected a finite number in [0, 100]"),
                Arguments.of("Pendulum-v1", "g", Double.POSITIVE_INFINITY, "g=Infinity; expected a finite number in [0, 100]"),
                Arguments.of("Acrobot-v1", Envs.MAX_EPISODE_STEPS, -5, "max_episode_steps=-5; expected an integer in [1, 1000000000]"));
    }

    @ParameterizedTest(name = "{0}: {1}={2}")
    @MethodSource("badKwargs")
    void badKwargIsRejectedNamingEnvKeyValueAndRange(String id, String key, Object value, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Envs.make(id, Map.of(key, value)));
        assertTrue(e.getMessage().contains("make(" + id + "): " + expected), e.getMessage());
    }

    /** id, reset option, bad value, the text the message must contain after the env id. */
    static Stream<Arguments> badResetOptions() {
        return Stream.of(
                Arguments.of("CartPole-v1", "low", -1.0, "low=-1.0; expected a finite number in [-0.4, 0.4]"),
                Arguments.of("CartPole-v1", "high", Double.NaN, "high=NaN; expected a finite number in [-0.4, 0.4]"),
                Arguments.of("CartPole-v1", "state", List.of(BIG, BIG, BIG, BIG),
                        "state[0]=1.0E300; expected a finite number in [-4.8, 4.8]"),
                Arguments.of("CartPole-v1", "state", List.of(0, 500, 0, 0), "state[1]=500.0; expected a finite number in [-100, 100]"),
                Arguments.of("CartPole-v1", "state", List.of(0, 0, 1, 0),
                        "state[2]=1.0; expected a finite number in [-0.418879, 0.418879]"),
                Arguments.of("CartPole-v1", "state", List.of(0, 0, 0, Double.NaN), "state contains NaN; expected finite numbers"),
                Arguments.of("MountainCar-v0", "low", -2.0, "low=-2.0; expected a finite number in [-1.2, 0.6]"),
                Arguments.of("MountainCar-v0", "high", 1.0, "high=1.0; expected a finite number in [-1.2, 0.6]"),
                Arguments.of("MountainCar-v0", "state", List.of(-0.5, 1.0), "state[1]=1.0; expected a finite number in [-0.07, 0.07]"),
                Arguments.of("MountainCarContinuous-v0", "state", List.of(BIG, 0.0),
                        "state[0]=1.0E300; expected a finite number in [-1.2, 0.6]"),
                Arguments.of("MountainCarContinuous-v0", "low", Double.NEGATIVE_INFINITY,
                        "low=-Infinity; expected a finite number in [-1.2, 0.6]"),
                Arguments.of("Pendulum-v1", "x_init", 4.0, "x_init=4.0; expected a finite number in [0, 3.14159]"),
                Arguments.of("Pendulum-v1", "x_init", -1.0, "x_init=-1.0; expected a finite number in [0, 3.14159]"),
                Arguments.of("Pendulum-v1", "y_init", Double.POSITIVE_INFINITY, "y_init=Infinity; expected a finite number in [0, 8]"),
                Arguments.of("Pendulum-v1", "state", List.of(BIG, 0.0), "state[0]=1.0E300; expected a finite number in [-100, 100]"),
                Arguments.of("Pendulum-v1", "state", List.of(0.0, 9.0), "state[1]=9.0; expected a finite number in [-8, 8]"),
                Arguments.of("Acrobot-v1", "low", -4.0, "low=-4.0; expected a finite number in [-3.14159, 3.14159]"),
                Arguments.of("Acrobot-v1", "state", List.of(0, 0, 0, 100), "state[3]=100.0; expected a finite number in [-28.2743, 28.2743]"),
                Arguments.of("Acrobot-v1", "state", List.of(0, 0, 13, 0), "state[2]=13.0; expected a finite number in [-12.5663, 12.5663]"));
    }

    @ParameterizedTest(name = "{0}: {1}={2}")
    @MethodSource("badResetOptions")
    void badResetOptionIsRejectedNamingEnvKeyValueAndRange(String id, String key, Object value, String expected) {
        try (Env<double[], ?> env = Envs.make(id)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.reset(0L, Map.of(key, value)));
            assertTrue(e.getMessage().contains("reset(options) of " + id + ": " + expected), e.getMessage());
        }
    }

    /** Options at the edges of their ranges: accepted, and the observation stays finite. */
    static Stream<Arguments> edgeResetOptions() {
        return Stream.of(
                Arguments.of("CartPole-v1", Map.of("low", -0.4, "high", 0.4)),
                Arguments.of("CartPole-v1", Map.of("state", List.of(-4.8, 100, 12 * 2 * Math.PI / 360 * 2, -100))),
                Arguments.of("MountainCar-v0", Map.of("low", -1.2, "high", 0.6)),
                Arguments.of("MountainCarContinuous-v0", Map.of("state", List.of(0.6, -0.07))),
                Arguments.of("Pendulum-v1", Map.of("x_init", Math.PI, "y_init", 8.0)),
                Arguments.of("Pendulum-v1", Map.of("state", List.of(-100, 8))),
                Arguments.of("Acrobot-v1", Map.of("low", -Math.PI, "high", Math.PI)),
                Arguments.of("Acrobot-v1", Map.of("state", List.of(Math.PI, -Math.PI, 4 * Math.PI, -9 * Math.PI))));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("edgeResetOptions")
    void resetOptionsAtTheEdgesOfTheirRangesAreAcceptedAndGiveFiniteObservations(String id, Map<String, ?> options) {
        try (Env<double[], Object> env = Envs.make(id)) {
            double[] obs = env.reset(0L, options).observation();
            for (int t = 0; t < 20; t++) {
                for (double o : obs) {
                    assertTrue(Double.isFinite(o), id + " " + options + " gave " + java.util.Arrays.toString(obs));
                }
                var s = env.step(env.actionSpace().sample());
                obs = s.observation();
                if (s.done()) {
                    break;
                }
            }
        }
    }

    @Test
    void rangeGettersNameTheValueAndTheRangeAndAcceptWholeDoubles() {
        Kwargs k = new Kwargs(Map.of("ticks_per_decision", 1_000_000_000, "whole", 4.0, "text", "4"), "make(Chase-v0)");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> k.getInt("ticks_per_decision", 4, 1, 600));
        assertEquals("make(Chase-v0): ticks_per_decision=1000000000; expected an integer in [1, 600]", e.getMessage());
        assertEquals(4, k.getInt("whole", 0, 1, 600));
        assertEquals(7, k.getInt("absent", 7, 1, 600));
        e = assertThrows(IllegalArgumentException.class, () -> k.getDouble("text", 0, 0, 1));
        assertEquals("make(Chase-v0): text=4; expected a finite number in [0, 1]", e.getMessage());
        assertEquals("[0.001, 0.1]", Kwargs.range(0.001, 0.1));
        assertEquals("[-3.14159, 3.14159]", Kwargs.range(-Math.PI, Math.PI), "rounded inwards");
    }
}
