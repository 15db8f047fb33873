package io.github.jmegym.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --algo}: the algorithm's preset, recorded in the run's config; bad names and conflicts exit 2. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TrainAlgoOptionTest {
    @Test
    void trpoTrainsWithItsPresetAndRecordsTheAlgorithm(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        CommandsTest.Result r = CommandsTest.run("train", "--env", "CartPole-v1", "--algo", "trpo", "--steps", "1024",
                "--out", run.toString(), "--no-progress");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("preset CartPole-v1.trpo.json, algo trpo"), r.out());
        String config = Files.readString(run.resolve("config.json"));
        assertTrue(config.contains("\"algo\": \"trpo\"") && config.contains("\"nCriticUpdates\": 20"), config);
        String metrics = Files.readString(run.resolve("metrics.jsonl"));
        assertTrue(metrics.contains("train/line_search_steps") && metrics.contains("train/policy_lag"), metrics);
    }

    @Test
    void anUnknownAlgorithmExitsWithTwoNamingTheAlternatives() {
        CommandsTest.Result r = CommandsTest.run("train", "--env", "CartPole-v1", "--algo", "sac", "--no-progress");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown algorithm 'sac'; expected one of ppo, ppo-kl, trpo, npg"), r.err());
    }

    @Test
    void aConfigNamingAnotherAlgorithmIsRefused(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("c.json");
        Files.writeString(cfg, "{\"algo\": \"npg\"}");
        CommandsTest.Result r = CommandsTest.run("train", "--env", "CartPole-v1", "--algo", "trpo", "-c", cfg.toString(),
                "--steps", "512", "--out", dir.resolve("run").toString(), "--no-progress");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--algo trpo: --config " + cfg + " sets algo npg; give one of them"), r.err());
    }
}
