package io.github.jmegym.engine.bc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.agent.Algo;
import io.github.jmegym.agent.Demonstrations;
import io.github.jmegym.agent.Policy;
import io.github.jmegym.agent.PpoConfig;
import io.github.jmegym.agent.PpoTrainer;
import io.github.jmegym.agent.Presets;
import io.github.jmegym.engine.WorldEnv;
import io.github.jmegym.engine.record.RecordEpisodes;
import io.github.jmegym.engine.worlds.EngineEnvs;
import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.Step;
import io.github.jmegym.envs.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Behaviour cloning from recorded episodes: data loading, refusal of foreign recordings, cloning quality, the CLI. */
class BehaviourCloningTest {
    private static final int EPISODES = 20;

    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    private static Env<double[], Object> make(String id) {
        return (Env<double[], Object>) (Env<?, ?>) Envs.make(id, Map.of());
    }

    /** The fraction of {@code episodes} Chase-v0 episodes (seeds from {@code seed}) with {@code is_success}. */
    static double successRate(Function<Env<double[], Object>, Function<double[], Object>> brainOf, int episodes,
                              long seed) {
        try (Env<double[], Object> env = make(EngineEnvs.CHASE)) {
            Function<double[], Object> brain = brainOf.apply(env);
            int ok = 0;
            for (int e = 0; e < episodes; e++) {
                double[] obs = env.reset(seed + e, Map.of()).observation();
                Step<double[]> s;
                do {
                    s = env.step(brain.apply(obs));
                    obs = s.observation();
                } while (!s.terminated() && !s.truncated());
                ok += Boolean.TRUE.equals(s.info().get("is_success")) ? 1 : 0;
            }
            return (double) ok / episodes;
        }
    }

    /** The NPC's scripted brain of {@code env} (a Chase-v0 world), acting in that env. */
    @SuppressWarnings("unchecked")
    static Function<double[], Object> heuristic(Env<double[], Object> env) {
        WorldEnv<Object> world = (WorldEnv<Object>) env.unwrapped();
        return obs -> world.agent().heuristic(obs);
    }

    @Test
    @Tag("slow")
    void cloningTwentyHeuristicEpisodesNearlyMatchesTheHeuristic() {
        HeuristicDemos.record(EngineEnvs.CHASE, dir, EPISODES, 1);
        Env<double[], Object> env = make(EngineEnvs.CHASE);
        Demonstrations d = RecordedDemonstrations.load(dir, EngineEnvs.CHASE, env.observationSpace(),
                env.actionSpace(), 0.99);
        assertEquals(EPISODES, d.episodes());
        PpoTrainer trainer = PpoTrainer.forSpaces(env.observationSpace(), env.actionSpace(),
                Presets.forEnv(EngineEnvs.CHASE, Algo.PPO), 3);
        double before = successRate(e -> obs -> trainer.policy().act(obs, true), 20, 1000);
        PpoTrainer.CloneResult r = trainer.cloneFrom(d, 30);
        Policy cloned = trainer.policy();
        double clonedRate = successRate(e -> obs -> cloned.act(obs, true), 50, 1000);
        double heuristicRate = successRate(BehaviourCloningTest::heuristic, 50, 1000);
        System.out.printf("BC Chase-v0: %d samples, nll %.3f; success untrained %.2f, cloned %.2f, heuristic %.2f%n",
                r.samples(), r.nll(), before, clonedRate, heuristicRate);
        assertTrue(clonedRate >= 0.8 * heuristicRate, "cloned " + clonedRate + " vs heuristic " + heuristicRate);
        env.close();
    }

    @Test
    void recordingsOfAnotherEnvAreRefusedNamingTheFile() {
        try (RecordEpisodes<Object> env = new RecordEpisodes<>(make("CartPole-v1"), dir, RecordEpisodes.always(), 0)) {
            env.reset(0L, Map.of());
            Step<double[]> s;
            do {
                s = env.step(0);
            } while (!s.terminated() && !s.truncated());
        }
        Env<double[], Object> chase = make(EngineEnvs.CHASE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RecordedDemonstrations.load(dir,
                EngineEnvs.CHASE, chase.observationSpace(), chase.actionSpace(), 0.99));
        assertTrue(e.getMessage().contains("CartPole-v1") && e.getMessage().contains(EngineEnvs.CHASE)
                && e.getMessage().contains(".jsonl.gz"), e.getMessage());
        Env<double[], Object> cartPole = make("CartPole-v1");
        IllegalArgumentException spaces = assertThrows(IllegalArgumentException.class, () -> RecordedDemonstrations
                .load(dir, "CartPole-v1", chase.observationSpace(), cartPole.actionSpace(), 0.99));
        assertTrue(spaces.getMessage().contains("observation space"), spaces.getMessage());
        chase.close();
        cartPole.close();
    }

