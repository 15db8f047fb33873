package io.github.jmegym.envs.vector;

import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.Env;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A vector env that steps its sub-envs in parallel (the JVM counterpart of Gymnasium's {@code AsyncVectorEnv},
 * without processes): the sub-envs are split into {@link #threads()} contiguous chunks; the calling thread steps the
 * first chunk and a fixed pool of {@code threads - 1} workers the others, so a step costs one hand-off per extra
 * thread rather than one per sub-env. Each sub-env is touched by one thread at a time and every step waits for all
 * chunks, so sub-envs need not be thread-safe. This pays off when a sub-env step is expensive (a physics world);
 * for microsecond envs such as CartPole the hand-off costs more than it saves (see the benchmark).
 * {@link #close()} shuts the pool down.
 *
 * <p>A call waits for the worker threads at most {@link #callTimeout()} (default {@value #DEFAULT_CALL_TIMEOUT_SECONDS}
 * s) from its start. When a worker's sub-env has not returned by then, the call throws an
 * {@link IllegalStateException} ("sub-env 2 has not returned from step() for 30.0 s; close this vector") and the
 * vector refuses every later call the same way, so a hung sub-env costs one blocked worker, not one more blocked
 * thread per call; {@link #close()} then returns at once and closes the hung sub-env on a background thread. (A
 * sub-env of the calling thread's own chunk that hangs blocks that caller, as in a {@link SyncVectorEnv}; calls from
 * other threads are refused meanwhile.)
 */
public final class ThreadedVectorEnv<O, A> extends BaseVectorEnv<O, A> {
    /** Default bound, in seconds, on how long a call waits for the worker threads. */
    public static final long DEFAULT_CALL_TIMEOUT_SECONDS = 30;
    private final ExecutorService pool;
    private final int threads;
    private final Duration callTimeout;

    /**
     * @param envs the sub-envs (at least one, equal spaces); this vector env owns and closes them
     * @param mode how finished sub-envs restart ({@code null}: the spec's mode, normally next-step)
     * @param threads threads that step sub-envs, the calling thread included ({@code >= 1}; more than the number
     *                of sub-envs is reduced to it)
     * @param callTimeout how long a call waits for the worker threads, from its start (positive)
     */
    public ThreadedVectorEnv(List<? extends Env<O, A>> envs, AutoresetMode mode, int threads, Duration callTimeout) {
        super(envs, mode);
        if (threads < 1) {
            throw new IllegalArgumentException("ThreadedVectorEnv(" + spec().id() + "): threads=" + threads
                    + "; expected >= 1");
        }
        if (callTimeout == null || callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("ThreadedVectorEnv(" + spec().id() + "): callTimeout=" + callTimeout
                    + "; expected a positive duration");
        }
        this.callTimeout = callTimeout;
        this.threads = Math.min(threads, numEnvs());
        AtomicInteger count = new AtomicInteger();
        String name = "jmegym-vec-" + spec().id() + "-";
        this.pool = this.threads == 1 ? null : Executors.newFixedThreadPool(this.threads - 1, r -> {
            Thread t = new Thread(r, name + count.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
    }

    /** {@code threads} threads and the default call time-out ({@value #DEFAULT_CALL_TIMEOUT_SECONDS} s). */
    public ThreadedVectorEnv(List<? extends Env<O, A>> envs, AutoresetMode mode, int threads) {
        this(envs, mode, threads, Duration.ofSeconds(DEFAULT_CALL_TIMEOUT_SECONDS));
    }

    /** One thread per available processor (at most one per sub-env). */
    public ThreadedVectorEnv(List<? extends Env<O, A>> envs, AutoresetMode mode) {
        this(envs, mode, Runtime.getRuntime().availableProcessors());
    }

    /** Number of threads that step sub-envs, the calling thread included. */
    public int threads() {
        return threads;
    }

    /** How long a call waits for the worker threads, from its start. */
    public Duration callTimeout() {
        return callTimeout;
    }

    @Override
    protected <T> List<Outcome<T>> runAll(IntFunction<T> task) {
        long deadline = System.nanoTime() + callTimeout.toNanos();
        int n = numEnvs();
        @SuppressWarnings("unchecked")
        Outcome<T>[] out = new Outcome[n];
        List<Future<?>> futures = new ArrayList<>(threads - 1);
        for (int c = 1; c < threads; c++) {
            int from = c * n / threads;
            int to = (c + 1) * n / threads;
            futures.add(pool.submit(() -> {
                for (int i = from; i < to; i++) {
                    out[i] = Outcome.of(task, i);
                }
            }));
        }
        for (int i = 0; i < n / threads; i++) {
            out[i] = Outcome.of(task, i);
        }
        boolean interrupted = false;
        try {
            for (Future<?> f : futures) {
                while (true) {
                    try {
                        f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true; // finish waiting: sub-envs must not be left mid-step
                    } catch (TimeoutException e) {
                        throw new IllegalStateException(this + ": " + refuseFurtherCalls(callTimeout));
                    } catch (ExecutionException e) {
                        // Outcome.of catches everything a sub-env throws; this is a bug of the chunk loop itself
                        throw new IllegalStateException("sub-env task of " + this + " failed", e.getCause());
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return Arrays.asList(out);
    }

    @Override
    protected void closeExecution() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
