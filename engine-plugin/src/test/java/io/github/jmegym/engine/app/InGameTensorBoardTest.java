package io.github.jmegym.engine.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.agent.PpoConfig;
import io.github.jmegym.agent.UpdateMode;
import io.github.jmegym.agent.tensorboard.TensorBoardSink;
import io.github.jmegym.agent.tensorboard.TfRecord;
import io.github.jmegym.proto.tensorboard.Event;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Training inside the game writes TensorBoard events into the run folder ({@link InGameConfig#saveDir()}). */
@Timeout(120)
class InGameTensorBoardTest {
    @TempDir
    Path runs;

    @Test
    void everyInGameUpdateIsAnEventInTheSaveFolder() throws Exception {
        PpoConfig ppo = PpoConfig.defaults().withBatchSize(16).withNSteps(16).withEpochs(1)
                .withUpdateMode(UpdateMode.TIME_SLICED);
        InGameConfig config = InGameConfig.defaults().withPpo(ppo).withSpeed(0).withSeed(1).withSaveDir(runs);
        TrainingAppState state = new TrainingAppState(InGameTrainingTest::ballBalance, config, GameMode.TRAINING);
        HeadlessGame.run(state, false, Duration.ofMinutes(1), app -> app.training().stats().updates() >= 3);
        long updates = state.stats().updates();
        List<Path> files;
        try (Stream<Path> s = Files.list(runs)) {
            files = s.filter(f -> f.getFileName().toString().startsWith(TensorBoardSink.PREFIX)).toList();
        }
        assertEquals(1, files.size(), "one event file: " + files);
        List<Event> events = new ArrayList<>();
        try (InputStream in = Files.newInputStream(files.get(0))) {
            for (byte[] r : TfRecord.readAll(in)) {
                events.add(Event.parseFrom(r));
            }
        }
        assertEquals(TensorBoardSink.FILE_VERSION, events.get(0).getFileVersion());
        assertEquals(updates, events.size() - 1, "one summary per update");
        long perUpdate = 16L * InGameTrainingTest.PLATFORMS;
        for (int i = 1; i < events.size(); i++) {
            long step = events.get(i).getStep();
            assertTrue(step > 0 && step % perUpdate == 0 && (i == 1 || step > events.get(i - 1).getStep()),
                    "update " + i + " at env step " + step + ": whole rollouts of " + perUpdate + ", increasing");
            assertTrue(events.get(i).getSummary().getValueList().stream()
                    .anyMatch(v -> v.getTag().equals("train/approx_kl")), "update " + i + " has train/approx_kl");
        }
    }
}
