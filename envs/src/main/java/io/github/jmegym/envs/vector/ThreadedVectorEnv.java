package io.github.jmegym.envs.vector;

import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.Env;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 */
public final class ThreadedVectorEnv<O, A> extends BaseVectorEnv<O, A> {
    private final ExecutorService pool;
    private final int threads;

    /**
     * @param envs the sub-envs (at least one, equal spaces); this vector env owns and closes them
     * @param mode how finished sub-envs restart ({@code null}: the spec's mode, normally next-step)
     * @param threads threads that step sub-envs, the calling thread included ({@code >= 1}; more than the number
     *                of sub-envs is reduced to it)
     */
    public ThreadedVectorEnv(List<? extends Env<O, A>> envs, AutoresetMode mode, int threads) {
        super(envs, mode);
        if (threads < 1) {
            throw new IllegalArgumentException("ThreadedVectorEnv(" + spec().id() + "): threads=" + threads
                    + "; expected >= 1");
        }
        this.threads = Math.min(threads, numEnvs());
        AtomicInteger count = new AtomicInteger();
        String name = "jmegym-vec-" + spec().id() + "-";
        this.pool = this.threads == 1 ? null : Executors.newFixedThreadPool(this.threads - 1, r -> {
            Thread t = new Thread(r, name + count.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
    }

    /** One thread per available processor (at most one per sub-env). */
    public ThreadedVectorEnv(List<? extends Env<O, A>> envs, AutoresetMode mode) {
        this(envs, mode, Runtime.getRuntime().availableProcessors());
    }

    /** Number of threads that step sub-envs, the calling thread included. */
    public int threads() {
        return threads;
    }

    @Override
    protected <T> List<Outcome<T>> runAll(IntFunction<T> task) {
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
        for (Future<?> f : futures) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // finish waiting: sub-envs must not be left mid-step
                } catch (ExecutionException e) {
                    // Outcome.of catches runtime exceptions; an Error is rethrown as is
                    Throwable c = e.getCause();
                    if (c instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException("sub-env task of " + this + " failed", c);
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
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
