package io.github.jmegym.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import io.github.jmegym.agent.Metrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --update-mode/--slice-ms}: over the preset, recorded in the run's config, bad values exit 2. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TrainUpdateModeOptionTest {
    @Test
    void backgroundUpdatesRunBesideCollectionAndAreRecorded(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        CommandsTest.Result r = CommandsTest.run("train", "--env", "CartPole-v1", "--update-mode", "BACKGROUND",
                "--steps", "2048", "--out", run.toString(), "--no-progress");
        assertEquals(0, r.code(), r.err());
        String config = Files.readString(run.resolve("config.json"));
        assertTrue(config.contains("\"updateMode\": \"BACKGROUND\""), config);
        assertTrue(config.contains("\"nEnvs\": 8"), "the rest is the CartPole preset: " + config);
        double maxLag = Files.readAllLines(run.resolve("metrics.jsonl")).stream()
                .map(l -> JsonParser.parseString(l).getAsJsonObject())
                .filter(o -> o.has(Metrics.POLICY_LAG))
                .mapToDouble(o -> o.get(Metrics.POLICY_LAG).getAsDouble()).max().orElse(-1);
        assertEquals(1.0, maxLag, "an update of a rollout the frozen policy collected while the last update ran");
    }

    @Test
    void aSliceBudgetOutsideItsRangeExitsWithTwoNamingTheField(@TempDir Path dir) {
        CommandsTest.Result r = CommandsTest.run("train", "--env", "CartPole-v1", "--update-mode", "TIME_SLICED",
                "--slice-ms", "0", "--steps", "512", "--out", dir.resolve("run").toString(), "--no-progress");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("sliceBudgetMillis=0.0; expected a finite number > 0"), r.err());
    }

    @Test
    void anUnknownUpdateModeExitsWithTwoListingTheModes() {
        CommandsTest.Result r = CommandsTest.run("train", "--env", "CartPole-v1", "--update-mode", "LATER",
                "--no-progress");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("LATER") && r.err().contains("SYNC, BACKGROUND, TIME_SLICED"), r.err());
    }
}
