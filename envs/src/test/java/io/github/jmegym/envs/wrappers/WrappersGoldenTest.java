package io.github.jmegym.envs.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.Json;
import io.github.jmegym.envs.Step;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays golden/normalized-ID.json, recorded with Gymnasium's {@code NormalizeReward(NormalizeObservation(env))}
 * along a seeded random rollout (envs/scripts/make_golden.py), through the Java wrappers: the same sampled actions,
 * normalized observations, normalized rewards and final statistics, bit for bit where the underlying env is
 * (Pendulum's rewards and Acrobot's observations differ slightly from Gymnasium's, see GoldenTrajectoryTest).
 */
class WrappersGoldenTest {

    @ParameterizedTest
    @ValueSource(strings = {"CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1", "Acrobot-v1"})
    void normalizeObservationAndRewardReproduceGymnasium(String id) throws IOException {
        JsonObject g = load(id);
        double obsTolerance = id.equals("Acrobot-v1") ? 1e-5 : 0.0;
        double rewardTolerance = id.equals("Pendulum-v1") ? 1e-10 : 0.0;
        long seed = g.get("seed").getAsLong();
        NormalizeObservation<Object> normObs = new NormalizeObservation<>(Envs.make(id));
        NormalizeReward<double[], Object> env = new NormalizeReward<>(normObs);
        env.actionSpace().seed(seed);
        JsonArray resets = g.getAsJsonArray("reset_obs");
        int episode = 0;
        assertClose(Json.doubles(resets.get(episode++).getAsJsonArray()), env.reset(seed, Map.of()).observation(),
                obsTolerance, id + " first reset");
        JsonArray actions = g.getAsJsonArray("actions");
        for (int t = 0; t < actions.size(); t++) {
            String at = id + " step " + t;
            Object action = env.actionSpace().sample();
            assertEquals(actions.get(t), RolloutJson.of(action), "sampled action at " + at);
            Step<double[]> s = env.step(action);
            assertClose(Json.doubles(g.getAsJsonArray("obs").get(t).getAsJsonArray()), s.observation(), obsTolerance, at);
            double expected = g.getAsJsonArray("rewards").get(t).getAsDouble();
            assertEquals(expected, s.reward(), rewardTolerance * Math.max(1, Math.abs(expected)), "reward at " + at);
            assertEquals(g.getAsJsonArray("done").get(t).getAsBoolean(), s.done(), "done at " + at);
            if (s.done()) {
                assertClose(Json.doubles(resets.get(episode++).getAsJsonArray()), env.reset().observation(),
                        obsTolerance, at + " reset");
            }
        }
        JsonObject obsRms = g.getAsJsonObject("obs_rms");
        assertClose(Json.doubles(obsRms.getAsJsonArray("mean")), normObs.statistics().mean(), obsTolerance, id + " obs mean");
        assertClose(Json.doubles(obsRms.getAsJsonArray("var")), normObs.statistics().var(), obsTolerance, id + " obs var");
        assertEquals(obsRms.get("count").getAsDouble(), normObs.statistics().count(), id + " obs count");
        JsonObject retRms = g.getAsJsonObject("return_rms");
        assertEquals(retRms.get("var").getAsDouble(), env.statistics().var(0),
                rewardTolerance * retRms.get("var").getAsDouble(), id + " return var");
        assertEquals(retRms.get("count").getAsDouble(), env.statistics().count(), id + " return count");
    }

    private static void assertClose(double[] expected, double[] actual, double tolerance, String where) {
        if (tolerance == 0) {
            assertArrayEquals(expected, actual, where);
        } else {
            assertArrayEquals(expected, actual, tolerance, where);
        }
    }

    private static JsonObject load(String id) throws IOException {
        try (InputStream in = WrappersGoldenTest.class.getResourceAsStream("/golden/normalized-" + id + ".json")) {
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }

    /** Actions as the golden files write them: an integer or a list of numbers. */
    private static final class RolloutJson {
        static JsonElement of(Object action) {
            return action instanceof double[] a ? Json.array(a) : new com.google.gson.JsonPrimitive((Integer) action);
        }
    }
}
