package io.github.jmegym.engine.example;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.agent.Policy;
import io.github.jmegym.agent.PpoConfig;
import io.github.jmegym.agent.PpoTrainer;
import io.github.jmegym.engine.AgentControl;
import io.github.jmegym.engine.SimulationConfig;
import io.github.jmegym.engine.WorldEnv;
import io.github.jmegym.engine.WorldSimulation;
import io.github.jmegym.engine.example.CoinCollector.CoinWorld;
import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.Step;
import io.github.jmegym.envs.check.EnvChecker;
import io.github.jmegym.envs.vector.VectorEnv;
import io.github.jmegym.envs.vector.VectorMode;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The walk-through's step 3: register the world, check it, train it, compare with random. */
class CoinCollectorTest {
    @BeforeAll
    static void register() {
        if (!Envs.ids().contains(CoinCollectorEnvs.ID)) {
            // step 3: register the world under an id (an EnvProvider service does this for a module)
            new CoinCollectorEnvs().registrations().forEach(Envs::register);
        }
    }

    private static int successes(Function<double[], Object> brain, Env<double[], Object> env) {
        int wins = 0;
        for (int e = 0; e < 20; e++) {
            double[] obs = env.reset(500L + e).observation();
            while (true) {
                Step<double[]> s = env.step(brain.apply(obs));
                obs = s.observation();
                if (s.done()) {
                    wins += s.terminated() ? 1 : 0;
                    break;
                }
            }
        }
        return wins;
    }

    @Test
    void theWorldPassesTheEnvCheckerAndTheHeuristicCollectsEveryCoin() {
        EnvChecker.check("CoinCollector-v0");
        try (Env<double[], Object> env = Envs.make("CoinCollector-v0")) {
            WorldEnv<Object> world = (WorldEnv<Object>) env.unwrapped();
            assertTrue(successes(obs -> world.agent().heuristic(obs), env) == 20);
        }
    }

    @Test
    @Tag("slow")
    void ppoLearnsToCollectCoins() {
        PpoConfig config = PpoConfig.defaults().withNEnvs(8).withNSteps(128).withBatchSize(256).withLearningRate(1e-3);
        Policy policy;
        try (VectorEnv<Object, Object> vec = Envs.makeVec("CoinCollector-v0", 8, VectorMode.SYNC, AutoresetMode.SAME_STEP, Map.of());
             PpoTrainer trainer = new PpoTrainer(vec, config, 7)) {
            trainer.learn(20_480);
            policy = trainer.policy();
        }
        try (Env<double[], Object> env = Envs.make("CoinCollector-v0")) {
            env.actionSpace().seed(1);
            int random = successes(obs -> env.actionSpace().sample(), env);
            int trained = successes(obs -> policy.act(obs, true), env);
            assertTrue(trained >= 15 && trained > random + 5, "trained " + trained + "/20 vs random " + random + "/20");
        }
        // inference mode in a game: the policy drives the NPC's control, decision by decision
        try (WorldSimulation game = new WorldSimulation(new CoinWorld(), SimulationConfig.defaults())) {
            @SuppressWarnings("unchecked")
            AgentControl<Integer> agent = (AgentControl<Integer>) game.agents().get(0);
            agent.setPolicy(obs -> (Integer) policy.act(obs, true));
            game.reset(3L);
            for (int t = 0; t < 200 && !agent.episodeEnded(); t++) {
                game.decideAndApply(0, "game");
                game.advance();
            }
            assertTrue(agent.episodeEnded(), "the policy-driven NPC should reach the coin within 200 decisions");
        }
    }
}
