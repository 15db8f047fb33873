package io.github.jmegym.engine.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.agent.Demonstrations;
import io.github.jmegym.engine.EngineWorld;
import io.github.jmegym.engine.EngineWorlds;
import io.github.jmegym.engine.HumanInput;
import io.github.jmegym.engine.HumanInput.Key;
import io.github.jmegym.engine.WorldSimulation;
import io.github.jmegym.engine.bc.RecordedDemonstrations;
import io.github.jmegym.engine.record.EpisodeReader;
import io.github.jmegym.engine.record.PlayRecorder;
import io.github.jmegym.engine.record.RecordedStep;
import io.github.jmegym.engine.record.Recording;
import io.github.jmegym.engine.record.Replay;
import io.github.jmegym.envs.Envs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code play --player --record DIR} runs: the player steers the NPC with the keyboard in the game loop, every
 * episode is a recording in {@code record}'s format that re-simulates exactly and clones as demonstrations.
 */
@Tag("slow")
class PlayerRecordingTest {
    @Test
    void scriptedKeysDriveTheNpcAndTheRecordedEpisodesReplayAndCloneAsDemonstrations(@TempDir Path dir) {
        Map<String, Object> kwargs = Map.of("action_type", "multi_discrete", "obstacles", 0);
        EngineWorld world = EngineWorlds.of("Chase-v0");
        Integer limit = Envs.spec("Chase-v0").maxEpisodeSteps();
        InGameConfig config = InGameConfig.defaults().withSeed(11).withSpeed(0).withMaxEpisodeSteps(limit)
                .withSaveDir(dir.resolve("run"));
        TrainingAppState state = new TrainingAppState(() -> new WorldSimulation(world.world(kwargs), world.config(kwargs)),
                config, GameMode.HEURISTIC);
        state.setPlayerControl(true);
        PlayRecorder recorder = new PlayRecorder(dir, "Chase-v0", kwargs, limit, 11);
        state.observeEpisodes(recorder);
        // the keys a player would press: forward all the time (from before the first decision), and left for 20
        // decisions in every 60; a headless context has no keyboard, so the test sets what the key listeners would
        state.ready().thenAccept(sim -> {
            sim.agents().get(0).humanInput().setActive(true);
            sim.agents().get(0).humanInput().set(Key.UP, true);
        });
        HeadlessGame.run(state, false, Duration.ofMinutes(2), app -> {
            HumanInput keys = state.simulation().agents().get(0).humanInput();
            keys.set(Key.TURN_LEFT, state.stats().totalSteps() % 60 < 20);
            return recorder.written().size() >= 2;
        });
        List<Path> files = recorder.written();
        assertTrue(files.size() >= 2, "one recording per finished episode: " + files);
        assertTrue(files.get(0).getFileName().toString().equals("Chase-v0-ep000000-seed11.jsonl.gz"), files.toString());
        int turning = 0;
        for (Path f : files) {
            Recording rec = EpisodeReader.read(f);
            assertTrue(Replay.resimulate(rec).matches(), "replays exactly: " + Replay.resimulate(rec));
            for (RecordedStep s : rec.steps()) {
                int[] a = (int[]) s.action();
                assertEquals(1, a[0], "UP held: forward at every decision");
                turning += a[1] == 1 ? 1 : 0;
            }
        }
        assertTrue(turning > 0, "Q turned the NPC left in some decisions");
        WorldSimulation probe = new WorldSimulation(world.world(kwargs), world.config(kwargs));
        try (probe) {
            Demonstrations d = RecordedDemonstrations.load(dir, "Chase-v0", probe.agents().get(0).observationSpace(),
                    probe.agents().get(0).actionSpace(), 0.99);
            assertEquals(files.size(), d.episodes(), "bc and train --demos read the played episodes");
        }
    }
}
