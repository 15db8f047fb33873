package io.github.jmegym.engine.app;

import com.jme3.app.SimpleApplication;
import com.jme3.system.AppSettings;
import com.jme3.system.JmeContext;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One run of a {@link SimpleApplication} started headless ({@link JmeContext.Type#Headless}: no window, no renderer,
 * frames as fast as they come) until it says it is done: the application calls {@link #finished()} when its work is
 * complete and {@link #failed(String, Throwable)} from its {@code handleError}; {@link #run} starts it, waits, stops
 * it and rethrows its failure. For tests, benchmarks and servers that run a game without a screen.
 */
public final class HeadlessRun {
    // a strong reference: java.util.logging forgets the level of loggers nobody holds
    private static final Logger JME_LOG = Logger.getLogger("com.jme3");
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /** Marks the run complete (any thread; e.g. from {@code simpleUpdate} once the goal is reached). */
    public void finished() {
        done.countDown();
    }

    /** Records the application's failure and ends the run; call it from the application's {@code handleError}. */
    public void failed(String errMsg, Throwable t) {
        failure.compareAndSet(null, t == null ? new IllegalStateException(errMsg) : t);
        done.countDown();
    }

    /**
     * Starts {@code app} headless (frame rate 10^9, since NullContext turns a frame rate {@code <= 0} into 60; no
     * audio; jME's log at WARNING), waits for {@link #finished()} or {@link #failed}, then stops it.
     *
     * @param what names the run in error messages
     * @param progress what was done so far, for the time-out message
     * @throws IllegalStateException when the application failed (its error is the cause) or the run timed out
     */
    public void run(SimpleApplication app, Duration timeout, String what, Supplier<String> progress) {
        AppSettings settings = new AppSettings(true);
        settings.setFrameRate(1_000_000_000);
        settings.setAudioRenderer(null);
        app.setSettings(settings);
        app.setShowSettings(false);
        Level before = JME_LOG.getLevel();
        JME_LOG.setLevel(Level.WARNING);
        try {
            app.start(JmeContext.Type.Headless);
            if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(what + ": the app run did not finish within " + timeout + " ("
                        + progress.get() + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + ": interrupted while waiting for the app run", e);
        } finally {
            // after an error the render thread may be gone: do not wait for it
            app.stop(failure.get() == null);
            JME_LOG.setLevel(before);
        }
        if (failure.get() != null) {
            throw new IllegalStateException(what + ": the app run failed: " + failure.get(), failure.get());
        }
    }
}
