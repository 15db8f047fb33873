package io.github.jmegym.engine.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.agent.PpoConfig;
import io.github.jmegym.agent.UpdateMode;
import io.github.jmegym.engine.AgentStep;
import io.github.jmegym.engine.SimulationConfig;
import io.github.jmegym.engine.WorldSimulation;
import io.github.jmegym.engine.worlds.BallBalanceWorld;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * PPO inside a headless jME game loop on BallBalance with 8 platforms (8 agents sharing one policy): the policy
 * learns while frames keep coming, and then drives the platforms far better than random actions.
 */
@Tag("slow")
class InGameTrainingTest {
    static final int PLATFORMS = 8;
    static final int LIMIT = 500;

    @TempDir
    Path runs;

    static InGameConfig config(Path saveDir, UpdateMode mode) {
        PpoConfig ppo = PpoConfig.defaults().withNSteps(128).withBatchSize(128).withEpochs(5).withLearningRate(1e-3)
                .withUpdateMode(mode).withSliceBudgetMillis(InGameConfig.DEFAULT_SLICE_MILLIS);
        return InGameConfig.defaults().withPpo(ppo).withSpeed(0).withMaxEpisodeSteps(LIMIT).withSeed(3).withSaveDir(saveDir);
    }

    static WorldSimulation ballBalance() {
        return new WorldSimulation(new BallBalanceWorld(PLATFORMS), SimulationConfig.defaults());
    }

    @ParameterizedTest
    @EnumSource(value = UpdateMode.class, names = {"TIME_SLICED", "BACKGROUND"})
    void policyTrainedInTheGameLoopBeatsRandomActions(UpdateMode mode) {
        double random = randomReturn();
        {
            TrainingAppState state = new TrainingAppState(InGameTrainingTest::ballBalance, config(runs, mode), GameMode.TRAINING);
            Set<String> installedOn = java.util.concurrent.ConcurrentHashMap.newKeySet();
            state.onReady(sim -> state.trainer().addMetricsSink((steps, m) -> installedOn.add(Thread.currentThread().getName())));
            long[] trainedFrames = {0};
            long frames = HeadlessGame.run(state, true, Duration.ofMinutes(4), app -> {
                TrainingAppState s = app.training();
                if (s.mode() == GameMode.TRAINING) {
                    trainedFrames[0]++;
                    if (s.trainer().totalSteps() >= 40_000) {
                        s.requestMode(GameMode.INFERENCE);
                    }
                    return false;
                }
                return s.stats().episodes(GameMode.INFERENCE) >= PLATFORMS;
            });
            TrainingStats st = state.stats();
            // how long the frames took is the benchmark's to measure (benchmarks/ingame/frames.sh), not a test's
            Durations work = st.trainingWork();
            double budget = InGameConfig.DEFAULT_SLICE_MILLIS;
            System.out.printf("%s: %d frames (%d training), %d updates, random %.2f, training curve %.2f -> %.2f, "
                            + "inference %.2f; training work per frame %s, frames over 1x/2x/3x budget: %d/%d/%d%n",
                    mode, frames, trainedFrames[0], st.updates(), random, st.returnCurve().get(0)[1],
                    st.returnCurve().get(st.returnCurveSize() - 1)[1], st.recentReturn(GameMode.INFERENCE), work.summary(),
                    work.countAbove(budget), work.countAbove(2 * budget), work.countAbove(3 * budget));
            assertTrue(st.updates() >= 30, "updates " + st.updates());
            double inference = st.recentReturn(GameMode.INFERENCE);
            assertTrue(inference > 3 * random + 5, "inference return " + inference + " vs random " + random);
            List<double[]> curve = st.returnCurve();
            assertTrue(curve.get(curve.size() - 1)[1] > curve.get(0)[1] + 5, "training curve did not rise");
            assertEquals(trainedFrames[0], work.count(), "one training-work sample per training frame");
            // at decision boundaries on the world's thread; an update still running when the game stops is installed
            // by cleanup (trainer.close) on the render thread
            assertTrue(installedOn.stream().anyMatch(t -> t.startsWith("jmegym-world-")), "installed on " + installedOn);
            assertTrue(installedOn.stream().filter(t -> !t.startsWith("jmegym-world-")).count() <= 1,
                    "updates installed on the world's thread (and at most cleanup's on the render thread): " + installedOn);
        }
    }

    /** Mean return of uniformly random actions on the same world (episodes cut at the same limit). */
    static double randomReturn() {
        try (WorldSimulation sim = ballBalance()) {
            sim.reset(11L);
            double sum = 0;
            int episodes = 0;
            double[] ret = new double[PLATFORMS];
            int[] len = new int[PLATFORMS];
            for (int i = 0; i < PLATFORMS; i++) {
                sim.agents().get(i).actionSpace().seed(100 + i);
            }
            while (episodes < 40) {
                for (int i = 0; i < PLATFORMS; i++) {
                    sim.applyAction(i, sim.agents().get(i).actionSpace().sample(), "random baseline");
                }
                sim.advance();
                for (int i = 0; i < PLATFORMS; i++) {
                    AgentStep s = sim.collect(i, "random baseline");
                    ret[i] += s.reward();
                    len[i]++;
                    if (s.terminated() || s.truncated() || len[i] >= LIMIT) {
                        sum += ret[i];
                        episodes++;
                        ret[i] = 0;
                        len[i] = 0;
                        sim.resetAgent(i, null);
                    }
                }
            }
            return sum / episodes;
        }
    }
}
