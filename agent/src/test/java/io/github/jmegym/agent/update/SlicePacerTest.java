package io.github.jmegym.agent.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pacing on a fake clock: a slice budget of 8 ms, rollouts of 100 decisions, updates of minibatch units of 0.5 ms
 * (a first update of 20 ms of work).
 */
class SlicePacerTest {
    private static final long MS = 1_000_000;
    private static final int DECISIONS = 100;

    private final long[] now = {0};
    private final SlicePacer pacer = new SlicePacer(8 * MS, DECISIONS, () -> now[0]);

    /** Runs one update of {@code units} 0.5 ms units, a decision at a time; the units each decision ran. */
    private List<Integer> update(int units) {
        SliceBudgetTest.FakeWork w = SliceBudgetTest.work(now, units, MS / 2);
        pacer.started();
        List<Integer> perDecision = new ArrayList<>();
        for (int d = 0; d < DECISIONS && !w.done(); d++) {
            perDecision.add(pacer.run(w, Long.MAX_VALUE, 0, DECISIONS - d));
        }
        pacer.finish(w);
        assertTrue(w.done());
        return perDecision;
    }

    @Test
    void theFirstUpdateHasNothingToGoByAndTakesTheWholeBudgetOfEachDecision() {
        assertEquals(List.of(16, 16, 8), update(40), "8 ms of 0.5 ms units per decision");
    }

    @Test
    void fromTheSecondUpdateOnTheWorkIsSpreadEvenlyOverTheFirstHalfOfTheRollout() {
        update(40);
        List<Integer> paced = update(40);
        int decisions = paced.size();
        assertTrue(decisions <= SlicePacer.FINISH_BY * DECISIONS && decisions >= 0.8 * SlicePacer.FINISH_BY * DECISIONS,
                "20 ms at 0.4 ms a decision ends near decision 50: " + decisions);
        assertEquals(1, Collections.max(paced), "no decision runs more than one 0.5 ms unit: " + paced);
        // a unit longer than a share overdraws the credit once; the next decisions pay it back
        assertTrue(paced.contains(0), "some decisions give nothing: " + paced);
    }

    @Test
    void aWarmUpsMeasurePacesTheFirstUpdateAndIsIgnoredOnceAnUpdateHasFinished() {
        pacer.expect(20 * MS);
        List<Integer> first = update(40);
        assertEquals(1, Collections.max(first), "the first update is paced: " + first);
        assertTrue(first.size() >= 40 && first.size() <= 50, "over about half the rollout: " + first.size());
        pacer.expect(200 * MS);
        assertEquals(first.size(), update(40).size(), "paced by the last update, not by a later expectation");
    }

    @Test
    void anUpdateLongerThanTheLastKeepsItsPaceAndStillEndsBeforeItsResultIsNeeded() {
        update(40);
        List<Integer> paced = update(60);
        assertTrue(paced.size() < DECISIONS, "30 ms at 0.4 ms a decision ends by decision 75: " + paced.size());
        assertEquals(1, Collections.max(paced), "still one unit at most per decision: " + paced);
    }

    @Test
    void anUpdateWhoseResultIsNeededNowGetsTheWholeBudget() {
        update(40);
        SliceBudgetTest.FakeWork w = SliceBudgetTest.work(now, 40, MS / 2);
        pacer.started();
        assertEquals(1, pacer.run(w, Long.MAX_VALUE, 0, 50), "paced");
        assertEquals(16, pacer.run(w, Long.MAX_VALUE, 0, 0), "due now: 8 ms");
    }

    @Test
    void whatTheDecisionAlreadySpentAndTheCallersLimitComeOffTheSlice() {
        SliceBudgetTest.FakeWork w = SliceBudgetTest.work(now, 40, MS / 2);
        pacer.started();
        assertEquals(16, pacer.run(w, Long.MAX_VALUE, 0, DECISIONS), "the whole 8 ms");
        assertEquals(0, pacer.run(w, Long.MAX_VALUE, 8 * MS, DECISIONS), "8 ms already spent");
        assertEquals(4, pacer.run(w, 3 * MS, MS, DECISIONS), "3 ms offered, 1 ms spent: four 0.5 ms units");
        assertFalse(w.done());
    }

    @Test
    void aBudgetOrRolloutOutOfRangeIsRefusedNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SlicePacer(0, DECISIONS, () -> 0));
        assertTrue(e.getMessage().contains("budgetNanos=0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SlicePacer(MS, 0, () -> 0));
        assertTrue(e.getMessage().contains("decisionsPerRollout=0"), e.getMessage());
    }
}
