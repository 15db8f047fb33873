package io.github.jmegym.agent;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.Step;
import io.github.jmegym.envs.vector.VectorEnv;
import io.github.jmegym.envs.vector.VectorMode;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Reduced versions of the learning targets of issue 3 (full figures: benchmarks/agent, BENCHMARKS.md). */
@Tag("slow")
class LearningSlowTest {
    @Test
    void cartPoleZooPresetReachesMeanReturn475Within60kSteps() {
        PpoConfig c = Presets.forEnv("CartPole-v1");
        try (VectorEnv<Object, Object> env = Envs.makeVec("CartPole-v1", c.nEnvs(), VectorMode.SYNC,
                AutoresetMode.SAME_STEP, Map.of()); PpoTrainer t = new PpoTrainer(env, c, 0)) {
            PpoTrainer.LearnResult r = t.learn(60_000, 475.0, null);
            assertNotNull(r.solvedAtStep(), "not solved within 60k steps: " + r);
        }
    }

    @Test
    void pendulumPresetBeatsARandomPolicyByAWideMargin() {
        PpoConfig c = Presets.forEnv("Pendulum-v1");
        double random = randomPolicyReturn(20);
        try (VectorEnv<Object, Object> env = Envs.makeVec("Pendulum-v1", c.nEnvs(), VectorMode.SYNC,
                AutoresetMode.SAME_STEP, Map.of()); PpoTrainer t = new PpoTrainer(env, c, 0)) {
            PpoTrainer.LearnResult r = t.learn(81_920, null, null);
            double trained = evaluate(t.policy(), 10);
            assertTrue(trained > random + 500, "trained " + trained + " vs random " + random + " after " + r.totalSteps());
        }
    }

    private static double randomPolicyReturn(int episodes) {
        try (Env<Object, Object> env = Envs.make("Pendulum-v1")) {
            env.actionSpace().seed(1);
            double total = 0;
            for (int ep = 0; ep < episodes; ep++) {
                env.reset(100L + ep);
                Step<Object> s;
                do {
                    s = env.step(env.actionSpace().sample());
                    total += s.reward();
                } while (!s.done());
            }
            return total / episodes;
        }
    }

    private static double evaluate(Policy p, int episodes) {
        try (Env<Object, Object> env = Envs.make("Pendulum-v1")) {
            double total = 0;
            for (int ep = 0; ep < episodes; ep++) {
                Object obs = env.reset(100L + ep).observation();
                Step<Object> s;
                do {
                    s = env.step(p.act(obs, true));
                    total += s.reward();
                    obs = s.observation();
                } while (!s.done());
            }
            return total / episodes;
        }
    }
}
