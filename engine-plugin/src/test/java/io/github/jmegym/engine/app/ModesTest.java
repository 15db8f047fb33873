package io.github.jmegym.engine.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.agent.Policy;
import io.github.jmegym.agent.PpoConfig;
import io.github.jmegym.agent.UpdateMode;
import io.github.jmegym.agent.run.Checkpoint;
import io.github.jmegym.engine.AgentMode;
import io.github.jmegym.engine.worlds.EngineEnvs;
import io.github.jmegym.envs.AutoresetMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Modes, pause, save and load of a {@link TrainingAppState} in a headless game on Chase-v0, driven by a script. */
class ModesTest {
    @TempDir
    Path runs;

    /** Steps run on the render thread one after the other: each waits until its condition holds, then acts. */
    private static final class Script implements Predicate<InGameApp> {
        private final List<Predicate<InGameApp>> steps = new ArrayList<>();
        private int at;
        private long frames;

        Script then(Predicate<InGameApp> step) {
            steps.add(step);
            return this;
        }

        @Override
        public boolean test(InGameApp app) {
            frames++;
            if (at < steps.size() && steps.get(at).test(app)) {
                at++;
                frames = 0;
            }
            return at == steps.size();
        }
    }

    @Test
    void keysAndApiSwitchModesPauseSaveAndLoadAtDecisionBoundaries() throws Exception {
        PpoConfig ppo = PpoConfig.defaults().withNSteps(64).withBatchSize(32).withEpochs(2)
                .withUpdateMode(UpdateMode.TIME_SLICED).withSliceBudgetMillis(8);
        InGameConfig cfg = InGameConfig.defaults().withPpo(ppo).withSpeed(0).withMaxEpisodeSteps(300).withSaveDir(runs);
        TrainingAppState state = new TrainingAppState(
                () -> io.github.jmegym.engine.EngineWorlds.scene(EngineEnvs.CHASE, 1, Map.of(), AutoresetMode.SAME_STEP).simulation(),
                cfg, GameMode.TRAINING);
        List<CompletableFuture<?>> futures = new ArrayList<>();
        long[] marks = new long[4];
        Script script = new Script()
                // 1. train until two updates, then save and switch to the heuristic
                .then(a -> {
                    if (a.training().stats().updates() < 2) {
                        return false;
                    }
                    futures.add(a.training().requestSave());
                    a.training().requestMode(GameMode.HEURISTIC);
                    return true;
                })
                // 2. the heuristic chaser catches the target a few times
                .then(a -> {
                    assertEquals(GameMode.HEURISTIC, a.training().mode());
                    assertEquals(AgentMode.HEURISTIC, a.training().simulation().agents().get(0).mode());
                    if (a.training().stats().episodes(GameMode.HEURISTIC) < 3) {
                        return false;
                    }
                    a.training().setPaused(true);
                    marks[0] = a.training().stats().decisions();
                    return true;
                })
                // 3. paused for 50 frames: no decision runs
                .then(new Predicate<>() {
                    int frames;

                    @Override
                    public boolean test(InGameApp a) {
                        assertEquals(marks[0], a.training().stats().decisions(), "decisions while paused");
                        if (++frames < 50) {
                            return false;
                        }
                        a.training().setPaused(false);
                        futures.add(a.training().requestLoad(runs.resolve("no-such-run")));
                        futures.add(a.training().requestLoad(runs));
                        return true;
                    }
                })
                // 4. the saved policy drives in inference; then back to training, which goes on from where it was
                .then(a -> {
                    if (a.training().mode() != GameMode.INFERENCE || a.training().stats().episodes(GameMode.INFERENCE) < 1) {
                        return false;
                    }
                    marks[1] = a.training().trainer().totalSteps();
                    a.training().requestMode(GameMode.TRAINING);
                    return true;
                })
                .then(a -> a.training().trainer().totalSteps() >= marks[1] + 200);
        HeadlessGame.run(state, false, Duration.ofMinutes(3), script);

        Path saved = (Path) futures.get(0).get();
        assertTrue(Files.isRegularFile(saved.resolve(Checkpoint.POLICY)), "checkpoint has a policy: " + saved);
        assertEquals(saved, Checkpoint.resolve(runs));
        ExecutionException bad = assertThrows(ExecutionException.class, () -> futures.get(1).get());
        assertTrue(bad.getCause().getMessage().contains("no-such-run"), bad.getCause().getMessage());
        Policy loaded = (Policy) futures.get(2).get();
        assertArrayEquals(Policy.load(saved).params(), loaded.params());
        TrainingStats s = state.stats();
        assertTrue(s.recentReturn(GameMode.HEURISTIC) > 0.5, "the heuristic reaches the target: " + s.recentReturn(GameMode.HEURISTIC));
        assertEquals(GameMode.TRAINING, s.mode());
        assertTrue(s.message().startsWith("loaded "), s.message());
        assertFalse(s.paused());
    }

