package io.github.jmegym.envs.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.envs.AutoresetMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fault injection: sub-envs that throw (exceptions and errors) or hang, in both vector implementations. The
 * time-outs run the tests on a separate thread, so that a call which blocks for good fails the test instead of
 * hanging the build.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class VectorEnvFaultTest {
    private static final int N = 4;

    /** The kinds of failure a sub-env can throw; errors are thrown, not provoked. */
    enum Fault {
        RUNTIME_EXCEPTION(() -> new IllegalStateException("injected")),
        ASSERTION_ERROR(() -> new AssertionError("injected")),
        STACK_OVERFLOW_ERROR(() -> new StackOverflowError("injected")),
        OUT_OF_MEMORY_ERROR(() -> new OutOfMemoryError("injected"));

        final Supplier<Throwable> make;

        Fault(Supplier<Throwable> make) {
            this.make = make;
        }
    }

    static Stream<Arguments> faults() {
        List<Arguments> out = new ArrayList<>();
        for (VectorMode mode : VectorMode.values()) {
            for (Fault fault : Fault.values()) {
                for (int failing : new int[] {0, 2}) {
                    out.add(Arguments.of(mode, fault, failing));
                }
            }
        }
        return out.stream();
    }

    /** Two threads, so with four sub-envs the calling thread steps 0-1 and a worker 2-3. */
    private static BaseVectorEnv<double[], Integer> vector(VectorMode mode, List<CountingEnv> envs, Duration timeout) {
        return mode == VectorMode.SYNC ? new SyncVectorEnv<>(envs, AutoresetMode.NEXT_STEP)
                : new ThreadedVectorEnv<>(envs, AutoresetMode.NEXT_STEP, 2, timeout);
    }

    private static List<CountingEnv> counting() {
        List<CountingEnv> envs = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            envs.add(new CountingEnv());
        }
        return envs;
    }

    private static List<Integer> actions() {
        return new ArrayList<>(Collections.nCopies(N, 1));
    }

    private static int[] steps(List<CountingEnv> envs) {
        return envs.stream().mapToInt(e -> e.steps).toArray();
    }

    /**
     * Resets and steps once, then runs {@code call}, during which sub-env {@code failing} throws: the call must
     * throw a {@link SubEnvException} naming that sub-env and the kind of failure.
     */
    private static void assertFailureNamed(org.junit.jupiter.api.function.Executable call, VectorEnv<?, Integer> vec,
                                           Fault fault, int failing) {
        Class<? extends Throwable> kind = fault.make.get().getClass();
        SubEnvException e = assertThrows(SubEnvException.class, call);
        assertEquals(failing, e.subEnv());
        assertInstanceOf(kind, e.getCause());
        assertTrue(e.getMessage().contains("sub-env " + failing) && e.getMessage().contains("injected")
                && e.getMessage().contains(kind.getSimpleName()), e.getMessage());
    }

    private static void resetAndStepOnce(VectorEnv<double[], Integer> vec) {
        vec.reset(0L, Map.of());
        vec.step(actions());
    }

    @ParameterizedTest(name = "{0} {1} in sub-env {2}")
    @MethodSource("faults")
    void anyThrowableInAStepLetsTheOthersStepAndTheFailedSubEnvIsResetNextStep(VectorMode mode, Fault fault,
                                                                               int failing) {
        List<CountingEnv> envs = counting();
        try (BaseVectorEnv<double[], Integer> vec = vector(mode, envs, Duration.ofSeconds(10))) {
            resetAndStepOnce(vec);
            envs.get(failing).stepFault = fault.make.get();
            assertFailureNamed(() -> vec.step(actions()), vec, fault, failing);
            int[] expected = {2, 2, 2, 2};
            expected[failing] = 1;
            assertArrayEquals(expected, steps(envs), "every other sub-env stepped");
            assertTrue(vec.needsReset(failing));

            VectorStep<double[]> s = vec.step(actions());
            assertEquals(2, envs.get(failing).resets, "the failed sub-env was reset, its action ignored");
            assertEquals(0.0, s.observations().get(failing)[0]);
            assertEquals(0.0, s.rewards()[failing]);
            expected = new int[] {3, 3, 3, 3};
            expected[failing] = 1;
            assertArrayEquals(expected, steps(envs));
            vec.step(actions());
            assertEquals(2, envs.get(failing).steps, "the failed sub-env steps again");
        }
    }

    @ParameterizedTest(name = "{0} {1} in sub-env {2}")
    @MethodSource("faults")
    void anyThrowableInAResetLetsTheOthersResetAndTheFailedSubEnvIsResetNextStep(VectorMode mode, Fault fault,
                                                                                 int failing) {
        List<CountingEnv> envs = counting();
        try (BaseVectorEnv<double[], Integer> vec = vector(mode, envs, Duration.ofSeconds(10))) {
            resetAndStepOnce(vec);
            envs.get(failing).resetFault = fault.make.get();
            assertFailureNamed(() -> vec.reset(1L, Map.of()), vec, fault, failing);
            int[] resets = envs.stream().mapToInt(c -> c.resets).toArray();
            assertArrayEquals(new int[] {2, 2, 2, 2}, resets, "every sub-env was asked to reset");
            assertTrue(vec.needsReset(failing), "a half-done reset is redone at the next step");
            for (int i = 0; i < N; i++) {
                assertEquals(i == failing, vec.needsReset(i));
            }

            vec.step(actions());
            assertEquals(3, envs.get(failing).resets);
            int[] expected = {2, 2, 2, 2};
            expected[failing] = 1;
            assertArrayEquals(expected, steps(envs));
        }
    }

    @ParameterizedTest
    @EnumSource(VectorMode.class)
    void aFailedFirstResetMustBeFollowedByAFullReset(VectorMode mode) {
        List<CountingEnv> envs = counting();
        envs.get(2).resetFault = new AssertionError("injected");
        try (BaseVectorEnv<double[], Integer> vec = vector(mode, envs, Duration.ofSeconds(10))) {
            SubEnvException failed = assertThrows(SubEnvException.class, () -> vec.reset(0L, Map.of()));
            assertTrue(failed.getMessage().contains("call reset() again"), failed.getMessage());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> vec.step(actions()));
            assertTrue(e.getMessage().contains("before reset()"), e.getMessage());
            vec.reset(0L, Map.of());
            vec.step(actions());
            assertArrayEquals(new int[] {1, 1, 1, 1}, steps(envs));
        }
    }

    @ParameterizedTest
    @EnumSource(VectorMode.class)
    void inDisabledModeAFailedSubEnvWaitsForAMaskedResetAndTheMessageSaysSo(VectorMode mode) {
        List<CountingEnv> envs = counting();
        try (BaseVectorEnv<double[], Integer> vec = mode == VectorMode.SYNC
                ? new SyncVectorEnv<>(envs, AutoresetMode.DISABLED)
                : new ThreadedVectorEnv<>(envs, AutoresetMode.DISABLED, 2)) {
            resetAndStepOnce(vec);
            envs.get(2).stepFault = new StackOverflowError("injected");
            SubEnvException e = assertThrows(SubEnvException.class, () -> vec.step(actions()));
            assertTrue(e.getMessage().contains("reset it with the option reset_mask"), e.getMessage());
            assertArrayEquals(new int[] {2, 2, 1, 2}, steps(envs));
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> vec.step(actions()));
            assertTrue(refused.getMessage().contains("sub-env 2"), refused.getMessage());
            vec.reset(null, Map.of(VectorEnv.RESET_MASK, new boolean[] {false, false, true, false}));
            vec.step(actions());
            assertArrayEquals(new int[] {3, 3, 2, 3}, steps(envs));
        }
    }

    @Test
    void aSubEnvThatHangsInAWorkerMakesTheThreadedVectorRefuseCallsWithoutNewThreadsAndCloseReturns()
            throws InterruptedException {
        List<CountingEnv> envs = counting();
        CountDownLatch release = new CountDownLatch(1);
        ThreadedVectorEnv<double[], Integer> vec = new ThreadedVectorEnv<>(envs, AutoresetMode.NEXT_STEP, 2,
                Duration.ofMillis(300));
        try {
            resetAndStepOnce(vec);
            envs.get(2).hang = release;
            long t0 = System.nanoTime();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> vec.step(actions()));
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "the call is bounded by its time-out");
            assertTrue(e.getMessage().contains("sub-env 2 has not returned from step() for")
                    && e.getMessage().contains("close this vector"), e.getMessage());
            int threadsAfterHang = Thread.activeCount();
            for (int k = 0; k < 20; k++) { // each call from its own thread, as Py4J makes them
                boolean stepCall = k % 2 == 0;
                CompletableFuture<Throwable> caller = new CompletableFuture<>();
                Thread t = new Thread(() -> {
                    try {
                        if (stepCall) {
                            vec.step(actions());
                        } else {
                            vec.reset();
                        }
                        caller.complete(null);
                    } catch (Throwable x) {
                        caller.complete(x);
                    }
                });
                t.start();
                t.join(TimeUnit.SECONDS.toMillis(5));
                assertFalse(t.isAlive(), "call " + k + " blocked instead of being refused");
                Throwable again = caller.getNow(null);
                assertInstanceOf(IllegalStateException.class, again);
                assertTrue(again.getMessage().contains("sub-env 2 has not returned from step()")
                        && again.getMessage().contains("close this vector"), again.getMessage());
            }
            assertTrue(Thread.activeCount() <= threadsAfterHang + 1,
                    "no thread left per refused call: " + threadsAfterHang + " -> " + Thread.activeCount());
            assertArrayEquals(new int[] {2, 2, 1, 1}, steps(envs), "nor any other sub-env: 0-1 stepped twice, "
                    + "2 hangs in its second step and 3 waits behind it in the same worker");
            release.countDown();
            while (envs.get(3).steps < 2 || vec.isRunning(2) || vec.isRunning(3)) { // the late worker finishes
                Thread.sleep(5);
            }
            IllegalStateException late = assertThrows(IllegalStateException.class, () -> vec.step(actions()));
            assertTrue(late.getMessage().contains("sub-env 2 did not return from step() within the 0.3 s call time-out "
                    + "(it has returned since; that call's results were dropped); close this vector"), late.getMessage());
            assertCloseReturnsQuickly(vec);
        } finally {
            release.countDown();
        }
    }

    @ParameterizedTest
    @EnumSource(VectorMode.class)
    void aCallWhileAnotherHangsIsRefusedAtOnceAndCloseReturns(VectorMode mode) throws Exception {
        List<CountingEnv> envs = counting();
        CountDownLatch release = new CountDownLatch(1);
        BaseVectorEnv<double[], Integer> vec = vector(mode, envs, Duration.ofSeconds(60));
        try {
            vec.reset(0L, Map.of());
            envs.get(1).hang = release; // in the calling thread's chunk for both modes
            CompletableFuture<?> hung = CompletableFuture.runAsync(() -> vec.step(actions()));
            while (!envs.get(1).hanging) {
                Thread.sleep(5);
            }
            for (int k = 0; k < 10; k++) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> vec.step(actions()));
                assertTrue(e.getMessage().contains("sub-env 1 has not returned from step() for")
                        && e.getMessage().contains("one call at a time"), e.getMessage());
            }
            assertEquals(1, envs.get(0).steps, "sub-env 0 stepped once, in the hung call only");
            assertCloseReturnsQuickly(vec);
            assertFalse(hung.isDone());
        } finally {
            release.countDown();
        }
    }

    private static void assertCloseReturnsQuickly(VectorEnv<?, ?> vec) {
        long t0 = System.nanoTime();
        vec.close();
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2), "close() does not wait for the hung sub-env");
        IllegalStateException e = assertThrows(IllegalStateException.class, vec::reset);
        assertTrue(e.getMessage().contains("after close()"), e.getMessage());
    }
}
