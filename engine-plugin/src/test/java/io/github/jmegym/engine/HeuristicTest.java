package io.github.jmegym.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.engine.worlds.EngineEnvs;
import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.Step;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scripted heuristics solve the shipped worlds: the physics and sensors behave as their docs say. */
class HeuristicTest {

    private static double[] play(String id, Map<String, ?> kwargs, int episodes) {
        try (Env<double[], Object> env = Envs.make(id, kwargs)) {
            WorldEnv<Object> world = (WorldEnv<Object>) env.unwrapped();
            double length = 0;
            int successes = 0;
            for (int e = 0; e < episodes; e++) {
                double[] obs = env.reset((long) e).observation();
                while (true) {
                    Step<double[]> s = env.step(world.agent().heuristic(obs));
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

    @Test
    void pdControllerBalancesTheBallForTheWholeTimeLimit() {
        assertEquals(500.0, play(EngineEnvs.BALL_BALANCE, Map.of(), 5)[0]);
    }

    @Test
    void scriptedChaserReachesTheTargetWithDiscreteAndMultiDiscreteActions() {
        double[] discrete = play(EngineEnvs.CHASE, Map.of(), 20);
        assertTrue(discrete[1] >= 19, "discrete heuristic reached " + discrete[1] + "/20");
        double[] turning = play(EngineEnvs.CHASE, Map.of("action_type", "multi_discrete"), 20);
        assertTrue(turning[1] >= 17, "multi_discrete heuristic reached " + turning[1] + "/20");
        double[] sceneRays = play(EngineEnvs.CHASE, Map.of("ray_caster", "scene_graph"), 20);
        assertTrue(sceneRays[1] >= 19, "heuristic with scene-graph rays reached " + sceneRays[1] + "/20");
    }
}
