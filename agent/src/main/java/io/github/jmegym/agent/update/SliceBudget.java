package io.github.jmegym.agent.update;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Fits whole units of an update's work into time slices: a slice starts a unit only when the slowest of the last
 * {@link #WINDOW} units of its kind still fits in what is left of it, so a slice ends early rather than overrunning.
 * The slowest rather than the mean, because one unit that overruns a frame is what the budget is there to prevent; a
 * window rather than all time, so that a one-off (the first unit's JIT, a GC pause) ages out. A kind never seen yet,
 * or one slower than a whole budget (it can never fit), runs only as the first unit of a fresh, full slice. One
 * thread; {@link TimeSlicedScheduler} uses it.
 */
final class SliceBudget {
    /** Units of one kind remembered. */
    static final int WINDOW = 32;

    /** Work made of units run one at a time ({@link UpdateJob}). */
    interface Work {
        /** Whether every unit has run. */
        boolean done();

        /** The kind of the next unit (units of a kind take about as long as each other). */
        String nextUnit();

        /** Runs the next unit. */
        void step();

        /** Runs every remaining unit. */
        default void runAll() {
            while (!done()) {
                step();
            }
        }
    }

    private final long budgetNanos;
    private final LongSupplier clock;
    private final Map<String, long[]> recent = new HashMap<>();
    private final Map<String, Integer> seen = new HashMap<>();

    /**
     * @param budgetNanos a full slice, nanoseconds
     * @param clock the time source, nanoseconds ({@code System::nanoTime})
     */
    SliceBudget(long budgetNanos, LongSupplier clock) {
        this.budgetNanos = budgetNanos;
        this.clock = clock;
    }

    /**
     * Runs units of {@code work} for at most {@code limitNanos} (capped at the full budget) by the recorded unit
     * times, recording the time of each unit it runs. Only a slice of the full budget is a fresh one: in a shorter
     * slice (what is left of a frame's budget, or a paced share) a unit slower than the whole budget waits.
     *
     * @return units run
     */
    int run(Work work, long limitNanos) {
        return run(work, limitNanos, Integer.MAX_VALUE);
    }

    /** {@link #run(Work, long)} running at most {@code maxUnits} units. */
    int run(Work work, long limitNanos, int maxUnits) {
        long limit = Math.min(budgetNanos, limitNanos);
        if (limit <= 0) {
            return 0;
        }
        long start = -1;
        int ran = 0;
        while (!work.done() && ran < maxUnits) {
            String unit = work.nextUnit();
            long t0 = clock.getAsLong();
            if (start < 0) {
                // the slice's time is its units': a first unit as slow as the whole limit fits
                start = t0;
            }
            if (!fits(unit, t0 - start, limit, ran == 0)) {
                break;
            }
            work.step();
            record(unit, clock.getAsLong() - t0);
            ran++;
        }
        return ran;
    }

    /** Records that a unit of {@code kind} took {@code nanos}. */
    void record(String kind, long nanos) {
        long[] ring = recent.computeIfAbsent(kind, k -> new long[WINDOW]);
        int n = seen.merge(kind, 1, Integer::sum);
        ring[(n - 1) % WINDOW] = nanos;
    }

    /** The slowest of the last {@link #WINDOW} units of {@code kind}, nanoseconds; -1 before the first. */
    long slowest(String kind) {
        long[] ring = recent.get(kind);
        if (ring == null) {
            return -1;
        }
        int n = Math.min(seen.get(kind), WINDOW);
        long max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, ring[i]);
        }
        return max;
    }

    /** Whether a unit of {@code kind} may start with {@code usedNanos} of a slice of {@code limitNanos} spent. */
    boolean fits(String kind, long usedNanos, long limitNanos, boolean firstInSlice) {
        long slowest = slowest(kind);
        if (slowest >= 0 && usedNanos + slowest <= limitNanos) {
            return true;
        }
        return firstInSlice && limitNanos >= budgetNanos && (slowest < 0 || slowest > budgetNanos);
    }
}
