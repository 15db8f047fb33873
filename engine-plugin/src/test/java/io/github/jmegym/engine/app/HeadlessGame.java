package io.github.jmegym.engine.app;

import io.github.jmegym.engine.app.HeadlessRun;
import java.time.Duration;
import java.util.function.Predicate;

/** Runs an {@link InGameApp} headless (as fast as frames come) until a condition holds on the render thread. */
final class HeadlessGame {
    private HeadlessGame() {
    }

    /**
     * @param until checked at the end of every frame; the game stops once it returns true
     * @return frames run
     */
    static long run(TrainingAppState state, boolean hud, Duration timeout, Predicate<InGameApp> until) {
        HeadlessRun run = new HeadlessRun();
        long[] frames = {0};
        InGameApp app = new InGameApp(state, hud, a -> {
            frames[0]++;
            if (until.test(a)) {
                run.finished();
            }
        }) {
            @Override
            public void handleError(String errMsg, Throwable t) {
                run.failed(errMsg, t);
                stop();
            }
        };
        try {
            run.run(app, timeout, "the game", () -> frames[0] + " frames, " + state.stats().totalSteps() + " steps, mode "
                    + state.mode());
        } catch (IllegalStateException e) {
            throw new AssertionError(e.getMessage(), e.getCause() != null ? e.getCause() : e);
        }
        return frames[0];
    }
}
