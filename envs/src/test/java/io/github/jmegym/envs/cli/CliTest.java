package io.github.jmegym.envs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.Json;
import io.github.jmegym.envs.Step;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class CliTest {
    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void envsListsEveryIdWithItsSpacesAndTimeLimit() {
        Result r = run("envs");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertTrue(lines[0].startsWith("ID") && lines[0].contains("OBSERVATION SPACE"), lines[0]);
        assertEquals(Envs.ids().size() + 1, lines.length, r.out());
        assertTrue(r.out().contains("CartPole-v1                     500      475.0  Discrete(2)"), r.out());
        assertTrue(r.out().contains("Box([-1. -1. -8.], [1. 1. 8.], (3,), float32)"), r.out());
        assertTrue(r.out().contains("Pendulum-v1                     200          -  Box(-2.0, 2.0, (1,), float32)"), r.out());
    }

    @Test
    void envsJsonPrintsOneParsableObjectPerEnv() {
        Result r = run("envs", "--json");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(Envs.ids().size(), lines.size());
        JsonObject first = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertEquals("Acrobot-v1", first.get("id").getAsString());
        assertEquals("Discrete", first.getAsJsonObject("action_space").get("type").getAsString());
    }

    @Test
    void rolloutPrintsEachEpisodesReturnAndLength() {
        Result r = run("rollout", "--env", "CartPole-v1", "--episodes", "3", "--seed", "4");
        assertEquals(0, r.code(), r.err());
        assertEquals(3, r.out().lines().filter(l -> l.matches("episode \\d: return \\d+\\.0, length \\d+ \\(terminated\\)")).count(), r.out());
        assertTrue(r.out().contains("3 episodes, mean return"), r.out());
    }

    @Test
    void rolloutTraceHasAResetLineAndOneLinePerStepThatReplayExactly() throws IOException {
        Path trace = dir.resolve("sub/trace.jsonl");
        Result r = run("rollout", "--env", "Pendulum-v1", "--steps", "250", "--seed", "9", "--trace", trace.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(trace);
        assertEquals(250 + 2, lines.size(), "250 steps and the resets at 0 and 200");
        JsonObject reset = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertTrue(reset.get("reset").getAsBoolean());
        assertEquals(9, reset.get("seed").getAsLong());
        assertTrue(JsonParser.parseString(lines.get(201)).getAsJsonObject().get("seed").isJsonNull(),
                "later resets continue the random stream");
        try (Env<double[], double[]> env = Envs.make("Pendulum-v1")) {
            assertArrayEquals(Json.doubles(reset.getAsJsonArray("obs")), env.reset(9).observation());
            for (int t = 1; t <= 200; t++) {
                JsonObject step = JsonParser.parseString(lines.get(t)).getAsJsonObject();
                Step<double[]> s = env.step(Json.doubles(step.getAsJsonArray("action")));
                assertArrayEquals(s.observation(), Json.doubles(step.getAsJsonArray("obs")), "obs at step " + t);
                assertEquals(s.reward(), step.get("reward").getAsDouble(), "reward at step " + t);
                assertEquals(s.terminated(), step.get("terminated").getAsBoolean());
                assertEquals(s.truncated(), step.get("truncated").getAsBoolean());
            }
        }
        try (Stream<Path> files = Files.list(trace.getParent())) {
            assertEquals(List.of(trace), files.toList(), "no temporary file is left behind");
        }
    }

    /**
     * golden/rollout-ID.jsonl is Gymnasium's own random policy from the same seed (envs/scripts/make_golden.py):
     * seeded spaces sample the same actions and seeded resets give the same starts, so the traces agree
     * (observations within 1e-5, rewards exactly but Pendulum's within one float32 ulp of its torque cost; see
     * GoldenTrajectoryTest).
     */
    @ParameterizedTest
    @ValueSource(strings = {"CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1", "Acrobot-v1"})
    void rolloutTraceEqualsGymnasiumsRandomRolloutWithTheSameSeed(String id) throws IOException {
        Path trace = dir.resolve(id + ".jsonl");
        assertEquals(0, run("rollout", "--env", id, "--seed", "7", "--steps", "600", "--trace", trace.toString()).code());
        List<String> ours = Files.readAllLines(trace);
        List<String> gym;
        try (var in = CliTest.class.getResourceAsStream("/golden/rollout-" + id + ".jsonl")) {
            gym = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        }
        assertEquals(gym.size(), ours.size(), "trace lines");
        double rewardTolerance = id.equals("Pendulum-v1") ? 0x1p-31 : 0.0;
        for (int i = 0; i < gym.size(); i++) {
            JsonObject g = JsonParser.parseString(gym.get(i)).getAsJsonObject();
            JsonObject o = JsonParser.parseString(ours.get(i)).getAsJsonObject();
            String at = id + " trace line " + i;
            assertArrayEquals(Json.doubles(g.getAsJsonArray("obs")), Json.doubles(o.getAsJsonArray("obs")), 1e-5, at);
            if (g.has("reset")) {
                assertEquals(g.get("seed"), o.get("seed"), at);
                continue;
            }
            assertEquals(g.get("action"), o.get("action"), at);
            assertEquals(g.get("reward").getAsDouble(), o.get("reward").getAsDouble(), rewardTolerance, at);
            assertEquals(g.get("terminated"), o.get("terminated"), at);
            assertEquals(g.get("truncated"), o.get("truncated"), at);
        }
    }

    @Test
    void rolloutWithTheSameSeedWritesTheSameTrace() throws IOException {
        Path a = dir.resolve("a.jsonl");
        Path b = dir.resolve("b.jsonl");
        assertEquals(0, run("rollout", "--env", "Acrobot-v1", "--steps", "60", "--trace", a.toString()).code());
        assertEquals(0, run("rollout", "--env", "Acrobot-v1", "--steps", "60", "--trace", b.toString()).code());
        assertEquals(Files.readString(a), Files.readString(b));
        assertEquals(0, run("rollout", "--env", "Acrobot-v1", "--steps", "60", "--seed", "1", "--trace", b.toString()).code());
        assertFalse(Files.readString(a).equals(Files.readString(b)));
    }

    @Test
    void rolloutPassesKwargsToMake() {
        Result r = run("rollout", "--env", "MountainCar-v0", "--episodes", "2", "-k", "max_episode_steps=7");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("episode 2: return -7.0, length 7 (truncated)"), r.out());
        Result bad = run("rollout", "--env", "MountainCar-v0", "-k", "speed=3");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("unknown key 'speed'"), bad.err());
    }

    @Test
    void rolloutRejectsAnUnknownIdWithTheClosestMatch() {
        Result r = run("rollout", "--env", "Pendulum-v0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("did you mean 'Pendulum-v1'?") && r.err().contains("Known ids"), r.err());
    }

    @Test
    void rolloutRejectsBadNumbers() {
        Result r = run("rollout", "--env", "CartPole-v1", "--steps", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--steps=0: expected a number >= 1"), r.err());
        r = run("rollout", "--env", "CartPole-v1", "--episodes", "-3");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--episodes=-3"), r.err());
        r = run("rollout", "--env", "CartPole-v1", "--episodes", "two");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("two"), r.err());
        r = run("rollout", "--env", "CartPole-v1", "--episodes", "2", "--steps", "5");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("mutually exclusive"), r.err());
        r = run("rollout", "--env", "CartPole-v1", "--seed", "x");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--seed"), r.err());
    }
}
