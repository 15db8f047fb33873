package io.github.jmegym.envs.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.EnvSpec;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.Reset;
import io.github.jmegym.envs.Step;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.DType;
import io.github.jmegym.envs.spaces.Discrete;
import io.github.jmegym.envs.spaces.Space;
import io.github.jmegym.envs.wrappers.OrderEnforcing;
import io.github.jmegym.envs.wrappers.TimeLimit;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every registered env must pass the {@link EnvChecker}; and the checker must catch broken envs. */
class EnvContractTest {

    static Stream<String> ids() {
        return Envs.ids().stream();
    }

    @ParameterizedTest
    @MethodSource("ids")
    void registeredEnvPassesTheChecker(String id) {
        assertEquals(List.of(), EnvChecker.problems(id));
    }

    @Test
    void everyClassicControlEnvIsRegistered() {
        assertTrue(Envs.ids().containsAll(List.of("CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0",
                "Pendulum-v1", "Acrobot-v1")), Envs.ids().toString());
    }

    @Test
    void checkerReportsAnEnvThatIgnoresItsSeed() {
        List<String> problems = EnvChecker.problems(wrap(new Broken(Flaw.IGNORES_SEED)));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("determinism")), problems.toString());
    }

    @Test
    void checkerReportsObservationsOutsideTheSpace() {
        List<String> problems = EnvChecker.problems(wrap(new Broken(Flaw.LEAVES_SPACE)));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("rollout") && p.contains("outside")), problems.toString());
    }

    @Test
    void checkerReportsFloat64ValuesInAFloat32Box() {
        List<String> problems = EnvChecker.problems(wrap(new Broken(Flaw.NOT_FLOAT32)));
        assertTrue(problems.stream().anyMatch(p -> p.contains("float32 Box")), problems.toString());
    }

    @Test
    void checkerReportsAnEpisodeThatOutlivesItsTimeLimit() {
        Broken env = new Broken(null);
        Env<double[], Integer> unlimited = new OrderEnforcing<>(new io.github.jmegym.envs.wrappers.Wrapper<>(env) {
            @Override
            public EnvSpec spec() {
                return EnvSpec.of("Broken-v0", 5, null);
            }
        });
        List<String> problems = EnvChecker.problems(unlimited);
        assertTrue(problems.stream().anyMatch(p -> p.contains("max_episode_steps")), problems.toString());
    }

    @Test
    void checkerReportsAcceptedBadActions() {
        List<String> problems = EnvChecker.problems(wrap(new Broken(Flaw.ACCEPTS_ANY_ACTION)));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("bad actions") && p.contains("accepted")), problems.toString());
    }

    @Test
    void checkerReportsAMissingOrderEnforcement() {
        List<String> problems = EnvChecker.problems(new TimeLimit<>(new Broken(null), 20));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("step before reset")), problems.toString());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> EnvChecker.check(new TimeLimit<>(new Broken(null), 20)));
        assertTrue(e.getMessage().contains("Broken-v0"), e.getMessage());
    }

    @Test
    void checkerPassesTheSoundVersionOfTheTestEnv() {
        assertEquals(List.of(), EnvChecker.problems(wrap(new Broken(null))));
        assertFalse(EnvChecker.badActions(new Discrete(3)).isEmpty());
    }

    private static Env<double[], Integer> wrap(Broken env) {
        return new OrderEnforcing<>(new TimeLimit<>(env, 20));
    }

    private enum Flaw { IGNORES_SEED, LEAVES_SPACE, ACCEPTS_ANY_ACTION, NOT_FLOAT32 }

    /** A random walk on [-1, 1] with one optional flaw. */
    private static final class Broken implements Env<double[], Integer> {
        private static int instances;
        private final Flaw flaw;
        private final Discrete actions = new Discrete(2);
        private SplittableRandom rng = new SplittableRandom(instances++);
        private double x;

        Broken(Flaw flaw) {
            this.flaw = flaw;
        }

        @Override
        public Reset<double[]> reset(Long seed, Map<String, ?> options) {
            if (seed != null && flaw != Flaw.IGNORES_SEED) {
                rng = new SplittableRandom(seed);
            }
            x = rng.nextDouble() - 0.5;
            return new Reset<>(new double[] {(float) x}, Map.of());
        }

        @Override
        public Step<double[]> step(Integer action) {
            int a = flaw == Flaw.ACCEPTS_ANY_ACTION && action != null ? action : actions.require(action, "Broken-v0");
            x += (a == 1 ? 0.1 : -0.1) * rng.nextDouble();
            double obs = flaw == Flaw.LEAVES_SPACE ? x + 5 : flaw == Flaw.NOT_FLOAT32 ? x : (float) x;
            return new Step<>(new double[] {obs}, -Math.abs(x), Math.abs(x) > 1, false, Map.of());
        }

        @Override
        public Space<double[]> observationSpace() {
            return new Box(-2, 2, new int[] {1}, DType.FLOAT32);
        }

        @Override
        public Space<Integer> actionSpace() {
            return actions;
        }

        @Override
        public EnvSpec spec() {
            return EnvSpec.of("Broken-v0", null, null);
        }

        @Override
        public void close() {
        }
    }
}
