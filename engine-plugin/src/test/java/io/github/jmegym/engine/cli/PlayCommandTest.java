package io.github.jmegym.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.jmegym.agent.Policy;
import io.github.jmegym.agent.run.Checkpoint;
import io.github.jmegym.envs.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./jmegym play} headless, as a user runs it: trains in the game loop and saves a checkpoint, plays that
 * checkpoint, and records the player's episodes in the format {@code replay --check} re-simulates.
 */
@Tag("slow")
class PlayCommandTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void trainSavesACheckpointThatModelThenPlays() throws Exception {
        Path runs = dir.resolve("runs");
        Path summary = dir.resolve("summary.json");
        Path config = dir.resolve("ppo.json");
        Files.writeString(config, "{\"nSteps\": 128, \"batchSize\": 64}");
        Result trained = run("play", "--env", "Chase-v0", "--headless", "--train", "--speed", "0", "--seconds", "5",
                "--run-dir", runs.toString(), "--summary", summary.toString(), "--config", config.toString(),
                "--update-mode", "BACKGROUND");
        assertEquals(0, trained.code(), trained.err());
        JsonObject s = JsonParser.parseString(Files.readString(summary)).getAsJsonObject();
        assertEquals("TRAINING", s.get("mode").getAsString());
        assertEquals("BACKGROUND", s.get("update_mode").getAsString(), "--update-mode overrides the config file");
        assertTrue(s.get("steps").getAsLong() > 128 && s.get("updates").getAsInt() >= 1, "steps and updates: " + s);
        assertTrue(trained.out().contains("saved " + runs.toAbsolutePath()) || trained.out().contains("saved " + runs),
                trained.out());
        assertEquals("Chase-v0", Checkpoint.manifest(Checkpoint.resolve(runs)).get("env_id").getAsString());
        assertEquals(47, Policy.load(runs).observationSpace().size());

        Path played = dir.resolve("played.json");
        Result inference = run("play", "--env", "Chase-v0", "--headless", "--model", runs.toString(), "--speed", "0",
                "--episodes", "1", "--summary", played.toString());
        assertEquals(0, inference.code(), inference.err());
        assertTrue(inference.out().contains("Chase-v0: 1 episodes played by the policy " + runs), inference.out());
        JsonObject p = JsonParser.parseString(Files.readString(played)).getAsJsonObject();
        assertEquals("INFERENCE", p.get("mode").getAsString(), "--model drives with the loaded policy");
        assertEquals(0, p.get("updates").getAsInt(), "no training without --train");
    }

    @Test
    void playerEpisodesAreRecordingsThatReplayCheckReSimulates() throws Exception {
        Path rec = dir.resolve("rec");
        Result r = run("play", "--env", "Chase-v0", "-k", "obstacles=0", "--headless", "--player", "--record",
                rec.toString(), "--seed", "7", "--speed", "0", "--episodes", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("recorded 2 episodes to " + rec.toAbsolutePath()), r.out());
        List<Path> files;
        try (Stream<Path> s = Files.list(rec)) {
            files = s.sorted().toList();
        }
        assertEquals(List.of("Chase-v0-ep000000-seed7.jsonl.gz", "Chase-v0-ep000001-seed8.jsonl.gz"),
                files.stream().map(f -> f.getFileName().toString()).toList());
        for (Path f : files) {
            Result check = run("replay", "--check", f.toString());
            assertEquals(0, check.code(), check.out() + check.err());
        }
    }

    @Test
    void badCombinationsAreBadInputNamingTheOptions() {
        Result agents = run("play", "--env", "Chase-v0", "--agents", "3", "--headless");
        assertEquals(2, agents.code());
        assertTrue(agents.err().startsWith("jmegym play: --agents 3: Chase-v0 has one agent per scene")
                && agents.err().contains("BallBalance-v0"), agents.err());
        Result both = run("play", "--train", "--model", dir.toString(), "--headless");
        assertEquals(2, both.code());
        assertTrue(both.err().contains("--train with --model"), both.err());
        Result record = run("play", "--env", "BallBalance-v0", "--agents", "4", "--record", dir.toString(), "--headless");
        assertEquals(2, record.code());
        assertTrue(record.err().contains("--record " + dir + " with several agents"), record.err());
        Result size = run("play", "--size", "huge");
        assertEquals(2, size.code());
        assertTrue(size.err().contains("--size huge: expected WIDTHxHEIGHT"), size.err());
        Result model = run("play", "--model", dir.resolve("none").toString(), "--headless");
        assertEquals(2, model.code());
        assertTrue(model.err().contains("--model " + dir.resolve("none") + ": no such run folder"), model.err());
    }
}
