package io.github.jmegym.agent.update;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.agent.PpoConfig;
import io.github.jmegym.agent.PpoTrainer;
import io.github.jmegym.agent.UpdateMode;
import io.github.jmegym.agent.core.Rng;
import io.github.jmegym.envs.spaces.Box;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * TIME_SLICED through the trainer's game-loop API: a loop that holds its decisions back while the update is
 * backlogged (and gives it slices instead) trains the same policy, bit for bit, as one that lets {@code act} finish
 * the update, for the same seed.
 */
class TimeSlicedUpdateTest {
    private static final int ENVS = 4;

    @Test
    void holdingDecisionsBackWhileBackloggedKeepsTheTrainingOfTheSeed() {
        double[] plain = train(false, 8.0);
        double[] held = train(true, 0.05);
        assertArrayEquals(plain, held, "same seed, same policy whether the loop held decisions back or not");
    }

    @Test
    void aBackloggedUpdateIsReportedUntilItsSlicesHaveRun() {
        PpoConfig c = config(0.05);
        try (PpoTrainer t = PpoTrainer.forSpaces(box(), box(), c, 3)) {
            Rng world = new Rng(5);
            for (int s = 0; s < c.nSteps(); s++) {
                step(t, world, Long.MAX_VALUE);
            }
            assertFalse(t.updateInProgress(), "no update before the first rollout is handed over");
            step(t, world, Long.MAX_VALUE);   // hands the rollout over and starts its update
            assertTrue(t.updateInProgress());
            int guard = 0;
            while (!t.updateBacklogged()) {
                step(t, world, 0);   // no time for the update: the next rollout fills up
                assertTrue(++guard <= c.nSteps(), "the rollout never filled");
            }
            assertEquals(0, t.updates());
            int slices = 0;
            while (t.updateBacklogged()) {
                t.workOnUpdate(Long.MAX_VALUE);
                slices++;
            }
            assertTrue(slices > 1, "the update took several slices of 0.05 ms: " + slices);
            assertFalse(t.updateInProgress());
            step(t, world, Long.MAX_VALUE);
            assertEquals(1, t.updates(), "the act after the backlog installs the finished update");
        }
    }

    private static PpoConfig config(double sliceMs) {
        return PpoConfig.defaults().withBatchSize(32).withNSteps(32).withNEnvs(ENVS).withEpochs(3)
                .withUpdateMode(UpdateMode.TIME_SLICED).withSliceBudgetMillis(sliceMs);
    }

    private static Box box() {
        return Box.of(new double[] {-1}, new double[] {1});
    }

    /** Trains 6 rollouts' worth of steps; {@code hold}: while backlogged, give slices instead of acting. */
    private static double[] train(boolean hold, double sliceMs) {
        PpoConfig c = config(sliceMs);
        try (PpoTrainer t = PpoTrainer.forSpaces(box(), box(), c, 11)) {
            Rng world = new Rng(7);
            int steps = 0;
            while (steps < 6 * c.nSteps() + 1) {
                if (hold && t.updateBacklogged()) {
                    t.workOnUpdate(Long.MAX_VALUE);
                    continue;
                }
                step(t, world, Long.MAX_VALUE);
                steps++;
            }
            assertEquals(5, t.updates(), "each update is installed when the next rollout is full");
            return t.policy().params();
        }
    }

    private static void step(PpoTrainer t, Rng world, long budget) {
        List<double[]> obs = new ArrayList<>();
        double[] xs = new double[ENVS];
        for (int e = 0; e < ENVS; e++) {
            xs[e] = 2 * world.nextDouble() - 1;
            obs.add(new double[] {xs[e]});
        }
        List<Object> acts = t.act(obs, budget);
        double[] r = new double[ENVS];
        for (int e = 0; e < ENVS; e++) {
            r[e] = -Math.abs(((double[]) acts.get(e))[0] - xs[e]);
        }
        boolean[] ended = new boolean[ENVS];
        java.util.Arrays.fill(ended, true);
        t.report(r, ended, new boolean[ENVS], null);
    }
}
