package io.github.jmegym.agent.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.agent.LagCorrection;
import io.github.jmegym.agent.core.ActorCritic;
import org.junit.jupiter.api.Test;

/**
 * TIME_SLICED's share of a decision: the time the decision already spent on training work outside the update
 * (completing a rollout) comes off the slice budget, so a decision that spent it all gives the update nothing.
 */
class TimeSlicedSchedulerTest {
    private static final long MS = 1_000_000;

    @Test
    void workAlreadySpentOnTheDecisionComesOffTheUpdatesShare() {
        UpdateJobUnitsTest.Fixture f = new UpdateJobUnitsTest.Fixture(UpdateJobUnitsTest.config(LagCorrection.NONE));
        ActorCritic model = f.learner.model();
        int[] installed = {0};
        try (TimeSlicedScheduler s = new TimeSlicedScheduler(f.rule, f.learner, (job, seconds) -> installed[0]++, 8.0)) {
            s.start(f.buf, f.nextObs, 1.0, 0, 0.0);
            s.beforeAct(Long.MAX_VALUE, 8 * MS, 1);
            assertEquals(0, model.batchLayers(), "a decision that spent the whole budget completing a rollout");
            s.beforeAct(5 * MS, 5 * MS, 1);
            assertEquals(0, model.batchLayers(), "a decision that spent the caller's whole budget");
            s.beforeAct(Long.MAX_VALUE, 0, 1);
            assertTrue(model.batchLayers() > 0, "a decision with the whole budget runs the update's first unit");
            assertTrue(s.updateRunning());
            s.finish();
            assertEquals(1, installed[0]);
        }
    }
}
