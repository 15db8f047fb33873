package io.github.jmegym.agent.update;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@link io.github.jmegym.agent.UpdateMode#BACKGROUND}: a daemon thread ({@code ppo-update}, made with the first
 * update) runs each update whole while the frozen previous policy collects the next rollout; the collector waits for
 * it only when it needs the result.
 */
final class BackgroundScheduler extends DeferredScheduler {
    private ExecutorService executor;
    private volatile Future<?> running;

    BackgroundScheduler(UpdateRule rule, Learner learner, Installer installer) {
        super(rule, learner, installer);
    }

    @Override
    void launch(UpdateJob job) {
        if (executor == null) {
            executor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "ppo-update");
                t.setDaemon(true);
                return t;
            });
        }
        running = executor.submit(job::runAll);
    }

    @Override
    public boolean updateRunning() {
        Future<?> f = running;
        return f != null && !f.isDone();
    }

    @Override
    void complete(UpdateJob job) {
        try {
            running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the PPO update", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("PPO update failed: " + e.getCause(), e.getCause());
        }
        running = null;
    }

    /** Waits for an update in progress, installs it, and stops the thread. */
    @Override
    public void close() {
        try {
            finish();
        } finally {
            if (executor != null) {
                executor.shutdownNow();
                executor = null;
            }
        }
    }
}
