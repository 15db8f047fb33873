package io.github.jmegym.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.engine.worlds.BallBalanceWorld;
import io.github.jmegym.engine.worlds.ChaseWorld;
import io.github.jmegym.engine.worlds.EngineEnvs;
import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.Envs;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every numeric kwarg of the engine worlds has a range, so that one step cannot run for hours: NaN, infinities,
 * non-integers for integer keys and out-of-range values are rejected before any world is built, with a message
 * naming the env, the key, the value and the range.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EngineKwargRangesTest {
    /** id, kwarg, bad value, the text the message must contain after {@code make(<id>): }. */
    static Stream<Arguments> badKwargs() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (String id : new String[] {EngineEnvs.CHASE, EngineEnvs.BALL_BALANCE}) {
            b.add(Arguments.of(id, "ticks_per_decision", 1_000_000_000, "ticks_per_decision=1000000000; expected an integer in [1, 600]"));
            b.add(Arguments.of(id, "ticks_per_decision", 0, "ticks_per_decision=0; expected an integer in [1, 600]"));
            b.add(Arguments.of(id, "ticks_per_decision", 2.5, "ticks_per_decision=2.5; expected an integer in [1, 600]"));
            b.add(Arguments.of(id, "ticks_per_decision", Double.NaN, "ticks_per_decision=NaN; expected an integer in [1, 600]"));
            b.add(Arguments.of(id, "physics_dt", 0, "physics_dt=0; expected a finite number in [0.001, 0.1]"));
            b.add(Arguments.of(id, "physics_dt", 1e-4, "physics_dt=1.0E-4; expected a finite number in [0.001, 0.1]"));
            b.add(Arguments.of(id, "physics_dt", 1.0, "physics_dt=1.0; expected a finite number in [0.001, 0.1]"));
            b.add(Arguments.of(id, "physics_dt", Double.NaN, "physics_dt=NaN; expected a finite number in [0.001, 0.1]"));
            b.add(Arguments.of(id, "physics_dt", Double.POSITIVE_INFINITY, "physics_dt=Infinity; expected a finite number in [0.001, 0.1]"));
            b.add(Arguments.of(id, Envs.MAX_EPISODE_STEPS, 0, "max_episode_steps=0; expected an integer in [1, 1000000000]"));
            b.add(Arguments.of(id, Envs.MAX_EPISODE_STEPS, 1e12, "max_episode_steps=1.0E12; expected an integer in [1, 1000000000]"));
            b.add(Arguments.of(id, "render_width", 10, "render_width=10; expected an integer in [16, 4096]"));
            b.add(Arguments.of(id, "render_height", 1e9, "render_height=1.0E9; expected an integer in [16, 4096]"));
        }
        b.add(Arguments.of(EngineEnvs.CHASE, "obstacles", 5, "obstacles=5; expected an integer in [0, 4]"));
        b.add(Arguments.of(EngineEnvs.CHASE, "obstacles", -1, "obstacles=-1; expected an integer in [0, 4]"));
        b.add(Arguments.of(EngineEnvs.CHASE, "obstacles", 1.5, "obstacles=1.5; expected an integer in [0, 4]"));
        b.add(Arguments.of(EngineEnvs.CHASE, "target_speed", 4, "target_speed=4; expected a finite number in [0, 3]"));
        b.add(Arguments.of(EngineEnvs.CHASE, "target_speed", -0.5, "target_speed=-0.5; expected a finite number in [0, 3]"));
        b.add(Arguments.of(EngineEnvs.CHASE, "target_speed", Double.NaN, "target_speed=NaN; expected a finite number in [0, 3]"));
        return b.build();
    }

    @ParameterizedTest(name = "{0}: {1}={2}")
    @MethodSource("badKwargs")
    void badKwargIsRejectedNamingEnvKeyValueAndRange(String id, String key, Object value, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Envs.make(id, Map.of(key, value)));
        assertTrue(e.getMessage().contains("make(" + id + "): " + expected), e.getMessage());
    }

    static Stream<Arguments> badMultiAgentKwargs() {
        return Stream.of(
                Arguments.of(1025, Map.of("agents", 1025), "make(BallBalance-v0): agents=1025; expected an integer in [1, 1024]"),
                Arguments.of(2, Map.of("agents", 0), "makeVec(BallBalance-v0): agents=0; expected an integer in [1, 2147483647]"),
                Arguments.of(2, Map.of("agents", 2.5), "makeVec(BallBalance-v0): agents=2.5; expected an integer in [1, 2147483647]"),
                Arguments.of(4, Map.of("agents", 2), "makeVec(BallBalance-v0): agents=2 with numEnvs=4; expected numEnvs "
                        + "equal to agents (one scene, one sub-env per agent)"),
                Arguments.of(2, Map.of("agents", 2, "ticks_per_decision", 601),
                        "make(BallBalance-v0): ticks_per_decision=601; expected an integer in [1, 600]"),
                Arguments.of(2, Map.of("agents", 2, Envs.MAX_EPISODE_STEPS, 0),
                        "make(BallBalance-v0): max_episode_steps=0; expected an integer in [1, 1000000000]"),
                Arguments.of(2, Map.of("agents", 2, Envs.MAX_EPISODE_STEPS, Double.NaN),
                        "make(BallBalance-v0): max_episode_steps=NaN; expected an integer in [1, 1000000000]"));
    }

    @ParameterizedTest(name = "numEnvs={0} {1}")
    @MethodSource("badMultiAgentKwargs")
    void badMultiAgentKwargIsRejectedNamingEnvKeyValueAndRange(int numEnvs, Map<String, Object> kwargs, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Envs.makeVec(
                EngineEnvs.BALL_BALANCE, numEnvs, io.github.jmegym.envs.vector.VectorMode.SYNC, null, kwargs));
        assertEquals(expected, e.getMessage());
    }

    @Test
    void recordingKwargsRejectNaNAndInfinities(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Envs.make(EngineEnvs.CHASE,
                Map.of("record_dir", dir.toString(), "record_seed", Double.POSITIVE_INFINITY)));
        assertTrue(e.getMessage().contains("make(Chase-v0): record_seed=Infinity; expected an integer"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Envs.make(EngineEnvs.CHASE,
                Map.of("record_dir", dir.toString(), "record_every", Double.NaN)));
        assertTrue(e.getMessage().contains("make(Chase-v0): record_every=NaN; expected an integer"), e.getMessage());
    }

    @Test
    void theSlowestAllowedClockStepsChaseWithinSeconds() {
        try (Env<double[], Object> env = Envs.make(EngineEnvs.CHASE, Map.of("ticks_per_decision", 600, "physics_dt", 0.001))) {
            env.reset(0L);
            long t0 = System.nanoTime();
            env.step(0);
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertTrue(seconds < 20, "600 ticks took " + seconds + " s");
        }
    }

    @Test
    void constructorsRejectValuesOutsideTheSameRanges() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SimulationConfig(1f / 60f, 601));
        assertEquals("SimulationConfig: ticksPerDecision=601; expected an integer in [1, 600]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SimulationConfig(0.0005f, 4));
        assertEquals("SimulationConfig: physicsDt=5.0E-4; expected a finite number in [0.001, 0.1]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SimulationConfig(Math.nextUp(0.1f), 4));
        assertTrue(e.getMessage().startsWith("SimulationConfig: physicsDt=0.10000001"), e.getMessage());
        assertEquals(0.1f, new SimulationConfig(0.1f, 600).physicsDt());
        assertEquals(0.001f, new SimulationConfig((float) 0.001, 1).physicsDt());
        e = assertThrows(IllegalArgumentException.class, () -> new ChaseWorld(false, 5, 1f, true));
        assertEquals("ChaseWorld: obstacles=5; expected an integer in [0, 4]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BallBalanceWorld(0));
        assertEquals("BallBalanceWorld: platforms=0; expected an integer in [1, 1024]", e.getMessage());
    }
}
