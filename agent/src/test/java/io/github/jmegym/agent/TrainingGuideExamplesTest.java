package io.github.jmegym.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.Discrete;
import io.github.jmegym.envs.vector.VectorEnv;
import io.github.jmegym.envs.vector.VectorMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java examples of docs/training.md ("From Java"), compiled and run; {@code GuideSnippetsTest} (module envs)
 * checks that the guide shows each marked region as written here, without the lines marked {@code (not shown)}.
 */
class TrainingGuideExamplesTest {
    @Test
    void headless(@TempDir Path runDir) {
        // --- headless
        PpoConfig config = Presets.forEnv("CartPole-v1");             // the rl-baselines3-zoo settings
        try (VectorEnv<Object, Object> env = Envs.makeVec("CartPole-v1", config.nEnvs(), VectorMode.SYNC,
                AutoresetMode.SAME_STEP, Map.of());
             PpoTrainer trainer = new PpoTrainer(env, config, 42)) {
            trainer.addMetricsSink((steps, m) -> System.out.printf("%d steps: return %.1f, approx KL %.4f%n",
                    steps, m.get(Metrics.EP_REW_MEAN), m.get(Metrics.APPROX_KL)));
            PpoTrainer.LearnResult r = trainer.learn(2_048);           // or learn(100_000, 475.0, null): stop when solved
            trainer.checkpoint(runDir, Map.of("env_id", "CartPole-v1"));
            Policy policy = Policy.load(runDir);                       // no trainer, no ND4J needed
            Object action = policy.act(new double[] {0.01, 0.0, -0.02, 0.0}, true);
            assertEquals(2_048, r.totalSteps());                       // (not shown)
            assertTrue(action instanceof Integer);                     // (not shown)
        }
        // ---
    }

    @Test
    void gameLoop() {
        // --- game loop
        Box observations = Box.of(new double[] {-1, -1}, new double[] {1, 1});
        PpoConfig config = PpoConfig.builder().nSteps(128).nEnvs(2).batchSize(64)   // validated by build()
                .updateMode(UpdateMode.TIME_SLICED).sliceBudgetMillis(2.0).build();   // <= ~2 ms of update per frame
        try (PpoTrainer trainer = PpoTrainer.forSpaces(observations, new Discrete(3), config, 7)) {
            List<double[]> obs = List.of(new double[] {0.1, 0.2}, new double[] {-0.3, 0.0});
            for (int frame = 0; frame < 1_000; frame++) {
                List<Object> actions = trainer.act(obs);               // one action per agent
                // ... apply the actions to the world, advance the simulation ...
                double[] rewards = {(Integer) actions.get(0) == 1 ? 1 : 0, 0.0};
                boolean[] terminated = {false, false};
                boolean[] truncated = {frame % 200 == 199, false};      // agent 0 hit a time limit
                List<Object> finalObs = new ArrayList<>(List.of(obs.get(0), obs.get(1)));
                trainer.report(rewards, terminated, truncated, finalObs);  // final observations bootstrap truncation
                // obs = the next observations (after restarting agents whose episode ended)
            }
            assertTrue(trainer.updates() >= 6);                        // (not shown)
        }
        // ---
    }
}
