package io.github.jmegym.bridge.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.jmegym.agent.Policy;
import io.github.jmegym.agent.run.Checkpoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./jmegym game} headless: trains for a few seconds, saves a checkpoint eval can use, writes a summary. */
class GameCommandTest {
    @TempDir
    Path dir;

    @Test
    void headlessGameTrainsSavesAndSummarizes() throws Exception {
        Path runs = dir.resolve("runs");
        Path summary = dir.resolve("summary.json");
        Path config = dir.resolve("ppo.json");
        Files.writeString(config, "{\"nSteps\": 128, \"updateMode\": \"SYNC\"}");
        int rc = new CommandLine(new GameCommand()).execute("--env", "Chase-v0", "--headless", "--speed", "0",
                "--seconds", "6", "--save", "--run-dir", runs.toString(), "--summary", summary.toString(),
                "--config", config.toString(), "--update-mode", "BACKGROUND");
        assertEquals(0, rc);
        JsonObject s = JsonParser.parseString(Files.readString(summary)).getAsJsonObject();
        assertEquals("Chase-v0", s.get("env").getAsString());
        assertEquals("TRAINING", s.get("mode").getAsString());
        assertEquals("BACKGROUND", s.get("update_mode").getAsString(), "--update-mode overrides the config file");
        assertTrue(s.get("steps").getAsLong() > 256, "steps " + s);
        assertTrue(s.get("updates").getAsInt() >= 1, "updates " + s);
        assertTrue(s.getAsJsonObject("frame_ms").get("count").getAsLong() > 100, "frames " + s);
        Path ckpt = Checkpoint.resolve(runs);
        assertEquals("Chase-v0", Checkpoint.manifest(ckpt).get("env_id").getAsString());
        assertEquals(47, Policy.load(runs).observationSpace().size());
    }

    @Test
    void badOptionsNameTheOptionAndTheExpectation() {
        assertEquals("--mode flying; expected training, inference, heuristic or remote", run("--mode", "flying"));
        String agents = run("--env", "Chase-v0", "--agents", "3", "--headless");
        assertTrue(agents.contains("--agents 3") && agents.contains("BallBalance-v0"), agents);
        String notEngine = run("--env", "CartPole-v1", "--headless");
        assertTrue(notEngine.contains("--env CartPole-v1: CartPole-v1 is not an engine world")
                && notEngine.contains("registered engine worlds: [BallBalance-v0, Chase-v0"), notEngine);
        assertTrue(run("--size", "huge").contains("--size huge; expected WIDTHxHEIGHT"));
        assertTrue(run("--env", "CartPole-v1", "--headless").contains("CartPole-v1"));
    }

    private static String run(String... args) {
        PrintStream before = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int rc = new CommandLine(new GameCommand()).execute(args);
            assertTrue(rc != 0, "exit code for " + String.join(" ", args));
        } finally {
            System.setErr(before);
        }
        String text = err.toString(StandardCharsets.UTF_8).trim();
        return text.startsWith("jmegym game: ") ? text.substring("jmegym game: ".length()) : text;
    }
}
