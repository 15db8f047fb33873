package io.github.jmegym.agent.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Stale temps, retention, metrics trimming and the whole-run learning curve. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RunFolderTest {
    /** The owner tag of a process that has exited: its temps are stale. */
    private static String deadOwnerTag() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).start();
        long start = p.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return ".p" + p.pid() + "-t" + start + "-";
    }

    @Test
    void startRemovesTempsOfDeadWritersOnlyAndKeepsThoseOfLiveOnes(@TempDir Path run) throws Exception {
        Path ck = Files.createDirectories(run.resolve(Checkpoint.CHECKPOINTS));
        String dead = deadOwnerTag();
        Path deadTmp = Files.createDirectories(ck.resolve(".tmp-step-5" + dead + "123"));
        Files.writeString(deadTmp.resolve("policy.json"), "{");
        Path deadDel = Files.createDirectories(ck.resolve(".del-step-000000000001" + dead + "9"));
        Path legacy = Files.createDirectories(ck.resolve(".tmp-step-7-4711"));
        Path deadFile = Files.writeString(run.resolve(".metrics.jsonl" + dead + "77.tmp"), "x");
        Path mine = Files.createDirectories(ck.resolve(".tmp-step-9" + AtomicFiles.ownerTag() + "1"));
        Path unrelated = Files.writeString(run.resolve(".notes"), "keep");

        List<String> removed = RunFolder.cleanStaleTemps(run);

        assertEquals(4, removed.size(), removed.toString());
        for (Path p : List.of(deadTmp, deadDel, legacy, deadFile)) {
            assertFalse(Files.exists(p), p + " is stale");
        }
        assertTrue(Files.isDirectory(mine), "this process's temp is kept");
        assertTrue(Files.exists(unrelated), "not a jmegym temp");
    }

    private static Path checkpoint(Path run, long step, Double meanReturn) {
        Map<String, Object> info = meanReturn == null ? Map.of() : Map.of(Checkpoint.MEAN_RETURN, meanReturn);
        return Checkpoint.write(run, step, Map.of("x.json", "{}"), info);
    }

    @Test
    void pruneKeepsTheLastKAndTheBestByMeanReturn(@TempDir Path run) {
        double[] returns = {1, 9, 2, 3, 4, 5, 6, 7};
        for (int i = 0; i < returns.length; i++) {
            checkpoint(run, 100L * (i + 1), returns[i]);
            Checkpoint.prune(run, 3);
        }
        assertEquals(List.of("step-000000000200", "step-000000000600", "step-000000000700", "step-000000000800"),
                Checkpoint.list(run).stream().map(p -> p.getFileName().toString()).toList());
        var best = JsonParser.parseString(AtomicFiles.readString(run.resolve("checkpoints/best.json"))).getAsJsonObject();
        assertEquals("step-000000000200", best.get("checkpoint").getAsString());
        assertEquals(9.0, best.get(Checkpoint.MEAN_RETURN).getAsDouble());
    }

    @Test
    void pruneNeverRemovesTheLatestEvenWithoutReturns(@TempDir Path run) {
        for (int i = 1; i <= 4; i++) {
            checkpoint(run, i, null);
        }
        Checkpoint.prune(run, 1);
        // no returns recorded: the earliest counts as best; the latest is the newest one kept
        assertEquals(List.of("step-000000000001", "step-000000000004"),
                Checkpoint.list(run).stream().map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void pruneWithZeroKeepsEverything(@TempDir Path run) {
        for (int i = 1; i <= 7; i++) {
            checkpoint(run, i, (double) i);
        }
        assertEquals(List.of(), Checkpoint.prune(run, 0));
        assertEquals(7, Checkpoint.list(run).size());
    }

    @Test
    void trimAfterMovesTheKilledTailAndTornLinesToTheDiscardedFile(@TempDir Path run) throws Exception {
        Path m = run.resolve(RunFolder.METRICS);
        Path d = run.resolve(RunFolder.METRICS_DISCARDED);
        Files.writeString(m, "{\"step\":100,\"a\":1}\n{\"step\":200,\"a\":2}\n{\"step\":300,\"a\":3}\n{\"step\":4");
        assertEquals(2, JsonlMetricsSink.trimAfter(m, 250, d));
        assertEquals(List.of("{\"step\":100,\"a\":1}", "{\"step\":200,\"a\":2}"), Files.readAllLines(m));
        assertEquals(List.of("{\"step\":300,\"a\":3}", "{\"step\":4"), Files.readAllLines(d));

        Files.writeString(m, Files.readString(m) + "{\"step\":500}\n");
        assertEquals(1, JsonlMetricsSink.trimAfter(m, 200, d));
        assertEquals(3, Files.readAllLines(d).size(), "appended: nothing discarded earlier is lost");
        assertEquals(0, JsonlMetricsSink.trimAfter(m, 200, d), "nothing to cut: files untouched");
    }

    @Test
    void trimAfterRepairsStepsThatAlreadyWentBackwards(@TempDir Path run) throws Exception {
        Path m = run.resolve(RunFolder.METRICS);
        Files.writeString(m, "{\"step\":100}\n{\"step\":200}\n{\"step\":150}\n{\"step\":250}\n");
        JsonlMetricsSink.trimAfter(m, 1000, run.resolve(RunFolder.METRICS_DISCARDED));
        assertEquals(List.of(100L, 200L, 250L), JsonlMetricsSink.readAll(m).stream().map(JsonlMetricsSink.Row::step).toList());
    }

    @Test
    void learningCurveOfAResumedRunHasEveryUpdateOfTheMetricsFile(@TempDir Path run) throws Exception {
        Path m = run.resolve(RunFolder.METRICS);
        Files.writeString(m, "{\"step\":100,\"rollout/ep_rew_mean\":1.0}\n{\"step\":200,\"rollout/ep_rew_mean\":2.0}\n");
        LearningCurve curve = new LearningCurve("t").addAll(m);
        curve.record(300, Map.of("rollout/ep_rew_mean", 3.0));
        assertEquals(3, curve.size());
        curve.write(run.resolve("c.png"));
        assertTrue(Files.size(run.resolve("c.png")) > 1000);
    }

    @Test
    void aReplacedCheckpointIsSwappedInBeforeTheOldOneIsDeleted(@TempDir Path run) {
        checkpoint(run, 5, 1.0);
        Path p = checkpoint(run, 5, 2.0);
        assertEquals(2.0, Checkpoint.manifest(p).get(Checkpoint.MEAN_RETURN).getAsDouble());
        assertEquals(1, Checkpoint.list(run).size());
        assertTrue(RunFolder.cleanStaleTemps(run).isEmpty(), "no temp left behind");
    }
}
