package io.github.jmegym.envs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.envs.check.EnvChecker;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.DType;
import io.github.jmegym.envs.spaces.Discrete;
import io.github.jmegym.envs.spaces.Space;
import io.github.jmegym.envs.vector.VectorEnv;
import io.github.jmegym.envs.vector.VectorMode;
import io.github.jmegym.envs.vector.VectorStep;
import io.github.jmegym.envs.wrappers.NormalizeObservation;
import io.github.jmegym.envs.wrappers.OrderEnforcing;
import io.github.jmegym.envs.wrappers.RecordEpisodeStatistics;
import io.github.jmegym.envs.wrappers.TimeLimit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Java snippets of docs/envs.md, compiled and run; {@code GuideSnippetsTest} checks that the guide shows each
 * marked region ({@code // --- name} to {@code // ---}) as written here, without the lines marked {@code (not shown)}.
 */
class EnvsGuideExamplesTest {

    @Test
    void makeAndStep() {
        // --- make and step
        Env<double[], Integer> env = Envs.make("CartPole-v1");
        Reset<double[]> first = env.reset(42);                 // seeds the env; reset() continues the stream
        double episodeReturn = 0;
        Step<double[]> step;
        do {
            int action = env.actionSpace().sample();           // or your policy
            step = env.step(action);
            episodeReturn += step.reward();
        } while (!step.terminated() && !step.truncated());
        env.close();
        // ---
        assertEquals(4, first.observation().length);
        assertTrue(episodeReturn >= 1);
    }

    @Test
    void vectorize() {
        // --- vectorize
        VectorEnv<double[], Integer> vec = Envs.makeVec("CartPole-v1", 8, VectorMode.THREADED,
                AutoresetMode.SAME_STEP, Map.of());
        vec.reset(7L, Map.of());                                 // sub-env i gets seed 7 + i
        for (int t = 0; t < 1000; t++) {
            List<Integer> actions = new ArrayList<>();
            for (int i = 0; i < vec.numEnvs(); i++) {
                actions.add(vec.singleActionSpace().sample());
            }
            VectorStep<double[]> s = vec.step(actions);
            for (int i = 0; i < vec.numEnvs(); i++) {
                if (s.terminated()[i] || s.truncated()[i]) {
                    double[] last = (double[]) s.infos().get(i).get(VectorEnv.FINAL_OBS);  // same-step mode
                    assertEquals(4, last.length);                                      // (not shown)
                }
            }
        }
        vec.close();
        // ---
    }

    @Test
    void wrap() {
        // --- wrap
        RecordEpisodeStatistics<double[], double[]> env = new RecordEpisodeStatistics<>(
                new NormalizeObservation<>(Envs.make("Pendulum-v1")));
        env.reset(0);
        Step<double[]> s;
        do {
            s = env.step(new double[] {0.5});
        } while (!s.done());
        @SuppressWarnings("unchecked")                                                 // (not shown)
        Map<String, Object> episode = (Map<String, Object>) s.info().get("episode");   // r, l, t as in Gymnasium
        // ---
        assertEquals(200, episode.get("l"));
    }

    @Test
    void ownEnv() {
        Envs.register(new EnvRegistration(EnvSpec.of("Corridor-v0", 50, null), Corridor::new));
        // --- check
        EnvChecker.check("Corridor-v0");      // throws IllegalStateException listing every broken rule
        // ---
        Env<double[], Integer> env = new OrderEnforcing<>(new TimeLimit<>(
                new Corridor(Map.of("slip", 0.0), Envs.spec("Corridor-v0")), 50));
        env.reset(1);
        for (int t = 0; t < 9; t++) {
            assertEquals(-0.01, env.step(1).reward());
        }
        Step<double[]> end = env.step(1);
        assertTrue(end.terminated() && end.reward() == 1.0);
    }

    // --- own env
    /** Walk right along a corridor of length 10: +1 for reaching the end, -0.01 per step. */
    public static final class Corridor implements Env<double[], Integer> {
        private final EnvSpec spec;
        private final Box observationSpace = new Box(0, 10, new int[] {1}, DType.FLOAT32);
        private final Discrete actionSpace = new Discrete(2);   // 0 = left, 1 = right
        private final double slip;
        private SplittableRandom rng = new SplittableRandom();
        private double x = -1;

        public Corridor(Map<String, ?> kwargs, EnvSpec spec) {
            Kwargs k = new Kwargs(kwargs, "make(" + spec.id() + ")");
            this.slip = k.getDouble("slip", 0.1);              // validated, named in errors
            k.requireAllUsed();                                 // a misspelt kwarg fails
            this.spec = spec;
        }

        @Override
        public Reset<double[]> reset(Long seed, Map<String, ?> options) {
            if (seed != null) {
                rng = new SplittableRandom(seed);
            }
            Kwargs o = new Kwargs(options, "reset(options) of " + spec.id());
            x = o.getDouble("start", 0.0);
            o.requireAllUsed();
            return new Reset<>(new double[] {x}, Map.of());
        }

        @Override
        public Step<double[]> step(Integer action) {
            int a = actionSpace.require(action, "step(action) of " + spec.id());  // rejects before any change
            if (rng.nextDouble() >= slip) {
                x = Math.max(0, Math.min(10, x + (a == 1 ? 1 : -1)));
            }
            boolean atEnd = x >= 10;
            return new Step<>(new double[] {x}, atEnd ? 1.0 : -0.01, atEnd, false, Map.of());
        }

        @Override
        public Space<double[]> observationSpace() {
            return observationSpace;
        }

        @Override
        public Space<Integer> actionSpace() {
            return actionSpace;
        }

        @Override
        public EnvSpec spec() {
            return spec;
        }

        @Override
        public void close() {
        }
    }

    /** Listed in META-INF/services/io.github.jmegym.envs.EnvProvider of the module that owns Corridor. */
    public static final class CorridorEnvs implements EnvProvider {
        @Override
        public List<EnvRegistration> registrations() {
            return List.of(new EnvRegistration(EnvSpec.of("Corridor-v0", 50, 0.9), Corridor::new));
        }
    }
    // ---
}
