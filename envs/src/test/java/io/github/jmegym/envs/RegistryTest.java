package io.github.jmegym.envs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.envs.classic.CartPole;
import io.github.jmegym.envs.wrappers.OrderEnforcing;
import io.github.jmegym.envs.wrappers.TimeLimit;
import io.github.jmegym.envs.wrappers.Wrapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RegistryTest {

    @ParameterizedTest
    @CsvSource({"CartPole-v1, 500, 475.0", "MountainCar-v0, 200, -110.0", "MountainCarContinuous-v0, 999, 90.0",
            "Pendulum-v1, 200, ", "Acrobot-v1, 500, -100.0"})
    void classicEnvsAreRegisteredWithGymnasiumsLimitsAndThresholds(String id, int maxSteps, Double threshold) {
        EnvSpec spec = Envs.spec(id);
        assertEquals(maxSteps, spec.maxEpisodeSteps());
        assertEquals(threshold, spec.rewardThreshold());
        assertEquals(AutoresetMode.NEXT_STEP, spec.autoresetMode());
        assertEquals(id, spec.toJson().get("id").getAsString());
    }

    @Test
    void makeWrapsTheEnvInTimeLimitInsideOrderEnforcing() {
        Env<double[], Integer> env = Envs.make("CartPole-v1");
        assertTrue(env instanceof OrderEnforcing);
        Env<double[], Integer> inner = ((Wrapper<double[], Integer>) env).inner();
        assertTrue(inner instanceof TimeLimit<double[], Integer> t && t.maxEpisodeSteps() == 500, inner.toString());
        assertTrue(env.unwrapped() instanceof CartPole);
    }

    @Test
    void unknownIdListsTheKnownIdsAndTheClosestMatch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Envs.make("CartPole-v2"));
        assertTrue(e.getMessage().contains("unknown env id 'CartPole-v2'"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'CartPole-v1'?"), e.getMessage());
        assertTrue(e.getMessage().contains("Acrobot-v1") && e.getMessage().contains("Pendulum-v1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Envs.spec("mountaincar-v0"));
        assertTrue(e.getMessage().contains("did you mean 'MountainCar-v0'?"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Envs.make("Zzzzzzzzzzzzzzzzzzzzzzzz-v9"));
        assertTrue(!e.getMessage().contains("did you mean") && e.getMessage().contains("Known ids"), e.getMessage());
    }

    @Test
    void kwargsOverrideTheDefaults() {
        Env<double[], Integer> env = Envs.make("CartPole-v1", Map.of("sutton_barto_reward", true));
        env.reset(0);
        assertEquals(0.0, env.step(1).reward());
        Env<double[], double[]> pendulum = Envs.make("Pendulum-v1", Map.of("g", 0.0));
        pendulum.reset(0L, Map.of("state", List.of(1.0, 0.0)));
        double[] obs = pendulum.step(new double[] {0}).observation();
        assertEquals((float) Math.cos(1.0), obs[0], "no gravity, no torque: the angle stays");
    }

    @Test
    void unknownOrBadKwargsAreRejectedNamingTheKeyAndEnv() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Envs.make("MountainCar-v0", Map.of("goal_velocityy", 0.1)));
        assertTrue(e.getMessage().contains("make(MountainCar-v0)") && e.getMessage().contains("'goal_velocityy'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Envs.make("Pendulum-v1", Map.of("g", "ten")));
        assertTrue(e.getMessage().contains("g=ten") && e.getMessage().contains("expected a finite number"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Envs.make("Acrobot-v1", Map.of("book_or_nips", "nips")));
        assertTrue(e.getMessage().contains("unknown key 'book_or_nips'"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 10_000})
    void maxEpisodeStepsKwargSetsTheTimeLimit(int steps) {
        Env<double[], Integer> env = Envs.make("Acrobot-v1", Map.of(Envs.MAX_EPISODE_STEPS, steps));
        assertEquals(steps, env.spec().maxEpisodeSteps());
    }

    @Test
    void badMaxEpisodeStepsIsRejected() {
        for (Object bad : new Object[] {0, -3, 1.5, "10"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Envs.make("CartPole-v1", Map.of(Envs.MAX_EPISODE_STEPS, bad)));
            assertTrue(e.getMessage().contains("max_episode_steps=" + bad), e.getMessage());
        }
    }

    @Test
    void registeringAnIdTwiceThrowsAndSpecIdsAreValidated() {
        EnvRegistration dup = new EnvRegistration(EnvSpec.of("CartPole-v1", 500, null), (k, s) -> new CartPole(k, s));
        assertThrows(IllegalArgumentException.class, () -> Envs.register(dup));
        assertThrows(IllegalArgumentException.class, () -> EnvSpec.of("CartPole", 10, null));
        assertThrows(IllegalArgumentException.class, () -> EnvSpec.of("CartPole-v1", 0, null));
        assertNull(EnvSpec.of("X-v0", null, null).maxEpisodeSteps());
    }

    @Test
    void specJsonCarriesGymnasiumFieldNames() {
        var json = Envs.spec("MountainCarContinuous-v0").toJson();
        assertEquals(999, json.get("max_episode_steps").getAsInt());
        assertEquals(90.0, json.get("reward_threshold").getAsDouble());
        assertEquals("next_step", json.getAsJsonObject("metadata").get("autoreset_mode").getAsString());
        assertEquals(30, json.getAsJsonObject("metadata").get("render_fps").getAsInt());
    }

    @Test
    void kwargsGettersNameTheKeyTheExpectationAndThePlace() {
        Map<String, Object> values = new HashMap<>();
        values.put("n", 2.5);
        values.put("flag", "yes");
        values.put("name", 3);
        values.put("xs", List.of(1.0, Double.NaN));
        values.put("ys", new float[] {1f, 2f});
        values.put("inf", Double.POSITIVE_INFINITY);
        Kwargs k = new Kwargs(values, "reset(options) of X-v0");
        assertMessage(() -> k.getInt("n", 0), "reset(options) of X-v0: n=2.5; expected an integer");
        assertMessage(() -> k.getBoolean("flag", false), "flag=yes; expected true or false");
        assertMessage(() -> k.getString("name", ""), "name=3; expected a string");
        assertMessage(() -> k.getDoubles("xs", 2), "xs contains NaN");
        assertMessage(() -> k.getDoubles("ys", 3), "ys has 2 values; expected 3");
        assertMessage(() -> k.getDouble("inf", 0), "inf=Infinity; expected a finite number");
        assertEquals(7, k.getInt("absent", 7));
        assertTrue(k.has("ys") && !k.has("nothing"));
        assertEquals(2.0, k.getDoubles("ys", 2)[1]);
        Kwargs unused = new Kwargs(Map.of("a", 1, "b", 2), "make(X-v0)");
        unused.getInt("a", 0);
        assertMessage(unused::requireAllUsed, "make(X-v0): unknown key 'b'; known keys are [a]");
        new Kwargs(null, "make(X-v0)").requireAllUsed();
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), () -> "'" + e.getMessage() + "' lacks '" + expected + "'");
    }
}