    @Test
    void filesThatCannotBeWrittenFailTheSaveAndReportTheSinkWhileTheGameGoesOn() throws Exception {
        Path notAFolder = Files.writeString(runs.resolve("not-a-folder"), "a file where the save folder should be");
        PpoConfig ppo = PpoConfig.defaults().withBatchSize(32).withNSteps(32).withEpochs(1)
                .withUpdateMode(UpdateMode.TIME_SLICED).withSliceBudgetMillis(8);
        InGameConfig cfg = InGameConfig.defaults().withPpo(ppo).withSpeed(0).withMaxEpisodeSteps(300)
                .withSaveDir(notAFolder);
        TrainingAppState state = new TrainingAppState(
                () -> io.github.jmegym.engine.EngineWorlds.scene(EngineEnvs.CHASE, 1, Map.of(), AutoresetMode.SAME_STEP).simulation(),
                cfg, GameMode.TRAINING);
        List<CompletableFuture<?>> futures = new ArrayList<>();
        long[] savedAt = {0};
        Script script = new Script()
                .then(a -> {
                    if (a.training().stats().updates() < 1) {
                        return false;
                    }
                    futures.add(a.training().requestSave());
                    return true;
                })
                .then(a -> {
                    if (!futures.get(0).isDone()) {
                        return false;
                    }
                    savedAt[0] = a.training().stats().decisions();
                    return true;
                })
                .then(a -> a.training().stats().updates() >= 3 && a.training().stats().decisions() >= savedAt[0] + 40);
        HeadlessGame.run(state, false, Duration.ofMinutes(2), script);

        ExecutionException failed = assertThrows(ExecutionException.class, () -> futures.get(0).get());
        assertTrue(failed.getCause().getMessage().contains("not-a-folder"), failed.getCause().getMessage());
        assertTrue(state.stats().message().contains("failed"), "status line: " + state.stats().message());
        assertTrue(state.stats().updates() >= 3, "training went on after the failures: " + state.stats().updates());
    }

    @Test
    void switchingOutOfTrainingEndsEveryRunningEpisodeAsTruncated() {
        PpoConfig ppo = PpoConfig.defaults().withNSteps(64).withBatchSize(64).withEpochs(1);
        InGameConfig cfg = InGameConfig.defaults().withPpo(ppo).withSpeed(0).withMaxEpisodeSteps(500).withSaveDir(runs);
        TrainingAppState state = new TrainingAppState(InGameTrainingTest::ballBalance, cfg, GameMode.TRAINING);
        HeadlessGame.run(state, false, Duration.ofMinutes(2), new Script()
                .then(a -> {
                    if (a.training().stats().decisions() < 12) {
                        return false;
                    }
                    a.training().requestMode(GameMode.INFERENCE);
                    return true;
                })
                .then(a -> a.training().mode() == GameMode.INFERENCE));
        // the trainer got the natural episode ends and, at the switch, every still running episode as truncated
        long natural = state.stats().episodes(GameMode.TRAINING);
        long cut = state.stats().episodesCut();
        assertTrue(cut >= 1 && cut <= InGameTrainingTest.PLATFORMS, "cut " + cut);
        assertEquals(natural + cut, state.trainer().episodes(), "trainer episodes = natural ends + cut ones");
        assertEquals(state.stats().decisions(GameMode.TRAINING) * InGameTrainingTest.PLATFORMS, state.trainer().totalSteps());
    }

    @Test
    void badConfigurationIsRejectedWithTheFieldAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InGameConfig.defaults().withMaxTicksPerFrame(0));
        assertTrue(e.getMessage().contains("maxTicksPerFrame=0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> InGameConfig.defaults().withSpeed(Double.NaN));
        assertTrue(e.getMessage().contains("speed=NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> InGameConfig.defaults().withMaxEpisodeSteps(-1));
        assertTrue(e.getMessage().contains("maxEpisodeSteps=-1"), e.getMessage());
        TrainingAppState st = new TrainingAppState(InGameTrainingTest::ballBalance, InGameConfig.defaults(), GameMode.TRAINING);
        e = assertThrows(IllegalArgumentException.class, () -> st.requestMode(null));
        assertTrue(e.getMessage().contains("requestMode(null)"), e.getMessage());
    }

    @Test
    void durationsGiveNearestRankQuantiles() {
        Durations d = new Durations(4);
        for (long ms = 1; ms <= 6; ms++) {
            d.add(ms * 1_000_000);
        }
        assertEquals(6, d.count());
        assertEquals(4, d.keptCount());
        assertEquals(4.0, d.quantileMillis(0.5), 1e-9);
        assertEquals(6.0, d.quantileMillis(1.0), 1e-9);
        assertEquals(6.0, d.maxMillis(), 1e-9);
        assertEquals(2, d.countAbove(4.5));
        assertThrows(IllegalArgumentException.class, () -> d.add(-1));
    }
}
