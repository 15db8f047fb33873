package io.github.jmegym.engine.ingame;

import com.jme3.system.AppSettings;
import com.jme3.system.JmeContext;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Runs an {@link InGameApp} headless (as fast as frames come) until a condition holds on the render thread. */
final class HeadlessGame {
    private HeadlessGame() {
    }

    /**
     * @param until checked at the end of every frame; the game stops once it returns true
     * @return frames run
     */
    static long run(TrainingAppState state, boolean hud, Duration timeout, Predicate<InGameApp> until) {
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[] frames = {0};
        InGameApp app = new InGameApp(state, hud, a -> {
            frames[0]++;
            if (until.test(a)) {
                done.countDown();
            }
        }) {
            @Override
            public void handleError(String errMsg, Throwable t) {
                failure.set(t == null ? new IllegalStateException(errMsg) : t);
                done.countDown();
                stop();
            }
        };
        AppSettings settings = new AppSettings(true);
        settings.setFrameRate(1_000_000_000);
        settings.setAudioRenderer(null);
        app.setSettings(settings);
        app.setShowSettings(false);
        Logger.getLogger("com.jme3").setLevel(Level.WARNING);
        app.start(JmeContext.Type.Headless);
        try {
            if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the game did not reach its goal within " + timeout + " (" + frames[0]
                        + " frames, " + state.stats().totalSteps() + " steps, mode " + state.mode() + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            // after a failure the context is already gone and waiting for it would hang
            app.stop(failure.get() == null);
        }
        if (failure.get() != null) {
            throw new AssertionError("the game failed: " + failure.get(), failure.get());
        }
        return frames[0];
    }
}
