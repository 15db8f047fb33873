package io.github.jmegym.agent.cli;

import static io.github.jmegym.agent.cli.CommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.jmegym.agent.cli.CommandsTest.Result;
import io.github.jmegym.agent.run.Checkpoint;
import io.github.jmegym.agent.run.JsonlMetricsSink;
import io.github.jmegym.agent.run.RunFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The run-folder rules of {@code ./jmegym train}: one run per folder, the plan kept across resumes, retention. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RunFolderCommandsTest {
    /** 2 envs x 64 steps, one epoch: an update every 128 env steps, a checkpoint after each. */
    private static final String SMALL = "{\"nEnvs\": 2, \"nSteps\": 64, \"batchSize\": 64, \"epochs\": 1, \"checkpointEvery\": 128}";

    @BeforeAll
    static void registerEnv() {
        EasyCoin.register();
    }

    private static Path config(Path dir) throws Exception {
        Path cfg = dir.resolve("small.json");
        Files.writeString(cfg, SMALL);
        return cfg;
    }

    private static List<String> stepFolders(Path run) {
        return Checkpoint.list(run).stream().map(p -> p.getFileName().toString()).toList();
    }

    @Test
    void trainRefusesANonEmptyOutAndLeavesTheOldRunIntact(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("X");
        assertEquals(0, run("train", "--env", "CartPole-v1", "--steps", "512", "--out", run.toString(), "--no-progress").code());
        String config = Files.readString(run.resolve("config.json"));
        List<String> before = stepFolders(run);

        Result r = run("train", "--env", "Acrobot-v1", "--steps", "256", "--out", run.toString(), "--no-progress");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("--out " + run + " is not empty") && r.err().contains("--resume")
                && r.err().contains("--overwrite"), r.err());
        assertEquals(config, Files.readString(run.resolve("config.json")));
        assertEquals(before, stepFolders(run));
        assertEquals("CartPole-v1", Checkpoint.manifest(Checkpoint.resolve(run)).get("env_id").getAsString());
    }

    @Test
    void overwriteClearsTheOldRunSoEvalSeesOnlyTheNewOne(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("X");
        assertEquals(0, run("train", "--env", "CartPole-v1", "--steps", "512", "--out", run.toString(), "--no-progress").code());
        Result r = run("train", "--env", "Acrobot-v1", "--steps", "256", "--out", run.toString(), "--overwrite",
                "--no-progress");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("step-000000000256"), stepFolders(run));
        assertEquals("Acrobot-v1", Checkpoint.manifest(Checkpoint.resolve(run)).get("env_id").getAsString());
        assertEquals(List.of(), JsonlMetricsSink.readAll(run.resolve(RunFolder.METRICS)),
                "none of the CartPole run's updates (256 Acrobot steps are less than one rollout of its preset)");
        try (var files = Files.list(run)) {
            assertEquals(List.of(), files.map(f -> f.getFileName().toString())
                    .filter(n -> n.startsWith(RunFolder.EVENTS_PREFIX)).toList(), "the CartPole run's TensorBoard events are cleared too");
        }
        Result e = run("eval", "--model", run.toString(), "--episodes", "1");
        assertTrue(e.out().startsWith("Acrobot-v1: "), e.out());
    }

    @Test
    void overwriteRefusesAFolderThatHoldsMoreThanARun(@TempDir Path dir) throws Exception {
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "precious");
        Result r = run("train", "--env", "CartPole-v1", "--steps", "256", "--out", dir.toString(), "--overwrite",
                "--no-progress");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("[notes.txt]") && r.err().contains("refusing to delete"), r.err());
        assertEquals("precious", Files.readString(notes));
    }

    @Test
    void resumeContinuesToTheRecordedStepsInsteadOfStoppingAtTheThreshold(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        Result r = run("train", "--env", EasyCoin.ID, "--config", config(dir).toString(), "--steps", "1024", "--out",
                run.toString(), "--no-progress");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("finished 1024 steps"), r.out());
        // as if killed after the checkpoint at 898 (one vector step after the update at 896): the final checkpoint
        // never made it, the metrics line of the update at 1024 did
        io.github.jmegym.agent.run.AtomicFiles.deleteTree(Checkpoint.resolve(run));
        assertEquals("step-000000000898", Checkpoint.resolve(run).getFileName().toString());

        Result res = run("train", "--resume", run.toString(), "--no-progress");
        assertEquals(0, res.code(), res.err());
        assertTrue(res.out().contains("resuming at step 898"), res.out());
        assertTrue(res.out().contains("plan: 1024 env steps, no early stop") && res.out().contains("(as recorded)"), res.out());
        assertTrue(res.out().contains("finished 1024 steps"), "not stopped at the env's threshold: " + res.out());
        assertEquals("step-000000001024", Checkpoint.resolve(run).getFileName().toString());
        assertStepsIncrease(run);
    }

    @Test
    void resumeHonoursAndRecordsAnExplicitNewTotal(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        assertEquals(0, run("train", "--env", EasyCoin.ID, "--config", config(dir).toString(), "--steps", "256",
                "--out", run.toString(), "--no-progress").code());
        Result again = run("train", "--resume", run.toString(), "--no-progress");
        assertEquals(2, again.code(), again.out());
        assertTrue(again.err().contains("the run is finished") && again.err().contains("--steps"), again.err());

        Path longer = dir.resolve("longer.json");
        Files.writeString(longer, "{\"totalSteps\": 512}");
        Result viaConfig = run("train", "--resume", run.toString(), "--config", longer.toString(), "--no-progress");
        assertEquals(2, viaConfig.code(), viaConfig.out());
        assertTrue(viaConfig.err().contains("totalSteps=512") && viaConfig.err().contains("pass --steps 512"), viaConfig.err());

        Result res = run("train", "--resume", run.toString(), "--steps", "512", "--no-progress");
        assertEquals(0, res.code(), res.err());
        assertTrue(res.out().contains("changed on resume: --steps: totalSteps 256 -> 512"), res.out());
        assertTrue(res.out().contains("finished 512 steps"), res.out());
        JsonObject record = JsonParser.parseString(Files.readString(run.resolve(RunFolder.RUN))).getAsJsonObject();
        assertEquals(512, record.getAsJsonObject("plan").get("total_steps").getAsLong());
        assertTrue(record.getAsJsonObject("plan").get("stop_at_mean_return").isJsonNull(), "no early stop, said explicitly");
        assertEquals(2, record.getAsJsonArray("segments").size());
        assertEquals(256, record.getAsJsonArray("segments").get(1).getAsJsonObject().get("from_step").getAsLong());
        assertTrue(record.getAsJsonArray("segments").get(1).getAsJsonObject().get("changes").toString()
                .contains("totalSteps 256 -> 512"), record.toString());
        assertEquals("total_steps", record.getAsJsonObject("finished").get("reason").getAsString());
    }

    @Test
    void resumeKeepsARecordedThresholdToo(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        Result r = run("train", "--env", EasyCoin.ID, "--config", config(dir).toString(), "--out", run.toString(),
                "--no-progress");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("solved"), r.out());
        JsonObject plan = Checkpoint.manifest(Checkpoint.resolve(run)).getAsJsonObject("plan");
        assertEquals(EasyCoin.THRESHOLD, plan.get("stop_at_mean_return").getAsDouble());
    }

    @Test
    void resumeFromAnEarlierCheckpointOrIntoAnotherFolderIsRefused(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        assertEquals(0, run("train", "--env", EasyCoin.ID, "--config", config(dir).toString(), "--steps", "512",
                "--out", run.toString(), "--no-progress").code());
        Path first = Checkpoint.list(run).get(0);
        Result r = run("train", "--resume", first.toString(), "--steps", "1024", "--no-progress");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("is not the latest checkpoint"), r.err());
        r = run("train", "--resume", run.toString(), "--out", dir.resolve("other").toString(), "--steps", "1024", "--no-progress");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("drop --out"), r.err());
        r = run("train", "--resume", run.toString(), "--overwrite", "--no-progress");
        assertEquals(2, r.code(), r.out());
    }

    @Test
    void retentionKeepsTheLastKCheckpointsAndTheBest(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        Result r = run("train", "--env", EasyCoin.ID, "--config", config(dir).toString(), "--steps", "1280",
                "--keep-checkpoints", "2", "--out", run.toString(), "--no-progress");
        assertEquals(0, r.code(), r.err());
        List<Path> left = Checkpoint.list(run);
        assertTrue(left.size() == 2 || left.size() == 3, left.toString());
        assertEquals("step-000000001280", left.get(left.size() - 1).getFileName().toString());
        JsonObject best = JsonParser.parseString(Files.readString(run.resolve("checkpoints/best.json"))).getAsJsonObject();
        assertTrue(Files.isDirectory(run.resolve("checkpoints").resolve(best.get("checkpoint").getAsString())), best.toString());
    }

    @Test
    void badNumericOptionsExitWith2NamingTheOption(@TempDir Path dir) {
        for (String[] args : List.of(new String[] {"--steps", "0"}, new String[] {"--steps", "-5"},
                new String[] {"--keep-checkpoints", "-1"}, new String[] {"--steps", "8.5"},
                new String[] {"--steps", "99999999999999999999"})) {
            Result r = run("train", "--env", "CartPole-v1", args[0], args[1], "--out", dir.resolve("r").toString(), "--no-progress");
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.out());
            assertTrue(r.err().contains(args[0]) && r.err().contains(args[1]), r.err());
        }
        assertFalse(Files.exists(dir.resolve("r")), "nothing written for bad input");
    }

    static void assertStepsIncrease(Path run) {
        long prev = Long.MIN_VALUE;
        for (JsonlMetricsSink.Row row : JsonlMetricsSink.readAll(run.resolve(RunFolder.METRICS))) {
            assertTrue(row.step() > prev, "metrics steps go backwards at " + row.step() + " after " + prev);
            prev = row.step();
        }
    }
}
