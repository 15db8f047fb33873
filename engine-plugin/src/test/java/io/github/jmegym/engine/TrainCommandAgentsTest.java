package io.github.jmegym.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.agent.run.Checkpoint;
import io.github.jmegym.envs.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./jmegym train --env BallBalance-v0 -k agents=K}: one scene of K agents, nEnvs K. */
class TrainCommandAgentsTest {
    @TempDir
    Path dir;

    private static String[] train(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "train";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = cl.execute(all);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void agentsKwargTrainsOneSceneOfThatManyAgentsAndSaysSo() {
        Path run = dir.resolve("run");
        String[] r = train("--env", "BallBalance-v0", "-k", "agents=4", "--steps", "1024", "--out", run.toString(),
                "--no-progress");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("agents=4: one scene with 4 agents, nEnvs 4 (instead of the config's 8)"), r[1]);
        assertTrue(Checkpoint.list(run).size() >= 1, r[1]);
    }

    @Test
    void agentsForAOneAgentWorldIsRefusedWithExitCode2NamingTheWorldsThatHoldSeveral() {
        String[] r = train("--env", "Chase-v0", "-k", "agents=2", "--steps", "64", "--out", dir.resolve("c").toString(),
                "--no-progress");
        assertEquals("2", r[0], r[1] + r[2]);
        assertTrue(r[2].contains("makeVec(Chase-v0): agents=2 but Chase-v0 has one agent per scene")
                && r[2].contains("BallBalance-v0"), r[2]);
    }
}
