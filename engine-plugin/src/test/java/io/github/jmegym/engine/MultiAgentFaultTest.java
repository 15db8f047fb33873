package io.github.jmegym.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.EnvSpec;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.DType;
import io.github.jmegym.envs.spaces.Discrete;
import io.github.jmegym.envs.vector.SubEnvException;
import io.github.jmegym.envs.vector.VectorStep;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Fault injection into the agents of a {@link MultiAgentVectorEnv}: every Throwable is handled alike. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MultiAgentFaultTest {
    private static final int N = 4;
    private static final int FAILING = 2;

    static Stream<Supplier<Throwable>> faults() {
        return Stream.of(() -> new IllegalStateException("injected"), () -> new AssertionError("injected"),
                () -> new StackOverflowError("injected"), () -> new OutOfMemoryError("injected"));
    }

    private static List<Integer> actions() {
        return Collections.nCopies(N, 2);
    }

    private static int[] steps(StepCounter[] agents) {
        return Stream.of(agents).mapToInt(a -> a.steps).toArray();
    }

    private static StepCounter[] agents() {
        StepCounter[] agents = new StepCounter[N];
        for (int i = 0; i < N; i++) {
            agents[i] = new StepCounter("a" + i);
        }
        return agents;
    }

    private static MultiAgentVectorEnv<Integer> resetAndStepOnce(StepCounter[] agents) {
        MultiAgentVectorEnv<Integer> vec = new MultiAgentVectorEnv<>(EnvSpec.of("Counting-v0", null, null),
                TestWorlds.withAgents(agents), SimulationConfig.defaults(), AutoresetMode.NEXT_STEP);
        vec.reset(0L);
        vec.step(actions());
        return vec;
    }

    @ParameterizedTest
    @MethodSource("faults")
    void anyThrowableOfAnAgentLetsTheOthersStepAndThatAgentRestartsAtTheNextStep(Supplier<Throwable> fault) {
        StepCounter[] agents = agents();
        try (MultiAgentVectorEnv<Integer> vec = resetAndStepOnce(agents)) {
            agents[FAILING].fault = fault.get();
            Class<? extends Throwable> kind = fault.get().getClass();
            SubEnvException e = assertThrows(SubEnvException.class, () -> vec.step(actions()));
            assertEquals(FAILING, e.subEnv());
            assertInstanceOf(kind, e.getCause());
            assertTrue(e.getMessage().contains("sub-env 2 (agent 'a2' on spatial 'NPC-2') failed")
                    && e.getMessage().contains(kind.getSimpleName()), e.getMessage());
            assertArrayEquals(new int[] {2, 2, 1, 2}, steps(agents), "the other agents stepped");

            VectorStep<double[]> s = vec.step(actions());
            assertEquals(2, agents[FAILING].episodes, "the failed agent restarted, its action ignored");
            assertEquals(0.0, s.rewards()[FAILING]);
            assertArrayEquals(new int[] {3, 3, 1, 3}, steps(agents));
            vec.step(actions());
            assertArrayEquals(new int[] {4, 4, 2, 4}, steps(agents), "the failed agent steps again");
        }
    }

    @ParameterizedTest
    @MethodSource("faults")
    void anyThrowableInAResetRequiresAFullReset(Supplier<Throwable> fault) {
        StepCounter[] agents = agents();
        try (MultiAgentVectorEnv<Integer> vec = resetAndStepOnce(agents)) {
            agents[FAILING].resetFault = fault.get();
            Throwable thrown = assertThrows(Throwable.class, () -> vec.reset(1L));
            assertInstanceOf(fault.get().getClass(), thrown);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> vec.step(actions()));
            assertTrue(e.getMessage().contains("call reset() first"), e.getMessage());
            assertNull(agents[FAILING].resetFault);
            vec.reset(1L);
            vec.step(actions());
            assertArrayEquals(new int[] {2, 2, 2, 2}, steps(agents));
        }
    }

    /** Counts its steps and episodes; throws an injected Throwable once, in its action or its episode start. */
    private static final class StepCounter extends AgentControl<Integer> {
        int steps;
        int episodes;
        Throwable fault;
        Throwable resetFault;

        StepCounter(String name) {
            super(name, new Box(-1000, 1000, new int[] {1}, DType.FLOAT32), new Discrete(3));
        }

        @Override
        protected void collectObservations(Observations obs) {
            obs.add(steps);
        }

        @Override
        protected void onEpisodeBegin(SplittableRandom rng) {
            episodes++;
            Throwable f = resetFault;
            resetFault = null;
            throwOnce(f);
        }

        @Override
        protected void onAction(Integer action) {
            Throwable f = fault;
            fault = null;
            throwOnce(f);
            steps++;
        }

        private static void throwOnce(Throwable f) {
            if (f instanceof Error err) {
                throw err;
            }
            if (f != null) {
                throw (RuntimeException) f;
            }
        }
    }
}
