package io.github.jmegym.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.engine.TestWorlds.CountingAgent;
import io.github.jmegym.engine.app.DeterminismChecker;
import io.github.jmegym.engine.worlds.BallBalanceWorld;
import io.github.jmegym.engine.worlds.ChaseWorld;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One seed stepped directly and driven by a headless SimpleApplication gives bit-identical states. */
class DeterminismTest {

    static Stream<Arguments> worlds() {
        Supplier<GameWorld> ball = () -> new BallBalanceWorld(3);
        Supplier<GameWorld> chase = () -> new ChaseWorld(true, 4, 1f, true);
        Supplier<GameWorld> chaseGraph = () -> new ChaseWorld(false, 2, 2f, false);
        return Stream.of(
                Arguments.of("BallBalance x3, one decision per frame", ball, 0.0),
                Arguments.of("BallBalance x3, paced by the frame timer at 8x", ball, 8.0),
                Arguments.of("Chase multi_discrete, one decision per frame", chase, 0.0),
                Arguments.of("Chase multi_discrete, paced at 8x", chase, 8.0),
                Arguments.of("Chase scene-graph rays, paced at 8x", chaseGraph, 8.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("worlds")
    void directAndApplicationDrivenRunsAreBitIdentical(String name, Supplier<GameWorld> world, double speed) {
        DeterminismChecker checker = new DeterminismChecker(world, SimulationConfig.defaults());
        DeterminismChecker.Result r = checker.check(21, 60, speed, Duration.ofSeconds(60));
        assertTrue(r.identical(), r.describe());
        assertEquals(60, r.decisions());
        assertTrue(r.valuesPerDecision() > 20, "the record should hold the scene's state: " + r.valuesPerDecision());
    }

    /** A world that reads wall-clock time: the checker must catch it. */
    @Test
    void checkerReportsAWorldThatDependsOnWallClockTime() {
        Supplier<GameWorld> clocky = () -> new GameWorld() {
            private final CountingAgent agent = new CountingAgent("clock-watcher", 1, 1) {
                @Override
                protected void onTick(float dt) {
                    if (dt > 0) {
                        addReward(System.nanoTime() % 1000 * 1e-9);
                    }
                }
            };

            @Override
            public void build(WorldContext ctx) {
                TestWorlds.withAgents(agent).build(ctx);
            }
        };
        DeterminismChecker.Result r = new DeterminismChecker(clocky, SimulationConfig.defaults())
                .check(1, 10, 0.0, Duration.ofSeconds(30));
        assertFalse(r.identical(), "wall-clock rewards should differ between the runs");
        assertTrue(r.describe().contains("differs at decision 0"), r.describe());
    }
}
