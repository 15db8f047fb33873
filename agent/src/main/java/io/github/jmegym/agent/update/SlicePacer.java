package io.github.jmegym.agent.update;

import java.util.function.LongSupplier;

/**
 * How much of a decision's slice budget a time-sliced update takes: an even share of the work over the decisions
 * before its result is needed, rather than the whole budget until it is done. A frame that carries milliseconds more
 * training work than the frame before it is ready that much later, and one carrying the full budget is late whenever
 * the rest of it (rendering, physics) takes more than the frame interval less the budget: the fewer frames carry a
 * lot, the fewer stutter. The result is the same either way, since the update is installed only when the next
 * rollout is full.
 *
 * <p>A token bucket: every decision adds its share to a credit of at most the budget, and the update may run units
 * while they fit the credit (one unit may overdraw it, so that units longer than a share still run; later decisions
 * pay it back). The share is the last update's work spread over the first {@link #FINISH_BY} of the rollout's
 * decisions, or more when the update in progress is behind that pace ({@code what is left / decisions left}).
 * The first update, unless a warm-up measured one ({@link #expect}), and an update whose result is needed now take the
 * whole budget. Runs the units through a {@link SliceBudget} and measures them on its clock; one thread
 * ({@link TimeSlicedScheduler} uses it).
 */
final class SlicePacer {
    /**
     * The fraction of the next rollout's decisions an update is paced to finish in: the half left over absorbs an
     * update that takes longer than the last one, or decisions that come faster than before.
     */
    static final double FINISH_BY = 0.5;
    /** What an update ahead of the last one's total is assumed to have left: an eighth of that total. */
    private static final int OVERRUN_DIVISOR = 8;

    private final long budgetNanos;
    private final int decisionsPerRollout;
    private final LongSupplier clock;
    private final SliceBudget slices;
    /** The work of the last finished update, nanoseconds; -1 before the first. */
    private long lastWorkNanos = -1;
    /** The work the update in progress has done so far, nanoseconds. */
    private long doneNanos;
    private long creditNanos;

    /**
     * @param budgetNanos the slice budget of one decision (the bucket's size), nanoseconds
     * @param decisionsPerRollout decisions between the start of an update and the moment its result is needed
     *        (the rollout's steps per sub-env), {@code >= 1}
     * @param clock the time source, nanoseconds ({@code System::nanoTime}; a fake one in tests)
     */
    SlicePacer(long budgetNanos, int decisionsPerRollout, LongSupplier clock) {
        if (budgetNanos <= 0 || decisionsPerRollout < 1) {
            throw new IllegalArgumentException("SlicePacer: budgetNanos=" + budgetNanos + ", decisionsPerRollout="
                    + decisionsPerRollout + "; expected > 0 and >= 1");
        }
        this.budgetNanos = budgetNanos;
        this.decisionsPerRollout = decisionsPerRollout;
        this.clock = clock;
        this.slices = new SliceBudget(budgetNanos, clock);
    }

    /**
     * What an update is expected to take, before any has finished (a warm-up's measure of one), so that the first
     * update is paced too; ignored once an update has finished.
     */
    void expect(long workNanos) {
        if (lastWorkNanos < 0 && workNanos > 0) {
            lastWorkNanos = workNanos;
        }
    }

    /** A new update starts: no work done, no credit carried over from the last. */
    void started() {
        doneNanos = 0;
        creditNanos = 0;
    }

    /**
     * Runs this decision's slice of {@code work}: units for at most the budget (or {@code limitNanos}, when smaller)
     * less {@code spentNanos}, paced.
     *
     * @param limitNanos what the caller can give at most ({@link Long#MAX_VALUE}: the budget; less when a frame's
     *        budget is partly used)
     * @param spentNanos training work the decision already did outside the update, taken off
     * @param decisionsLeft decisions, this one included, before the result is needed; 0 when it is needed now
     * @return units run
     */
    int run(SliceBudget.Work work, long limitNanos, long spentNanos, int decisionsLeft) {
        long available = Math.min(limitNanos, budgetNanos) - spentNanos;
        if (work.done() || available <= 0) {
            return 0;
        }
        long limit = available;
        int maxUnits = Integer.MAX_VALUE;
        if (lastWorkNanos >= 0 && decisionsLeft > 0) {
            creditNanos = Math.min(creditNanos + share(decisionsLeft), budgetNanos);
            long next = slices.slowest(work.nextUnit());
            if (next < 0 || next > budgetNanos) {
                // a unit of unknown length, or one longer than a whole budget: alone, in a slice of its own
                maxUnits = 1;
            } else if (creditNanos <= 0) {
                limit = 0;
            } else {
                limit = Math.min(available, Math.max(creditNanos, next));
            }
        }
        int ran = 0;
        if (limit > 0) {
            long t0 = clock.getAsLong();
            ran = slices.run(work, limit, maxUnits);
            long took = clock.getAsLong() - t0;
            doneNanos += took;
            creditNanos -= took;
        }
        if (work.done()) {
            lastWorkNanos = doneNanos;
        }
        return ran;
    }

    /** Runs what is left of {@code work} at once (its result is needed now), measuring it for pacing the next. */
    void finish(SliceBudget.Work work) {
        if (work.done()) {
            return;
        }
        long t0 = clock.getAsLong();
        work.runAll();
        lastWorkNanos = doneNanos + clock.getAsLong() - t0;
    }

    /** A decision's share: the last update's work over {@link #FINISH_BY} of a rollout, or more when behind. */
    private long share(int decisionsLeft) {
        long left = Math.max(lastWorkNanos - doneNanos, lastWorkNanos / OVERRUN_DIVISOR);
        long pace = (long) Math.ceil(lastWorkNanos / (FINISH_BY * decisionsPerRollout));
        return Math.max(pace, left / decisionsLeft);
    }
}
