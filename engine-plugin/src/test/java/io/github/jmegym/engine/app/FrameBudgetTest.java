package io.github.jmegym.engine.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.agent.PpoConfig;
import io.github.jmegym.agent.UpdateMode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-game frame budget on BallBalance x8 in a headless game, one decision per frame, with an update far larger
 * than a rollout's worth of slices (30 epochs of 8 minibatches per 16-decision rollout): the game holds decisions back
 * while the update is backlogged instead of letting one {@code act} run the rest of it, and the policy trained for a
 * number of decisions is the same, bit for bit, whatever the slice budget.
 */
@Tag("slow")
class FrameBudgetTest {
    private static final long DECISIONS = 16 * 5 + 1;

    @TempDir
    Path runs;

    @Test
    void backloggedUpdatesHoldDecisionsBackAndTheSeedStillDecidesThePolicy() {
        TrainingAppState tight = run(0.05);
        TrainingAppState roomy = run(1000);
        assertTrue(tight.stats().decisionsHeld() > 0, "decisions held back with 0.05 ms slices");
        assertEquals(0, roomy.stats().decisionsHeld(), "a 1 s slice finishes every update in one frame");
        assertEquals(4, tight.stats().updates());
        assertEquals(4, roomy.stats().updates());
        assertArrayEquals(roomy.trainer().policy().params(), tight.trainer().policy().params(),
                "same seed, same decisions: the same policy whatever the slice budget");
    }

    private TrainingAppState run(double sliceMs) {
        PpoConfig ppo = PpoConfig.defaults().withBatchSize(16).withNSteps(16).withEpochs(30)
                .withUpdateMode(UpdateMode.TIME_SLICED).withSliceBudgetMillis(sliceMs);
        InGameConfig config = InGameConfig.defaults().withPpo(ppo).withSpeed(0).withMaxEpisodeSteps(200).withSeed(5)
                .withSaveDir(runs.resolve("slice-" + sliceMs));
        TrainingAppState state = new TrainingAppState(InGameTrainingTest::ballBalance, config, GameMode.TRAINING);
        HeadlessGame.run(state, false, Duration.ofMinutes(3), app -> {
            // paused from the next frame on: the frames before the app stops run no decision
            boolean done = app.training().stats().decisions() >= DECISIONS;
            app.training().setPaused(done);
            return done;
        });
        assertEquals(DECISIONS, state.stats().decisions(), "one decision per frame, stopped at the count");
        return state;
    }
}
