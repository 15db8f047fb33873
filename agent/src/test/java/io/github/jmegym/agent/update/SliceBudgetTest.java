package io.github.jmegym.agent.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The slice rule on a fake clock: units of known durations, a slice of 8 ms. */
class SliceBudgetTest {
    private static final long MS = 1_000_000;

    /** Work whose units advance the fake clock by their listed durations. */
    static final class FakeWork implements SliceBudget.Work {
        final long[] now;
        final List<String> kinds;
        final List<Long> nanos;
        int next;

        FakeWork(long[] now, List<String> kinds, List<Long> nanos) {
            this.now = now;
            this.kinds = kinds;
            this.nanos = nanos;
        }

        @Override
        public boolean done() {
            return next == kinds.size();
        }

        @Override
        public String nextUnit() {
            return kinds.get(next);
        }

        @Override
        public void step() {
            now[0] += nanos.get(next++);
        }
    }

    static FakeWork work(long[] now, int minibatches, long eachNanos) {
        List<String> k = new ArrayList<>();
        List<Long> d = new ArrayList<>();
        for (int i = 0; i < minibatches; i++) {
            k.add("minibatch");
            d.add(eachNanos);
        }
        return new FakeWork(now, k, d);
    }

    @Test
    void aSliceNeverStartsAUnitThatTheRecordedTimesSayWillNotFit() {
        long[] now = {0};
        SliceBudget b = new SliceBudget(8 * MS, () -> now[0]);
        FakeWork w = work(now, 40, 3 * MS);
        // the first slice learns the kind: one unknown unit, then 3 ms units while 3 + 3 <= 8
        long t0 = now[0];
        assertEquals(2, b.run(w, Long.MAX_VALUE));
        assertEquals(6 * MS, now[0] - t0, "the slice stopped at 6 ms: a third 3 ms unit would end at 9 ms");
        for (int slice = 0; slice < 10; slice++) {
            t0 = now[0];
            int ran = b.run(w, Long.MAX_VALUE);
            assertEquals(2, ran);
            assertTrue(now[0] - t0 <= 8 * MS, "slice " + slice + " took " + (now[0] - t0) / 1e6 + " ms");
        }
    }

    @Test
    void theSlowestRecentUnitDecidesNotTheMean() {
        long[] now = {0};
        SliceBudget b = new SliceBudget(8 * MS, () -> now[0]);
        b.record("minibatch", 1 * MS);
        b.record("minibatch", 5 * MS);
        b.record("minibatch", 1 * MS);
        assertEquals(5 * MS, b.slowest("minibatch"));
        assertTrue(b.fits("minibatch", 3 * MS, 8 * MS, false));
        assertFalse(b.fits("minibatch", 3 * MS + 1, 8 * MS, false));
        // a one-off ages out after WINDOW newer units
        for (int i = 0; i < SliceBudget.WINDOW; i++) {
            b.record("minibatch", 1 * MS);
        }
        assertEquals(1 * MS, b.slowest("minibatch"));
    }

    @Test
    void aSmallerBudgetFromTheCallerIsRespected() {
        long[] now = {0};
        SliceBudget b = new SliceBudget(8 * MS, () -> now[0]);
        b.record("minibatch", 3 * MS);
        FakeWork w = work(now, 10, 3 * MS);
        assertEquals(1, b.run(w, 4 * MS));
        assertEquals(0, b.run(w, 2 * MS), "a unit that needs 3 ms does not start with 2 ms left");
    }

    @Test
    void unknownOrOversizedUnitsRunOnlyFirstInAFreshFullSlice() {
        long[] now = {0};
        SliceBudget b = new SliceBudget(8 * MS, () -> now[0]);
        assertTrue(b.fits("prepare", 0, 8 * MS, true));
        assertFalse(b.fits("prepare", 1 * MS, 8 * MS, false), "unknown after another unit");
        assertFalse(b.fits("prepare", 0, 5 * MS, true), "unknown in a partial slice");
        b.record("policy step", 20 * MS);
        assertTrue(b.fits("policy step", 0, 8 * MS, true), "can never fit: alone in a fresh slice, or never");
        assertFalse(b.fits("policy step", 0, 7 * MS, true));
        // a mix: a slow measure unit after fast minibatches waits for the next slice
        List<String> kinds = List.of("minibatch", "minibatch", "measure");
        FakeWork w = new FakeWork(now, new ArrayList<>(kinds), new ArrayList<>(List.of(2 * MS, 2 * MS, 7 * MS)));
        b.record("minibatch", 2 * MS);
        b.record("measure", 7 * MS);
        assertEquals(2, b.run(w, Long.MAX_VALUE));
        assertEquals(1, b.run(w, Long.MAX_VALUE));
        assertTrue(w.done());
    }
}
