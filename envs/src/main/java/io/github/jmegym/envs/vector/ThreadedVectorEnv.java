package io.github.jmegym.envs.vector;

import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.Env;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A vector env that steps its sub-envs in parallel on a fixed thread pool (the JVM counterpart of Gymnasium's
 * {@code AsyncVectorEnv}, without processes). Each sub-env is touched by one task at a time and every step waits
 * for all tasks, so sub-envs need not be thread-safe. {@link #close()} shuts the pool down.
 */
public final class ThreadedVectorEnv<O, A> extends BaseVectorEnv<O, A> {
    private final ExecutorService pool;
    private final int threads;

    /**
     * @param envs the sub-envs (at least one, equal spaces); this vector env owns and closes them
     * @param mode how finished sub-envs restart ({@code null}: the spec's mode, normally next-step)
     * @param threads pool size ({@code >= 1}; more than the number of sub-envs is reduced to it)
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
        this.pool = Executors.newFixedThreadPool(this.threads, r -> {
            Thread t = new Thread(r, name + count.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
    }

    /** A pool with one thread per available processor (at most one per sub-env). */
    public ThreadedVectorEnv(List<? extends Env<O, A>> envs, AutoresetMode mode) {
        this(envs, mode, Runtime.getRuntime().availableProcessors());
    }

    /** Number of pool threads. */
    public int threads() {
        return threads;
    }

    @Override
    protected <T> List<Outcome<T>> runAll(IntFunction<T> task) {
        List<Future<Outcome<T>>> futures = new ArrayList<>(numEnvs());
        for (int i = 0; i < numEnvs(); i++) {
            int index = i;
            futures.add(pool.submit(() -> Outcome.of(task, index)));
        }
        List<Outcome<T>> out = new ArrayList<>(numEnvs());
        boolean interrupted = false;
        for (Future<Outcome<T>> f : futures) {
            while (true) {
                try {
                    out.add(f.get());
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
        return out;
    }

    @Override
    protected void closeExecution() {
        pool.shutdownNow();
    }
}
