package io.github.jmegym.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.agent.Policy;
import io.github.jmegym.agent.PpoConfig;
import io.github.jmegym.agent.PpoTrainer;
import io.github.jmegym.agent.Presets;
import io.github.jmegym.engine.app.GameMode;
import io.github.jmegym.engine.app.HeadlessRun;
import io.github.jmegym.engine.app.InGameApp;
import io.github.jmegym.engine.app.InGameConfig;
import io.github.jmegym.engine.app.TrainingAppState;
import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.Step;
import io.github.jmegym.envs.vector.VectorEnv;
import io.github.jmegym.envs.vector.VectorMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PPO from the agent module learns both worlds headless, in reduced runs that must clearly beat a random policy
 * (the full runs are benchmarks: BENCHMARKS.md).
 */
@Tag("slow")
class TrainingTest {

    /** Mean episode length and success count of a brain over {@code episodes} seeded episodes. */
    static double[] evaluate(String id, Function<Env<double[], Object>, Function<double[], Object>> brain, int episodes) {
        try (Env<double[], Object> env = Envs.make(id)) {
            Function<double[], Object> act = brain.apply(env);
            double length = 0;
            int successes = 0;
            for (int e = 0; e < episodes; e++) {
                double[] obs = env.reset(10_000L + e).observation();
                while (true) {
                    Step<double[]> s = env.step(act.apply(obs));
                    obs = s.observation();
                    length++;
                    if (s.done()) {
                        successes += Boolean.TRUE.equals(s.info().get("is_success")) ? 1 : 0;
                        break;
                    }
                }
            }
            return new double[] {length / episodes, successes};
        }
    }

    private static Policy train(String id, long steps) {
        PpoConfig config = Presets.forEnv(id);
        assertTrue(Presets.has(id), "the engine module ships a preset for " + id);
        try (VectorEnv<Object, Object> env = Envs.makeVec(id, config.nEnvs(), VectorMode.SYNC, AutoresetMode.SAME_STEP,
                Map.of()); PpoTrainer trainer = new PpoTrainer(env, config, 1)) {
            trainer.learn(steps);
            assertEquals(steps, trainer.totalSteps(), 8 * config.nSteps());
            return trainer.policy();
        }
    }

    @Test
    void ppoLearnsToKeepTheBallOnThePlatform() {
        double[] random = evaluate("BallBalance-v0", env -> {
            env.actionSpace().seed(3);
            return obs -> env.actionSpace().sample();
        }, 10);
        Policy policy = train("BallBalance-v0", 12_288);
        double[] trained = evaluate("BallBalance-v0", env -> obs -> policy.act(obs, true), 10);
        assertTrue(random[0] < 80, "random tilting drops the ball fast: " + random[0]);
        assertTrue(trained[0] >= 200 && trained[0] >= 3 * random[0],
                "after 12k steps the policy should keep the ball up much longer than random: " + trained[0]
                        + " vs random " + random[0]);
    }

    @Test
    void eightAgentsInOneSceneShareOnePolicyAndLearnTogether() {
        PpoConfig config = Presets.forEnv("BallBalance-v0");
        Policy policy;
        try (MultiAgentVectorEnv<Object> env = EngineWorlds.scene("BallBalance-v0", config.nEnvs(), Map.of(),
                AutoresetMode.SAME_STEP);
             PpoTrainer trainer = new PpoTrainer(env, config, 2)) {
            trainer.learn(12_288);
            policy = trainer.policy();
        }
        double[] trained = evaluate("BallBalance-v0", env -> obs -> policy.act(obs, true), 10);
        assertTrue(trained[0] >= 200, "a policy trained on 8 platforms of one scene should balance a single platform: "
                + trained[0]);
    }

    @Test
    void inGameTrainingTeachesEightPlatformsWhileTheWorldRuns(@TempDir Path runs) {
        // what `play --env BallBalance-v0 --train` runs: the preset, 8 platforms in one scene, the game loop's state
        // (its run folder, TensorBoard events included, goes to a temporary folder, not the module's working folder)
        InGameConfig config = InGameConfig.defaults().withPpo(Presets.forEnv("BallBalance-v0")).withSeed(3)
                .withSpeed(0).withMaxEpisodeSteps(500).withSaveDir(runs);
        TrainingAppState state = new TrainingAppState(() -> new WorldSimulation(
                EngineWorlds.of("BallBalance-v0").world(8, Map.of()), SimulationConfig.defaults()), config, GameMode.TRAINING);
        Policy[] policy = new Policy[1];
        HeadlessRun run = new HeadlessRun();
        InGameApp app = new InGameApp(state, false, a -> {
            if (policy[0] == null && state.trainer().totalSteps() >= 12_288) {
                policy[0] = state.trainer().policy();
                run.finished();
            }
        }) {
            @Override
            public void handleError(String errMsg, Throwable t) {
                run.failed(errMsg, t);
            }
        };
        run.run(app, Duration.ofMinutes(5), "in-game training", () -> state.trainer().totalSteps() + " steps");
        assertEquals(8, state.agentCount());
        double[] trained = evaluate("BallBalance-v0", env -> obs -> policy[0].act(obs, true), 10);
        assertTrue(trained[0] >= 200, "in-game training should teach the platforms to hold the ball: " + trained[0]);
    }

    @Test
    void ppoLearnsToCatchTheMovingTarget() {
        double[] random = evaluate("Chase-v0", env -> {
            env.actionSpace().seed(3);
            return obs -> env.actionSpace().sample();
        }, 20);
        Policy policy = train("Chase-v0", 30_720);
        double[] trained = evaluate("Chase-v0", env -> obs -> policy.act(obs, true), 20);
        assertTrue(trained[1] >= 12 && trained[1] >= random[1] + 8,
                "after 30k steps the policy should reach the target far more often than random: " + trained[1]
                        + "/20 vs random " + random[1] + "/20");
    }
}
