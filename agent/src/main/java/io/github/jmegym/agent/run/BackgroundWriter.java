package io.github.jmegym.agent.run;

import io.github.jmegym.agent.MetricsSink;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One thread that writes a run's files (metrics sinks, checkpoints) for a loop that must not wait for the disk, such
 * as a game's frame: the loop hands each record or write over and goes on; the writer runs them one at a time in the
 * order they were handed over. A failed write does not stop the writer or the loop: a sink's failure goes to the
 * failure handler, a submitted write's to its future. {@link #close()} returns once everything handed over is written.
 *
 * <p>Thread rules: {@link #sink}'s sinks, {@link #submit}, {@link #flush} and {@link #close} may be called from any
 * thread; the wrapped sinks and the submitted work run on the writer's thread only (so a sink needs no locking of its
 * own), and the failure handler runs there too.
 */
public final class BackgroundWriter implements AutoCloseable {
    private final String name;
    private final Consumer<RuntimeException> onFailure;
    private final ThreadPoolExecutor executor;

    /**
     * A writer whose thread starts at once (so that the first record does not pay for starting it).
     *
     * @param name the thread's name (e.g. {@code "jmegym-writer"}), also used in messages
     * @param onFailure told of every sink that failed ({@link #sink}), with a message naming it; runs on the writer
     *        thread and should not throw (what it throws is dropped)
     */
    public BackgroundWriter(String name, Consumer<RuntimeException> onFailure) {
        if (name == null || onFailure == null) {
            throw new IllegalArgumentException("BackgroundWriter: name and onFailure must not be null");
        }
        this.name = name;
        this.onFailure = onFailure;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        executor.prestartCoreThread();
    }

    /**
     * A sink that hands each update's metrics (copied, so the caller may reuse its map) to {@code target} on the
     * writer thread. When {@code target} fails, the failure goes to the handler once and its later records are
     * dropped: a sink that failed mid-record (a full disk) may have left its file in a state that more records would
     * only corrupt further.
     *
     * @param what names the target in the failure message ("TensorBoard events")
     */
    public MetricsSink sink(String what, MetricsSink target) {
        if (target == null) {
            throw new IllegalArgumentException("BackgroundWriter(" + name + ").sink(" + what + "): target is null");
        }
        boolean[] failed = {false};
        return (steps, metrics) -> {
            Map<String, Double> copy = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
            execute(() -> {
                if (failed[0]) {
                    return;
                }
                try {
                    target.record(steps, copy);
                } catch (RuntimeException e) {
                    failed[0] = true;
                    fail(new IllegalStateException(what + " failed at step " + steps + " (" + e.getMessage()
                            + "); its later records are dropped", e));
                }
            });
        };
    }

    /**
     * Runs {@code work} on the writer thread after everything handed over before it.
     *
     * @return completes with the work's result, or exceptionally with what it threw
     */
    public <T> CompletableFuture<T> submit(Supplier<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        execute(() -> {
            T result;
            try {
                result = work.get();
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
                return;
            }
            f.complete(result);
        });
        return f;
    }

    /** Returns once everything handed over so far has been written (or has failed). */
    public void flush() {
        try {
            submit(() -> null).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("BackgroundWriter(" + name + "): interrupted while flushing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("BackgroundWriter(" + name + "): flush failed: " + e.getCause(), e.getCause());
        }
    }

    /** Writes everything handed over, then stops the thread; later hand-overs throw. Idempotent. */
    @Override
    public void close() {
        if (executor.isShutdown()) {
            return;
        }
        executor.shutdown();
        try {
            while (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                // a slow disk: keep waiting, what was handed over must be written before close returns
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("BackgroundWriter(" + name + "): interrupted while writing what was queued", e);
        }
    }

    private void execute(Runnable task) {
        if (executor.isShutdown()) {
            throw new IllegalStateException("BackgroundWriter(" + name + "): closed; nothing more can be written");
        }
        executor.execute(task);
    }

    private void fail(RuntimeException e) {
        try {
            onFailure.accept(e);
        } catch (RuntimeException ignored) {
            // the handler's own failure must not stop the writer (documented: dropped)
        }
    }
}
