package io.github.jmegym.engine.app;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Hands a remote client's calls (reset, step) over to the game loop of a {@link TrainingAppState} (its frame work,
 * which runs on the simulation's thread while the render thread waits): the client's thread queues the call and
 * waits; the game loop runs queued calls between two decisions, and in {@link GameMode#REMOTE} keeps taking them for
 * up to {@link #FRAME_BUDGET_MILLIS} per frame (so one frame can serve many steps while the window still redraws).
 */
public final class RemoteDriver {
    /** How long the game loop serves remote calls per frame in REMOTE mode, milliseconds. */
    public static final long FRAME_BUDGET_MILLIS = 12;
    private final TrainingAppState state;
    private final LinkedBlockingQueue<FutureTask<?>> queue = new LinkedBlockingQueue<>();
    private volatile Thread loopThread;
    private volatile String stopped;

    RemoteDriver(TrainingAppState state) {
        this.state = state;
    }

    /**
     * Runs {@code call} in the game loop and returns its result (directly when called from the game loop itself).
     *
     * @param timeout how long to wait for the game to run it
     * @throws IllegalStateException when the game stopped or did not run it in time
     * @throws RuntimeException the call's own exception (e.g. a bad action), unchanged
     */
    public <T> T call(Callable<T> call, Duration timeout) {
        if (Thread.currentThread() == loopThread) {
            try {
                return call.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        if (stopped != null) {
            throw new IllegalStateException(stopped);
        }
        FutureTask<T> task = new FutureTask<>(call);
        queue.add(task);
        try {
            return task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            task.cancel(false);
            throw new IllegalStateException("the game did not run the remote call within "
                    + timeout + " (is it paused, or not in REMOTE mode and stalled?)", e);
        } catch (CancellationException e) {
            throw new IllegalStateException(stopped != null ? stopped : "the remote call was cancelled", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the game", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Game loop: runs the queued calls; in REMOTE mode (not paused) waits for more up to the frame budget. */
    void runPending() {
        loopThread = Thread.currentThread();
        boolean serve = state.mode() == GameMode.REMOTE && !state.isPaused();
        long deadline = System.nanoTime() + FRAME_BUDGET_MILLIS * 1_000_000L;
        while (true) {
            FutureTask<?> t = queue.poll();
            if (t == null && serve) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    t = queue.poll(left, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (t == null) {
                return;
            }
            t.run();
        }
    }

    /** Fails every waiting call and all later ones with {@code why}. */
    void cancelAll(String why) {
        stopped = why;
        FutureTask<?> t;
        while ((t = queue.poll()) != null) {
            t.cancel(false);
        }
    }
}
