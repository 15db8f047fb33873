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

    /** One-step env: reward 1 and {@code is_success} exactly when the action is 1. */
    static final class CoinGuess implements io.github.jmegym.envs.Env<double[], Integer> {
        private final io.github.jmegym.envs.EnvSpec spec;
        private final io.github.jmegym.envs.spaces.Box obs = io.github.jmegym.envs.spaces.Box.of(new double[] {-1}, new double[] {1});
        private final io.github.jmegym.envs.spaces.Discrete act = new io.github.jmegym.envs.spaces.Discrete(2);

        CoinGuess(io.github.jmegym.envs.EnvSpec spec) {
            this.spec = spec;
        }

        @Override
        public io.github.jmegym.envs.Reset<double[]> reset(Long seed, java.util.Map<String, ?> options) {
            return new io.github.jmegym.envs.Reset<>(new double[] {0}, java.util.Map.of());
        }

        @Override
        public io.github.jmegym.envs.Step<double[]> step(Integer action) {
            boolean success = act.require(action, "CoinGuess") == 1;
            return new io.github.jmegym.envs.Step<>(new double[] {0}, success ? 1 : 0, true, false,
                    java.util.Map.of("is_success", success));
        }

        @Override
        public io.github.jmegym.envs.spaces.Space<double[]> observationSpace() {
            return obs;
        }

        @Override
        public io.github.jmegym.envs.spaces.Space<Integer> actionSpace() {
            return act;
        }

        @Override
        public io.github.jmegym.envs.EnvSpec spec() {
            return spec;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void evalReportsTheSuccessRateOfEnvsThatReportIsSuccess(@TempDir Path dir) throws Exception {
        synchronized (CommandsTest.class) {
            if (!io.github.jmegym.envs.Envs.ids().contains("CoinGuess-v0")) {
                io.github.jmegym.envs.Envs.register(new io.github.jmegym.envs.EnvRegistration(
                        io.github.jmegym.envs.EnvSpec.of("CoinGuess-v0", 5, null), (kw, spec) -> new CoinGuess(spec)));
            }
        }
        Path cfg = dir.resolve("c.json");
        Files.writeString(cfg, "{\"nEnvs\": 2, \"nSteps\": 64, \"batchSize\": 64, \"epochs\": 2}");
        Path run = dir.resolve("run");
        Result r = run("train", "--env", "CoinGuess-v0", "--config", cfg.toString(), "--steps", "128", "--out",
                run.toString(), "--no-progress");
        assertEquals(0, r.code(), r.err());
        Result e = run("eval", "--model", run.toString(), "--episodes", "20", "--stochastic");
        assertEquals(0, e.code(), e.err());
        var m = java.util.regex.Pattern.compile("mean return (\\d+\\.\\d\\d) .*mean episode length 1\\.0; success rate "
                + "(\\d+\\.\\d)% \\((\\d+) of 20 episodes that reported is_success\\)", java.util.regex.Pattern.DOTALL).matcher(e.out());
        assertTrue(m.find(), e.out());
        // reward 1 exactly on success: the success rate is the mean return
        assertEquals(Double.parseDouble(m.group(1)) * 100, Double.parseDouble(m.group(2)), 0.051, e.out());
        assertEquals(Integer.parseInt(m.group(3)) / 20.0, Double.parseDouble(m.group(1)), 1e-9, e.out());

        Result cp = run("eval", "--model", dir.resolve("run").toString(), "--episodes", "1", "--env", "CoinGuess-v0");
        assertTrue(cp.out().contains("mean episode length 1.0"), cp.out());
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
                    s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("step-")).sorted().toList());
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
        assertTrue(r.err().startsWith("jmegym eval: --model " + dir.resolve("missing"))
                && r.err().contains("no such run folder, checkpoint or policy file"), r.err());
    }
}
