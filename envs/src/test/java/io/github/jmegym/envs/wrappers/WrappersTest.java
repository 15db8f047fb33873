package io.github.jmegym.envs.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.Reset;
import io.github.jmegym.envs.Step;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WrappersTest {

    @Test
    void timeLimitTruncatesAtTheLimitAndRestartsCountingOnReset() {
        try (Env<double[], Integer> env = Envs.make("Pendulum-v1", Map.of(Envs.MAX_EPISODE_STEPS, 4))) {
            assertEquals(4, env.spec().maxEpisodeSteps());
            for (int episode = 0; episode < 2; episode++) {
                env.reset(episode);
                for (int t = 1; t <= 4; t++) {
                    @SuppressWarnings("unchecked")
                    Step<double[]> s = ((Env<double[], double[]>) (Env<?, ?>) env).step(new double[] {0.0});
                    assertEquals(t == 4, s.truncated(), "step " + t);
                    assertFalse(s.terminated());
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new TimeLimit<>(Envs.make("CartPole-v1"), 0));
    }

    @Test
    void timeLimitPassesTerminationThrough() {
        try (Env<double[], Integer> env = Envs.make("CartPole-v1", Map.of(Envs.MAX_EPISODE_STEPS, 1000))) {
            env.reset(0L, Map.of("state", List.of(2.39, 1.0, 0.0, 0.0)));
            Step<double[]> s = env.step(1);
            assertTrue(s.terminated());
            assertFalse(s.truncated());
        }
    }

    @Test
    void stepBeforeResetThrows() {
        try (Env<double[], Integer> env = Envs.make("CartPole-v1")) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> env.step(0));
            assertTrue(e.getMessage().contains("before reset()") && e.getMessage().contains("CartPole-v1"), e.getMessage());
        }
    }

    @Test
    void stepAfterTerminationWithoutResetThrows() {
        try (Env<double[], Integer> env = Envs.make("CartPole-v1")) {
            env.reset(0L, Map.of("state", List.of(2.39, 1.0, 0.0, 0.0)));
            assertTrue(env.step(1).terminated());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> env.step(1));
            assertTrue(e.getMessage().contains("call reset() first"), e.getMessage());
            env.reset();
            env.step(0);
        }
    }

    @Test
    void stepAfterTruncationWithoutResetThrows() {
        try (Env<double[], Integer> env = Envs.make("Acrobot-v1", Map.of(Envs.MAX_EPISODE_STEPS, 1))) {
            env.reset(3);
            assertTrue(env.step(1).truncated());
            assertThrows(IllegalStateException.class, () -> env.step(1));
        }
    }

    @Test
    void closeIsIdempotentAndLaterCallsThrow() {
        Env<double[], Integer> env = Envs.make("CartPole-v1");
        env.reset(1);
        env.close();
        env.close();
        assertThrows(IllegalStateException.class, () -> env.reset());
        assertThrows(IllegalStateException.class, () -> env.step(0));
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void actionOfTheWrongJavaTypeIsRejectedAndTheEnvStillSteps() {
        try (Env raw = Envs.make("CartPole-v1")) {
            raw.reset(2);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> raw.step("left"));
            assertTrue(e.getMessage().contains("String") && e.getMessage().contains("Discrete(2)"), e.getMessage());
            raw.step(1);
        }
    }

    @Test
    void recordEpisodeStatisticsAddsReturnLengthAndTimeAtTheEpisodeEnd() {
        RecordEpisodeStatistics<double[], Integer> env = new RecordEpisodeStatistics<>(
                Envs.make("CartPole-v1", Map.of(Envs.MAX_EPISODE_STEPS, 5)), 2, "episode");
        for (int episode = 0; episode < 3; episode++) {
            env.reset(episode);
            Step<double[]> s;
            int t = 0;
            do {
                s = env.step(t++ % 2);
                assertEquals(s.done(), s.info().containsKey("episode"));
            } while (!s.done());
            @SuppressWarnings("unchecked")
            Map<String, Object> stats = (Map<String, Object>) s.info().get("episode");
            assertEquals((double) t, (Double) stats.get("r"));
            assertEquals(t, stats.get("l"));
            assertTrue((Double) stats.get("t") >= 0);
        }
        assertEquals(3, env.episodeCount());
        assertEquals(2, env.returnQueue().size(), "the buffer keeps the last 2 episodes");
        assertEquals(List.of(5, 5), env.lengthQueue());
        assertThrows(IllegalArgumentException.class, () -> new RecordEpisodeStatistics<>(Envs.make("CartPole-v1"), 0, "episode"));
    }

    @Test
    void normalizeObservationTracksTheMeanAndVarianceOfEveryObservation() {
        Tap<Integer> tap = new Tap<>(Envs.make("CartPole-v1"));
        NormalizeObservation<Integer> env = new NormalizeObservation<>(tap);
        assertEquals(new Box(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, new int[] {4}, DType.FLOAT32),
                env.observationSpace());
        env.reset(5);
        for (int t = 0; t < 50; t++) {
            Step<double[]> s = env.step(t % 3 == 0 ? 0 : 1);
            RunningMeanStd rms = env.statistics();
            for (int i = 0; i < 4; i++) {
                double expected = (tap.last[i] - rms.mean(i)) / Math.sqrt(rms.var(i) + 1e-8);
                assertEquals(expected, s.observation()[i], 1e-6 * Math.max(1, Math.abs(expected)),
                        "normalized observation " + i + " at step " + t);
            }
            if (s.done()) {
                env.reset();
            }
        }
        RunningMeanStd rms = env.statistics();
        for (int i = 0; i < 4; i++) {
            int k = i;
            double mean = tap.seen.stream().mapToDouble(o -> o[k]).average().orElseThrow();
            double var = tap.seen.stream().mapToDouble(o -> (o[k] - mean) * (o[k] - mean)).sum() / tap.seen.size();
            assertEquals(mean, rms.mean(i), 1e-5 * Math.max(1, Math.abs(mean)), "mean " + i);
            assertEquals(var, rms.var(i), 1e-3 * var + 1e-6, "var " + i);
        }
        assertEquals(tap.seen.size() + 1e-4, rms.count(), 1e-9);
        env.setUpdateRunningMean(false);
        assertFalse(env.updateRunningMean());
        double[] frozenMean = rms.mean();
        env.reset();
        env.step(1);
        assertArrayEquals(frozenMean, rms.mean());
    }

    @Test
    void savedStatisticsCanBeRestoredForEvaluation() {
        NormalizeObservation<Integer> eval = new NormalizeObservation<>(Envs.make("CartPole-v1"));
        eval.statistics().restore(new double[] {1, 0, 0, 0}, new double[] {4, 1, 1, 1}, 100);
        eval.setUpdateRunningMean(false);
        double[] obs = eval.reset(0L, Map.of("state", List.of(3.0, 0.0, 0.0, 0.0))).observation();
        assertEquals(1.0, obs[0], 1e-6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> eval.statistics().restore(new double[] {0}, new double[] {1}, 1));
        assertTrue(e.getMessage().contains("expected 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> eval.statistics().restore(new double[4], new double[] {1, 1, -1, 1}, 1));
    }

    /** Records every observation that passes through it. */
    private static final class Tap<A> extends Wrapper<double[], A> {
        private final List<double[]> seen = new ArrayList<>();
        private double[] last;

        Tap(Env<double[], A> env) {
            super(env);
        }

        @Override
        public Reset<double[]> reset(Long seed, Map<String, ?> options) {
            Reset<double[]> r = env.reset(seed, options);
            last = r.observation();
            seen.add(last);
            return r;
        }

        @Override
        public Step<double[]> step(A action) {
            Step<double[]> s = env.step(action);
            last = s.observation();
            seen.add(last);
            return s;
        }
    }

    @Test
    void normalizeRewardDividesByTheStdOfTheDiscountedReturn() {
        NormalizeReward<double[], Integer> env = new NormalizeReward<>(Envs.make("CartPole-v1"), 0.9, 1e-8);
        env.reset(1);
        Step<double[]> s = env.step(1);
        // G = 1; count 1e-4 -> 1.0001; var = (1 * 1e-4 + 1 * 1e-4 / 1.0001) / 1.0001
        double var = (1e-4 + 1e-4 / 1.0001) / 1.0001;
        assertEquals(1.0 / Math.sqrt(var + 1e-8), s.reward(), 1e-12);
        assertEquals(var, env.statistics().var(0), 1e-15);
        s = env.step(1);
        assertEquals(1.9, env.discountedReward(), 1e-12);
        env.setUpdateRunningMean(false);
        double frozen = env.statistics().var(0);
        env.step(0);
        assertEquals(frozen, env.statistics().var(0));
        assertThrows(IllegalArgumentException.class, () -> new NormalizeReward<>(Envs.make("CartPole-v1"), 1.5, 1e-8));
        assertThrows(IllegalArgumentException.class, () -> new NormalizeReward<>(Envs.make("CartPole-v1"), 0.99, 0));
    }

    @Test
    void normalizeRewardClearsTheDiscountedReturnOnlyOnTermination() {
        NormalizeReward<double[], Integer> env = new NormalizeReward<>(Envs.make("CartPole-v1"));
        env.reset(0L, Map.of("state", List.of(0.0, 0.0, 0.0, 0.0)));
        env.step(1);
        env.step(0);
        assertEquals(1.99, env.discountedReward(), 1e-12);
        env.reset(0L, Map.of("state", List.of(0.0, 0.0, 0.0, 0.0)));
        env.step(1);
        assertEquals(1.99 * 0.99 + 1, env.discountedReward(), 1e-12, "a reset does not clear G, as in Gymnasium");
        env.reset(0L, Map.of("state", List.of(2.39, 1.0, 0.0, 0.0)));
        assertTrue(env.step(1).terminated());
        assertEquals(1.0, env.discountedReward(), "termination clears G before adding the reward");
    }

    @Test
    @SuppressWarnings("unchecked")
    void clipActionClipsIntoTheBoxAndWidensTheActionSpace() {
        Env<double[], double[]> plain = Envs.make("Pendulum-v1");
        ClipAction<double[]> clipped = new ClipAction<>(Envs.make("Pendulum-v1"));
        assertEquals(new Box(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, new int[] {1}, DType.FLOAT32),
                clipped.actionSpace());
        plain.reset(4);
        clipped.reset(4);
        Step<double[]> a = plain.step(new double[] {2.0});
        Step<double[]> b = clipped.step(new double[] {7.5});
        assertArrayEquals(a.observation(), b.observation());
        assertEquals(a.reward(), b.reward());
        assertThrows(IllegalArgumentException.class, () -> clipped.step(new double[] {Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> clipped.step(new double[] {1, 2}));
        clipped.step(new double[] {-9});
        assertThrows(IllegalArgumentException.class, () -> new ClipAction<>((Env<double[], double[]>) (Env<?, ?>) Envs.make("CartPole-v1")));
        assertNotEquals(plain.actionSpace(), clipped.actionSpace());
    }
}
