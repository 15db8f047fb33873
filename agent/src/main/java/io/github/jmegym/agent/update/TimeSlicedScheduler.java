package io.github.jmegym.agent.update;

/**
 * {@link io.github.jmegym.agent.UpdateMode#TIME_SLICED}: the update runs on the collecting thread in slices while the
 * frozen previous policy collects the next rollout, every action giving it at most {@code sliceBudgetMillis} (or the
 * smaller budget the caller has left), less what the action already spent completing a rollout. The update is paced
 * ({@link SlicePacer}): from the second update on (from the first after a warm-up), each action gives it an even
 * share of the last update's work over the first half of the rollout rather than the whole budget, so that its work
 * is spread thinly over many frames instead of filling a few. A slice runs whole units of work
 * ({@link UpdateJob#nextUnit()}: a layer's gemm, a chunk of rows of its activation or of plain-Java work while
 * preparing the rollout and measuring the move, a minibatch, a unit of a trust-region policy step, a critic step)
 * and starts one only when the slowest recent unit of its kind ({@link SliceBudget}) still fits in what is left, so
 * a slice ends early rather than overrunning. What is left when the result is needed runs at once (a game loop
 * avoids that by asking {@code PpoTrainer.updateBacklogged()} and giving the update slices instead of acting).
 */
final class TimeSlicedScheduler extends DeferredScheduler {
    private final SlicePacer pacer;

    /** @param sliceBudgetMillis the time per action given to the update (> 0) */
    TimeSlicedScheduler(UpdateRule rule, Learner learner, Installer installer, double sliceBudgetMillis) {
        super(rule, learner, installer);
        this.pacer = new SlicePacer((long) (sliceBudgetMillis * 1e6), learner.config().nSteps(), System::nanoTime);
    }

    @Override
    void launch(UpdateJob job) {
        pacer.started();
    }

    @Override
    public void beforeAct(long budget, long spent, int decisionsLeft) {
        UpdateJob job = pending();
        if (job != null) {
            pacer.run(job, budget, spent, decisionsLeft);
        }
    }

    @Override
    public void expectUpdateWork(long nanos) {
        pacer.expect(nanos);
    }

    @Override
    public boolean updateRunning() {
        UpdateJob job = pending();
        return job != null && !job.done();
    }

    @Override
    void complete(UpdateJob job) {
        pacer.finish(job);
    }
}