    @Test
    void bcCommandWritesALoadableRun() throws Exception {
        Path demos = Files.createDirectory(dir.resolve("demos"));
        HeuristicDemos.record(EngineEnvs.CHASE, demos, 3, 5);
        Path run = dir.resolve("run");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute("bc", "--env",
                EngineEnvs.CHASE, "--demos", demos.toString(), "--out", run.toString(), "--bc-epochs", "2");
        assertEquals(0, code, out + "\n" + err);
        assertTrue(out.toString().contains("behaviour cloning:"), out.toString());
        Policy p = Policy.load(run);
        Env<double[], Object> env = make(EngineEnvs.CHASE);
        assertTrue(env.actionSpace().contains(p.act(env.reset(0L, Map.of()).observation(), true)));
        env.close();
        int refused = Main.commandLine().setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err))
                .execute("bc", "--env", "CartPole-v1", "--demos", demos.toString(), "--out", dir.resolve("r2").toString());
        assertEquals(2, refused);
        assertTrue(err.toString().contains("expected CartPole-v1"), err.toString());
    }

    @Test
    void trainWithDemosClonesFirstThenContinues() throws Exception {
        Path demos = Files.createDirectory(dir.resolve("demos"));
        HeuristicDemos.record(EngineEnvs.CHASE, demos, 3, 9);
        Path run = dir.resolve("run");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute("train", "--env",
                EngineEnvs.CHASE, "--demos", demos.toString(), "--bc-epochs", "2", "--steps", "1024", "--no-progress",
                "--out", run.toString());
        assertEquals(0, code, out + "\n" + err);
        assertTrue(out.toString().contains("behaviour cloning:"), out.toString());
        assertTrue(Policy.load(run).actionSpace() != null);
    }

    /** Runs the CLI, asserting its exit code is {@code expect}; returns what it printed (out, then err). */
    private static String cli(int expect, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        assertEquals(expect, code, out + "\n" + err);
        return out + err.toString();
    }

    @ParameterizedTest(name = "--algo {0}")
    @ValueSource(strings = {"trpo", "npg", "ppo-kl"})
    @Tag("slow")
    void trainWithDemosContinuesWithTheSelectedAlgorithmAndItsPreset(String algo) throws Exception {
        Path demos = Files.createDirectory(dir.resolve("demos"));
        HeuristicDemos.record(EngineEnvs.CHASE, demos, 3, 9);
        Path run = dir.resolve("run");
        String out = cli(0, "train", "--env", EngineEnvs.CHASE, "--demos", demos.toString(), "--bc-epochs", "2",
                "--algo", algo, "--steps", "2048", "--no-progress", "--out", run.toString());
        assertTrue(out.contains("behaviour cloning:"), out);
        Algo a = Algo.parse(algo, "test");
        assertTrue(out.contains("preset " + Presets.presetName(EngineEnvs.CHASE, a) + ", algo " + algo), out);
        assertTrue(out.contains("finished 2048 steps"), out);
        assertEquals(a, PpoConfig.fromJson(Files.readString(run.resolve("config.json")), "config.json").algo(),
                "the run's config is the selected algorithm's");
    }

    @Test
    @Tag("slow")
    void bcWithAnAlgoWritesThatAlgorithmsRunAndResumeContinuesWithIt() throws Exception {
        Path demos = Files.createDirectory(dir.resolve("demos"));
        HeuristicDemos.record(EngineEnvs.CHASE, demos, 3, 9);
        Path run = dir.resolve("run");
        String bc = cli(0, "bc", "--env", EngineEnvs.CHASE, "--demos", demos.toString(), "--bc-epochs", "2",
                "--algo", "trpo", "--out", run.toString());
        assertTrue(bc.contains("algo trpo (preset default.trpo.json)"), bc);
        String resumed = cli(0, "train", "--resume", run.toString(), "--steps", "2048", "--no-progress");
        assertTrue(resumed.contains("algo trpo") && resumed.contains("finished 2048 steps"), resumed);
        String refused = cli(2, "bc", "--env", EngineEnvs.CHASE, "--demos", demos.toString(), "--algo", "sac",
                "--out", dir.resolve("r2").toString());
        assertTrue(refused.contains("--algo") && refused.contains("sac") && refused.contains("trpo"), refused);
    }
}
