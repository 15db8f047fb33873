package io.github.jmegym.agent.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.agent.MetricsSink;
import io.github.jmegym.agent.PpoConfig;
import io.github.jmegym.agent.PpoTrainer;
import io.github.jmegym.agent.UpdateMode;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.Discrete;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer thread: records and writes run in the order they were handed over, off the caller's thread; close
 * returns once all are written; a failure reaches the handler or the future and the writer goes on; and what it
 * writes is byte for byte what the same sinks and checkpoints write synchronously.
 */
class BackgroundWriterTest {
    private static final List<RuntimeException> NO_FAILURES = List.of();

    private static Map<String, Double> metrics(long step) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("train/approx_kl", step * 1e-3);
        m.put("rollout/ep_rew_mean", -step / 7.0);
        return m;
    }

    @Test
    void recordsAndWritesRunInHandOverOrderOnTheWriterThread() {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        List<RuntimeException> failures = Collections.synchronizedList(new ArrayList<>());
        Thread caller = Thread.currentThread();
        List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
        try (BackgroundWriter w = new BackgroundWriter("test-writer", failures::add)) {
            MetricsSink a = w.sink("a", (s, m) -> {
                threads.add(Thread.currentThread());
                seen.add("a" + s);
            });
            MetricsSink b = w.sink("b", (s, m) -> seen.add("b" + s));
            for (long s = 1; s <= 200; s++) {
                a.record(s, metrics(s));
                b.record(s, metrics(s));
                if (s % 50 == 0) {
                    long at = s;
                    w.submit(() -> seen.add("write" + at));
                }
            }
        }
        List<String> expected = new ArrayList<>();
        for (long s = 1; s <= 200; s++) {
            expected.add("a" + s);
            expected.add("b" + s);
            if (s % 50 == 0) {
                expected.add("write" + s);
            }
        }
        assertEquals(expected, seen, "hand-over order, everything written by the time close returned");
        assertEquals(NO_FAILURES, failures);
        assertTrue(threads.stream().allMatch(t -> t != caller && t.getName().equals("test-writer")),
                "the sink ran on the writer thread");
    }

    @Test
    void closeWaitsForWhatIsQueuedAndLaterHandOversThrow() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        List<Long> written = Collections.synchronizedList(new ArrayList<>());
        BackgroundWriter w = new BackgroundWriter("test-writer", e -> { });
        MetricsSink slow = w.sink("slow", (s, m) -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            written.add(s);
        });
        for (long s = 1; s <= 5; s++) {
            slow.record(s, metrics(s));
        }
        assertTrue(written.isEmpty(), "record returned before the sink wrote");
        Thread releaser = new Thread(release::countDown);
        releaser.start();
        w.close();
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), written, "close returned after every queued record");
        releaser.join();
        assertThrows(IllegalStateException.class, () -> slow.record(6, metrics(6)));
        w.close();
    }

    @Test
    void theCallerMayReuseItsMetricsMapOnceRecordReturned() {
        List<Map<String, Double>> seen = new ArrayList<>();
        try (BackgroundWriter w = new BackgroundWriter("test-writer", e -> { })) {
            MetricsSink s = w.sink("copy", (step, m) -> seen.add(m));
            Map<String, Double> reused = metrics(1);
            s.record(1, reused);
            reused.clear();
            reused.put("x", 2.0);
            s.record(2, reused);
        }
        assertEquals(List.of(metrics(1), Map.of("x", 2.0)), seen);
    }

    @Test
    void aFailingSinkIsReportedOnceAndTheOthersAndLaterWritesGoOn() throws Exception {
        List<RuntimeException> failures = Collections.synchronizedList(new ArrayList<>());
        List<Long> good = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Path> failed;
        CompletableFuture<String> after;
        try (BackgroundWriter w = new BackgroundWriter("test-writer", failures::add)) {
            MetricsSink bad = w.sink("TensorBoard events", (s, m) -> {
                throw new IllegalStateException("disk full");
            });
            MetricsSink ok = w.sink("ok", (s, m) -> good.add(s));
            for (long s = 1; s <= 3; s++) {
                bad.record(s, metrics(s));
                ok.record(s, metrics(s));
            }
            failed = w.submit(() -> {
                throw new IllegalStateException("cannot write checkpoint: read-only");
            });
            after = w.submit(() -> "written");
        }
        assertEquals(List.of(1L, 2L, 3L), good, "the other sink got every record");
        assertEquals(1, failures.size(), "one report for the failed sink: " + failures);
        String msg = failures.get(0).getMessage();
        assertTrue(msg.contains("TensorBoard events") && msg.contains("step 1") && msg.contains("disk full")
                && msg.contains("dropped"), msg);
        ExecutionException e = assertThrows(ExecutionException.class, failed::get);
        assertEquals("cannot write checkpoint: read-only", e.getCause().getMessage());
        assertEquals("written", after.get(), "the writer went on after a failed write");
    }

    @Test
    void metricsWrittenThroughTheWriterAreTheBytesASynchronousSinkWrites(@TempDir Path dir) throws Exception {
        Path direct = dir.resolve("direct.jsonl");
        Path queued = dir.resolve("queued.jsonl");
        try (JsonlMetricsSink d = new JsonlMetricsSink(direct); JsonlMetricsSink q = new JsonlMetricsSink(queued);
             BackgroundWriter w = new BackgroundWriter("test-writer", e -> { })) {
            MetricsSink viaWriter = w.sink("jsonl", q);
            for (long s = 1; s <= 20; s++) {
                d.record(s * 64, metrics(s));
                viaWriter.record(s * 64, metrics(s));
            }
            w.flush();
        }
        assertEquals(Files.readString(direct), Files.readString(queued));
    }

    @Test
    void aCheckpointSnapshotWrittenLaterHoldsWhatCheckpointWritesAtOnce(@TempDir Path dir) throws Exception {
        PpoConfig c = PpoConfig.defaults().withBatchSize(8).withNEnvs(2).withNSteps(8).withEpochs(1)
                .withUpdateMode(UpdateMode.SYNC).withNormalizeReward(true);
        try (PpoTrainer t = PpoTrainer.forSpaces(Box.of(new double[] {-1}, new double[] {1}), new Discrete(2), c, 5);
             BackgroundWriter w = new BackgroundWriter("test-writer", e -> { })) {
            for (int step = 0; step < 8 * 2 + 3; step++) {
                t.act(List.of(new double[] {0.5}, new double[] {-0.25 * (step % 3)}));
                t.report(new double[] {1, step % 2}, new boolean[] {step % 5 == 0, false}, new boolean[2], null);
            }
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("env_id", "Test-v0");
            info.put("source", "test");
            Path now = t.checkpoint(dir.resolve("now"), info);
            TrainerCheckpoint.Snapshot later = t.checkpointSnapshot(dir.resolve("later"), info);
            info.put("changed", "after the capture");
            // the trainer goes on (parameters, optimizer, statistics change) before the writer writes the snapshot
            for (int step = 0; step < 8 * 2; step++) {
                t.act(List.of(new double[] {0.1}, new double[] {0.9}));
                t.report(new double[] {-1, 2}, new boolean[2], new boolean[2], null);
            }
            assertNotEquals(t.updates(), TrainerCheckpoint.read(now, null).state().updates(), "the trainer moved on");
            Path written = w.submit(later::write).get();
            for (String f : List.of(Checkpoint.CONFIG, Checkpoint.POLICY, Checkpoint.TRAINER)) {
                assertEquals(Files.readString(now.resolve(f)), Files.readString(written.resolve(f)), f);
            }
            assertEquals(Checkpoint.manifest(now).get("env_id"), Checkpoint.manifest(written).get("env_id"));
            assertTrue(!Checkpoint.manifest(written).has("changed"), "info is captured with the snapshot");
        }
    }
}
