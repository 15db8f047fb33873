package io.github.jmegym.agent.update;

/**
 * {@link io.github.jmegym.agent.UpdateMode#TIME_SLICED}: the update runs on the collecting thread in slices (a
 * minibatch or a policy step each), every action spending at most about {@code sliceBudgetMillis} on it, while the
 * frozen previous policy collects the next rollout. What is left when the result is needed runs at once.
 */
final class TimeSlicedScheduler extends DeferredScheduler {
    private final long budgetNanos;

    /** @param sliceBudgetMillis the time per action given to the update (> 0) */
    TimeSlicedScheduler(UpdateRule rule, Learner learner, Installer installer, double sliceBudgetMillis) {
        super(rule, learner, installer);
        this.budgetNanos = (long) (sliceBudgetMillis * 1e6);
    }

    @Override
    void launch(UpdateJob job) {
    }

    @Override
    public void beforeAct() {
        UpdateJob job = pending();
        if (job == null) {
            return;
        }
        long deadline = System.nanoTime() + budgetNanos;
        while (!job.done() && System.nanoTime() < deadline) {
            job.step();
        }
    }

    @Override
    void complete(UpdateJob job) {
        job.runAll();
    }
}
