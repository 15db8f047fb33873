package io.github.jmegym.envs.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.Json;
import io.github.jmegym.envs.Reset;
import io.github.jmegym.envs.Step;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays the trajectories that {@code envs/scripts/make_golden.py} recorded with Gymnasium through the Java
 * ports: each episode starts from Gymnasium's internal state (reset option {@code state}) and must reproduce the
 * observations within 1e-5, the rewards exactly and the terminated/truncated flags at the same steps. A seeded
 * reset must also give exactly Gymnasium's first observation ({@link io.github.jmegym.envs.NumpyRandom}).
 *
 * <p>One exception, Pendulum-v1's reward: its torque cost {@code 0.001 * u**2} squares a float32 NumPy scalar,
 * which NumPy does with C's {@code powf}; glibc's {@code powf} is not correctly rounded and differs from the
 * correctly rounded {@code u * u} by one float32 ulp in about 0.07% of cases, so those rewards differ by at most
 * one float32 ulp of the torque cost (at most 2^-31 = 4.7e-10 for |u| <= 2). All other rewards are compared
 * exactly. (Acrobot's observations differ slightly because Java's {@code Math.sin}/{@code cos} and glibc's differ
 * in the last bit for about 0.2% of arguments, which its chaotic dynamics amplify; still within 1e-5.)
 */
class GoldenTrajectoryTest {
    private static final double OBS_TOLERANCE = 1e-5;
    private static final Map<String, Double> REWARD_TOLERANCE = Map.of("Pendulum-v1", 0x1p-31);

    @ParameterizedTest
    @ValueSource(strings = {"CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1", "Acrobot-v1",
        "kwargs-CartPole-v1", "kwargs-MountainCar-v0", "kwargs-MountainCarContinuous-v0", "kwargs-Pendulum-v1"})
    void javaPortReproducesGymnasiumTrajectories(String file) throws IOException {
        JsonObject golden = load(file);
        String id = golden.get("id").getAsString();
        Map<String, Object> kwargs = Json.GSON.fromJson(golden.get("kwargs"),
                new com.google.gson.reflect.TypeToken<Map<String, Object>>() { }.getType());
        assertEquals(Envs.spec(id).maxEpisodeSteps(), golden.get("max_episode_steps").getAsInt(), "time limit of " + id);
        int steps = 0;
        double maxDeviation = 0;
        double maxRewardDeviation = 0;
        double rewardTolerance = REWARD_TOLERANCE.getOrDefault(id, 0.0);
        try (Env<double[], Object> env = Envs.make(id, kwargs)) {
            JsonArray episodes = golden.getAsJsonArray("episodes");
            for (int e = 0; e < episodes.size(); e++) {
                JsonObject ep = episodes.get(e).getAsJsonObject();
                String where = id + " episode " + e;
                Reset<double[]> r = env.reset(null, Map.of("state", doubles(ep.getAsJsonArray("state"))));
                maxDeviation = Math.max(maxDeviation, assertClose(Json.doubles(ep.getAsJsonArray("obs")), r.observation(),
                        where + " reset"));
                JsonArray actions = ep.getAsJsonArray("actions");
                for (int t = 0; t < actions.size(); t++) {
                    String at = where + " step " + t + (kwargs.isEmpty() ? "" : " " + kwargs);
                    Step<double[]> s = env.step(action(actions.get(t)));
                    maxDeviation = Math.max(maxDeviation, assertClose(
                            Json.doubles(ep.getAsJsonArray("observations").get(t).getAsJsonArray()), s.observation(), at));
                    double expectedReward = ep.getAsJsonArray("rewards").get(t).getAsDouble();
                    if (rewardTolerance == 0) {
                        assertEquals(expectedReward, s.reward(), "reward at " + at);
                    } else {
                        assertEquals(expectedReward, s.reward(), rewardTolerance, "reward at " + at);
                    }
                    maxRewardDeviation = Math.max(maxRewardDeviation, Math.abs(expectedReward - s.reward()));
                    assertEquals(ep.getAsJsonArray("terminated").get(t).getAsBoolean(), s.terminated(), "terminated at " + at);
                    assertEquals(ep.getAsJsonArray("truncated").get(t).getAsBoolean(), s.truncated(), "truncated at " + at);
                    steps++;
                }
            }
        }
        assertEquals(golden.get("steps").getAsInt(), steps, "steps replayed for " + id);
        assertTrue(steps >= (kwargs.isEmpty() ? 2000 : 1000), file + ": golden file holds only " + steps + " steps");
        System.out.printf("golden %s %s: %d steps, max |obs - gymnasium| = %.3g, max |reward - gymnasium| = %.3g%n",
                id, kwargs, steps, maxDeviation, maxRewardDeviation);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1", "Acrobot-v1"})
    void seededResetGivesGymnasiumsStartState(String id) throws IOException {
        JsonObject golden = load(id);
        try (Env<double[], Object> env = Envs.make(id)) {
            for (JsonElement e : golden.getAsJsonArray("episodes")) {
                JsonObject ep = e.getAsJsonObject();
                long seed = ep.get("seed").getAsLong();
                Map<String, Object> options = ep.get("options").isJsonNull() ? Map.of()
                        : Json.GSON.fromJson(ep.get("options"), new com.google.gson.reflect.TypeToken<Map<String, Object>>() { }.getType());
                double[] obs = env.reset(seed, options).observation();
                assertArrayEquals(Json.doubles(ep.getAsJsonArray("obs")), obs, id + " reset(seed=" + seed + ", " + options + ")");
            }
        }
    }

    private static JsonObject load(String id) throws IOException {
        try (InputStream in = GoldenTrajectoryTest.class.getResourceAsStream("/golden/" + id + ".json")) {
            assertNotNull(in, "golden/" + id + ".json is missing; run envs/scripts/make_golden.py");
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }

    private static List<Double> doubles(JsonArray a) {
        List<Double> out = new ArrayList<>();
        a.forEach(x -> out.add(x.getAsDouble()));
        return out;
    }

    private static Object action(JsonElement a) {
        return a.isJsonArray() ? Json.doubles(a.getAsJsonArray()) : (Object) a.getAsInt();
    }

    private static double assertClose(double[] expected, double[] actual, String where) {
        assertEquals(expected.length, actual.length, "observation length at " + where);
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs(expected[i] - actual[i]));
        }
        if (max > OBS_TOLERANCE) {
            assertArrayEquals(expected, actual, OBS_TOLERANCE, "observation at " + where);
        }
        return max;
    }
}
