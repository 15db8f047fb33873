package io.github.jmegym.agent.update;

import io.github.jmegym.agent.core.RolloutBuffer;

/**
 * What the two modes that overlap an update with the next rollout share: the frozen policy keeps collecting into a
 * second buffer while the update trains on the first, and the update is installed when the collector next asks
 * ({@link #finish()}, at the latest when that next rollout is full). Subclasses say where the update runs.
 */
abstract class DeferredScheduler implements UpdateScheduler {
    private final UpdateRule rule;
    private final Learner learner;
    private final Installer installer;
    /** The buffer the next rollout is collected into (created with the first update). */
    private RolloutBuffer spare;
    /** The update started and not yet installed, or null. */
    private UpdateJob pending;
    private double pendingRolloutSeconds;

    DeferredScheduler(UpdateRule rule, Learner learner, Installer installer) {
        this.rule = rule;
        this.learner = learner;
        this.installer = installer;
    }

    @Override
    public final RolloutBuffer start(RolloutBuffer full, double[] nextObs, double progressRemaining, int policyLag,
                                     double rolloutSeconds) {
        if (pending != null) {
            throw new IllegalStateException("UpdateScheduler.start: the previous update is not installed; finish() it first");
        }
        RolloutBuffer next = spare != null ? spare : full.emptyLike();
        spare = full;
        next.clear();
        pending = new UpdateJob(rule, learner, full, nextObs, progressRemaining, policyLag);
        pendingRolloutSeconds = rolloutSeconds;
        launch(pending);
        return next;
    }

    @Override
    public final void finish() {
        if (pending == null) {
            return;
        }
        complete(pending);
        installer.install(pending, pendingRolloutSeconds);
        pending = null;
    }

    @Override
    public final boolean busy() {
        return pending != null;
    }

    /** The update in progress, or null. */
    final UpdateJob pending() {
        return pending;
    }

    /** Starts running a just-submitted update (or leaves it for later). */
    abstract void launch(UpdateJob job);

    /** Returns once {@code job} has run to its end. */
    abstract void complete(UpdateJob job);
}
