package io.github.jmegym.agent.update;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs work the way TIME_SLICED runs it, through {@link SliceBudget}, on a fake clock on which every unit takes 1 ms,
 * in slices of 1 ms, so that each slice runs exactly one unit; each unit is measured as it runs.
 */
final class OneUnitSlices {
    private static final long MS = 1_000_000;

    private OneUnitSlices() {
    }

    /** Measures one unit: runs it (exactly once) and says what it did. */
    @FunctionalInterface
    interface Meter<U> {
        U measure(String kind, Runnable unit);
    }

    /**
     * Runs {@code work} to its end.
     *
     * @param unitsPerSlice receives the units each slice ran
     * @return the meter's account of each unit, in order
     */
    static <U> List<U> run(SliceBudget.Work work, Meter<U> meter, List<Integer> unitsPerSlice) {
        long[] now = {0};
        List<U> units = new ArrayList<>();
        SliceBudget.Work measured = new SliceBudget.Work() {
            @Override
            public boolean done() {
                return work.done();
            }

            @Override
            public String nextUnit() {
                return work.nextUnit();
            }

            @Override
            public void step() {
                units.add(meter.measure(work.nextUnit(), work::step));
                now[0] += MS;
            }
        };
        SliceBudget slices = new SliceBudget(MS, () -> now[0]);
        while (!work.done()) {
            unitsPerSlice.add(slices.run(measured, MS));
        }
        return units;
    }
}
