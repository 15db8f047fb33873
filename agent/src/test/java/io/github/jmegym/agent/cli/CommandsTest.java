package io.github.jmegym.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.agent.run.Checkpoint;
import io.github.jmegym.envs.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./jmegym train} and {@code eval} through the real command line (ServiceLoader-contributed subcommands). */
class CommandsTest {
    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void trainWritesARunFolderThatEvalAndResumeUse(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        Result r = run("train", "--env", "CartPole-v1", "--steps", "512", "--seed", "1", "--out", run.toString(), "--no-progress");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("run folder: " + run.toAbsolutePath().normalize()), r.out());
        assertTrue(r.out().contains("finished 512 steps"), r.out());
        assertTrue(Files.isRegularFile(run.resolve("config.json")));
        assertTrue(Files.readString(run.resolve("config.json")).contains("\"_doc\""));
        assertEquals(2, Files.readAllLines(run.resolve("metrics.jsonl")).size(), "one line per update");
        assertTrue(Files.size(run.resolve("learning_curve.png")) > 1000);
        Path ckpt = Checkpoint.resolve(run);
        assertEquals("step-000000000512", ckpt.getFileName().toString());
        assertEquals("CartPole-v1", Checkpoint.manifest(ckpt).get("env_id").getAsString());

        Result e = run("eval", "--model", run.toString(), "--episodes", "3", "--seed", "4");
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().matches("(?s)CartPole-v1: mean return \\d+\\.\\d\\d \\+/- \\d+\\.\\d\\d \\(std\\) over 3 episodes.*"), e.out());
        assertEquals(e.out(), run("eval", "--model", run.toString(), "--episodes", "3", "--seed", "4").out(), "eval is seeded");

        Result res = run("train", "--resume", run.toString(), "--steps", "1024", "--no-progress");
        assertEquals(0, res.code(), res.err());
        assertTrue(res.out().contains("resuming at step 512"), res.out());
        assertEquals(4, Files.readAllLines(run.resolve("metrics.jsonl")).size());
        assertEquals("step-000000001024", Checkpoint.resolve(run).getFileName().toString());
    }

    @Test
    void periodicCheckpointsAreWrittenDuringTraining(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("c.json");
        Files.writeString(cfg, "{\"nEnvs\": 2, \"nSteps\": 64, \"batchSize\": 64, \"epochs\": 2, \"checkpointEvery\": 256}");
        Path run = dir.resolve("run");
        Result r = run("train", "--env", "CartPole-v1", "--config", cfg.toString(), "--steps", "768", "--out",
                run.toString(), "--no-progress");
        assertEquals(0, r.code(), r.err());
        try (var s = Files.list(run.resolve(Checkpoint.CHECKPOINTS))) {
            // taken between env steps right after each update (one vector step into the next rollout), plus the end
            assertEquals(java.util.List.of("step-000000000258", "step-000000000514", "step-000000000768"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void badInputFailsWithAClearMessage(@TempDir Path dir) throws Exception {
        Result r = run("train", "--env", "CartPol-v1", "--no-progress");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown env id 'CartPol-v1'") && r.err().contains("CartPole-v1"), r.err());

        Path cfg = dir.resolve("bad.json");
        Files.writeString(cfg, "{\"gamma\": 2}");
        r = run("train", "--env", "CartPole-v1", "--config", cfg.toString(), "--no-progress");
        assertEquals(2, r.code());
        assertTrue(r.err().contains(cfg.toString()) && r.err().contains("gamma=2.0"), r.err());

        r = run("eval", "--model", dir.resolve("missing").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("does not exist"), r.err());
    }
}
