package io.github.jmegym.agent.update;

import io.github.jmegym.agent.UpdateMode;
import io.github.jmegym.agent.core.RolloutBuffer;

/**
 * When and on which thread the update of a full rollout runs, relative to collecting the next one: one strategy per
 * {@link UpdateMode} ({@link SyncScheduler}, {@link BackgroundScheduler}, {@link TimeSlicedScheduler}). The
 * collector hands over each full rollout with {@link #start}; a finished update goes to the {@link Installer}, always
 * on the collecting thread. Driven by one thread (the collector's).
 */
public interface UpdateScheduler extends AutoCloseable {
    /** Receives each finished update on the collecting thread (to install its parameters and report its metrics). */
    @FunctionalInterface
    interface Installer {
        /**
         * @param job the finished update (its metrics are ready)
         * @param rolloutSeconds wall time spent collecting the rollout it trained on
         */
        void install(UpdateJob job, double rolloutSeconds);
    }

    /**
     * The strategy of {@code learner.config().updateMode()}.
     *
     * @param rule the rule every update runs
     * @param learner the parameters, network and optimizer the rule updates
     * @param installer receives each finished update
     */
    static UpdateScheduler forMode(UpdateRule rule, Learner learner, Installer installer) {
        return switch (learner.config().updateMode()) {
            case SYNC -> new SyncScheduler(rule, learner, installer);
            case BACKGROUND -> new BackgroundScheduler(rule, learner, installer);
            case TIME_SLICED -> new TimeSlicedScheduler(rule, learner, installer,
                    learner.config().sliceBudgetMillis());
        };
    }

    /**
     * Takes the full rollout (returns and advantages computed) and starts (or, in SYNC, runs) its update.
     *
     * @param full the rollout; the scheduler owns it until its update is installed
     * @param nextObs {@code [nEnvs x obsDim]} the (normalized) observations after the rollout's last step
     * @param progressRemaining {@code 1 - totalSteps / config.totalSteps}, at least 0
     * @param policyLag updates between the policy that collected the rollout and the one the update starts from
     * @param rolloutSeconds wall time spent collecting the rollout
     * @return the empty buffer to collect the next rollout into
     * @throws IllegalStateException when an update is still in progress ({@link #finish()} it first)
     */
    RolloutBuffer start(RolloutBuffer full, double[] nextObs, double progressRemaining, int policyLag,
                        double rolloutSeconds);

    /**
     * Gives an update in progress its share of the caller's time before the next action; a no-op by default.
     *
     * @param budgetNanos the most time the caller can give ({@link Long#MAX_VALUE}: the mode's own budget)
     * @param spentNanos training work this decision already did outside the update (completing a rollout: GAE,
     *        installing the previous update, starting this one), taken off the share
     * @param decisionsLeft decisions, this one included, before the update's result is needed (the steps left in
     *        the rollout being collected); 0 when it is needed now
     */
    default void beforeAct(long budgetNanos, long spentNanos, int decisionsLeft) {
    }

    /**
     * Tells the scheduler what one update is expected to take before any has run (a warm-up's measure), for a mode
     * that paces its updates by the last one's work (TIME_SLICED); a no-op by default.
     */
    default void expectUpdateWork(long nanos) {
    }

    /**
     * Whether an update has started and is still running (its work not yet done), so that completing it now would
     * run or wait for the rest; false by default (SYNC runs each update inside {@link #start}).
     */
    default boolean updateRunning() {
        return false;
    }

    /** Completes the update in progress, if any (waits for it, or runs its remaining slices), and installs it. */
    void finish();

    /** Whether an update has started and is not yet installed. */
    boolean busy();

    /** Stops any thread of the scheduler (completing an update it runs first); no-op by default. */
    @Override
    default void close() {
    }
}
