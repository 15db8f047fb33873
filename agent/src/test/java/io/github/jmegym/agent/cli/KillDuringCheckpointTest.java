package io.github.jmegym.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.jmegym.agent.Policy;
import io.github.jmegym.agent.cli.CommandsTest.Result;
import io.github.jmegym.agent.run.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection: {@code ./jmegym train} in a child JVM is killed with SIGKILL while it writes a checkpoint (one
 * after every 16-step update), then resumed; the run folder must hold a verified latest checkpoint, lose its stale
 * temps, keep metrics steps increasing, and finish by the rule the run was started with.
 */
@Tag("slow")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class KillDuringCheckpointTest {
    private static final long TOTAL = 640;

    private static Process startChild(Path dir, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), TrainInChildJvm.class.getName()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("child.log").toFile())).start();
    }

    private static List<String> temps(Path run) throws IOException {
        Path ck = run.resolve(Checkpoint.CHECKPOINTS);
        if (!Files.isDirectory(ck)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(ck)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
        } catch (java.nio.file.NoSuchFileException e) {
            return List.of();
        }
    }

    /** Waits until the child has written a few checkpoints and is inside the next one, then SIGKILLs it. */
    private static void killWhileCheckpointing(Process child, Path run, Path dir) throws Exception {
        int before = Checkpoint.list(run).size();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                fail("the child ended (exit " + child.exitValue() + ") before it could be killed: "
                        + Files.readString(dir.resolve("child.log")));
            }
            if (Checkpoint.list(run).size() >= before + 3 && temps(run).stream().anyMatch(n -> n.startsWith(".tmp-step-"))) {
                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
                return;
            }
            Thread.onSpinWait();
        }
        child.destroyForcibly();
        fail("no checkpoint in progress seen within 120 s: " + Files.readString(dir.resolve("child.log")));
    }

    @Test
    void aRunKilledWhileCheckpointingResumesFromAVerifiedCheckpointAndFinishesByItsOriginalRule(@TempDir Path dir)
            throws Exception {
        EasyCoin.register();
        Path cfg = dir.resolve("c.json");
        Files.writeString(cfg, "{\"nEnvs\": 1, \"nSteps\": 16, \"batchSize\": 16, \"epochs\": 1, \"checkpointEvery\": 16}");
        Path run = dir.resolve("run");
        // --steps: no early stop, although EasyCoin's threshold is reached within a few episodes
        Process child = startChild(dir, List.of("train", "--env", EasyCoin.ID, "--config", cfg.toString(), "--steps",
                Long.toString(TOTAL), "--keep-checkpoints", "3", "--out", run.toString(), "--no-progress"));
        killWhileCheckpointing(child, run, dir);
        // a kill can land just after the rename; kill resumed children until a temp is left behind (or give up at 5)
        int kills = 1;
        while (temps(run).isEmpty() && kills < 5) {
            killWhileCheckpointing(startChild(dir, List.of("train", "--resume", run.toString(), "--no-progress")), run, dir);
            kills++;
        }
        List<String> left = temps(run);

        Path latest = Checkpoint.resolve(run);
        long killedAt = Checkpoint.manifestStep(latest);
        assertTrue(killedAt < TOTAL, "killed before the end: " + latest);
        assertEquals(3, Checkpoint.readVerified(latest, Checkpoint.CONFIG, Checkpoint.POLICY, Checkpoint.TRAINER).size());
        Policy.load(run);

        Result r = CommandsTest.run("train", "--resume", run.toString(), "--no-progress");
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("resuming at step " + killedAt), r.out());
        if (!left.isEmpty()) {
            assertTrue(r.out().contains("temp(s) of killed writers"), "stale temps " + left + " reported: " + r.out());
        }
        assertEquals(List.of(), temps(run), "no temp folder survives the resume (left by the kill: " + left + ")");
        assertTrue(r.out().contains("finished " + TOTAL + " steps"), "the original --steps rule, not the threshold: " + r.out());
        assertEquals(TOTAL, Checkpoint.manifestStep(Checkpoint.resolve(run)));
        assertTrue(Checkpoint.list(run).size() <= 4, "3 kept plus the best: " + Checkpoint.list(run));
        RunFolderCommandsTest.assertStepsIncrease(run);
        System.out.println("KillDuringCheckpointTest: " + kills + " kill(s), temps left by the last: " + left);
    }
}
