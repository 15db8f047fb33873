package io.github.jmegym.bridge;

import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.EnvSpec;
import io.github.jmegym.envs.RenderFrame;
import io.github.jmegym.envs.Reset;
import io.github.jmegym.envs.Step;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.DType;
import io.github.jmegym.envs.spaces.DictSpace;
import io.github.jmegym.envs.spaces.Discrete;
import io.github.jmegym.envs.spaces.MultiBinary;
import io.github.jmegym.envs.spaces.MultiDiscrete;
import io.github.jmegym.envs.spaces.Space;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A test fixture for the Python suite ({@code tests/test_space_zoo.py}): a gateway serving two live envs whose
 * spaces cover every type of the wire layout (Dict with Box float64/float32, MultiBinary, MultiDiscrete with
 * starts, Discrete with a start; plain MultiBinary observations and MultiDiscrete actions) and rgb_array frames.
 * Each observation echoes the last action, so Python can check every value that crossed the wire.
 */
public final class SpaceZooServer {
    private SpaceZooServer() {
    }

    /** Starts the gateway, prints the ready line, serves until a client calls shutdown(). */
    public static void main(String[] args) throws InterruptedException {
        try (JmegymGateway g = JmegymGateway.start(GatewayOptions.defaults())) {
            g.registerLive("DictZoo-v0", new DictZoo());
            g.registerLive("FlatZoo-v0", new FlatZoo());
            System.out.println(Protocol.READY_PREFIX + g.connectionJson(true));
            System.out.flush();
            g.awaitShutdownRequest();
            Thread.sleep(100);
        }
    }

    private static Map<String, Space<?>> ordered(Object... kv) {
        Map<String, Space<?>> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Space<?>) kv[i + 1]);
        }
        return m;
    }

    /** Dict observations and Dict actions; keys deliberately not in alphabetical order. */
    static final class DictZoo implements Env<Map<String, Object>, Map<String, Object>> {
        private final DictSpace obs = new DictSpace(ordered(
                "pos", new Box(-100, 100, new int[] {2}, DType.FLOAT64),
                "echo", new DictSpace(ordered(
                        "move", new Box(-1, 1, new int[] {2}, DType.FLOAT32),
                        "flags", new MultiBinary(2),
                        "choice", new Discrete(3, -1),
                        "levels", new MultiDiscrete(new int[] {2, 4}, new int[] {0, -1}))),
                "t", new Discrete(1000, 0)));
        private final DictSpace act = new DictSpace(ordered(
                "move", new Box(-1, 1, new int[] {2}, DType.FLOAT32),
                "flags", new MultiBinary(2),
                "choice", new Discrete(3, -1),
                "levels", new MultiDiscrete(new int[] {2, 4}, new int[] {0, -1})));
        private final EnvSpec spec = new EnvSpec("DictZoo-v0", 50, null, Map.of(), List.of(), 0, null);
        private SplittableRandom rng = new SplittableRandom(0);
        private double[] pos;
        private int t;
        private Map<String, Object> last;

        @Override
        public Reset<Map<String, Object>> reset(Long seed, Map<String, ?> options) {
            if (seed != null) {
                rng = new SplittableRandom(seed);
            }
            pos = new double[] {rng.nextDouble(-1, 1), rng.nextDouble(-1, 1)};
            t = 0;
            last = new LinkedHashMap<>(Map.of("move", new double[2], "flags", new int[2], "choice", -1,
                    "levels", new int[] {0, -1}));
            return new Reset<>(observation(), Map.of("seed", seed == null ? -1 : seed));
        }

        @Override
        public Step<Map<String, Object>> step(Map<String, Object> action) {
            Map<String, Object> a = act.require(action, "step(action) of DictZoo-v0");
            double[] move = (double[]) a.get("move");
            pos = new double[] {pos[0] + move[0], pos[1] + move[1]};
            t++;
            last = a;
            double reward = -Math.hypot(pos[0], pos[1]);
            boolean terminated = Math.abs(pos[0]) > 10 || Math.abs(pos[1]) > 10;
            return new Step<>(observation(), reward, terminated, false, Map.of("t", t, "pos", pos.clone()));
        }

        private Map<String, Object> observation() {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("pos", pos.clone());
            o.put("echo", new LinkedHashMap<>(last));
            o.put("t", t);
            return o;
        }

        @Override
        public Space<Map<String, Object>> observationSpace() {
            return obs;
        }

        @Override
        public Space<Map<String, Object>> actionSpace() {
            return act;
        }

        @Override
        public EnvSpec spec() {
            return spec;
        }

        @Override
        public void close() {
            // no resources
        }
    }

    /** MultiBinary observations, MultiDiscrete actions, and rgb_array frames of the observation bits. */
    static final class FlatZoo implements Env<int[], int[]> {
        private final MultiBinary obs = new MultiBinary(2, 3);
        private final MultiDiscrete act = new MultiDiscrete(new int[] {3, 3}, new int[] {0, 1});
        private final EnvSpec spec = new EnvSpec("FlatZoo-v0", 20, 5.0, Map.of(), List.of("rgb_array"), 10, null);
        private int[] bits = new int[6];

        @Override
        public Reset<int[]> reset(Long seed, Map<String, ?> options) {
            bits = new int[6];
            if (seed != null) {
                bits[(int) Math.floorMod(seed, 6)] = 1;
            }
            return new Reset<>(bits.clone(), Map.of());
        }

        @Override
        public Step<int[]> step(int[] action) {
            int[] a = act.require(action, "step(action) of FlatZoo-v0");
            bits = new int[6];
            bits[a[0]] = 1;            // 0..2
            bits[a[1] + 2] = 1;        // 1..3 -> 3..5
            return new Step<>(bits.clone(), a[0] + a[1], false, false, Map.of());
        }

        @Override
        public Optional<RenderFrame> render() {
            byte[] rgb = new byte[3 * 2 * 3];
            for (int i = 0; i < 6; i++) {
                rgb[3 * i] = (byte) (bits[i] * 255);
                rgb[3 * i + 1] = (byte) i;
                rgb[3 * i + 2] = 7;
            }
            return Optional.of(new RenderFrame(3, 2, rgb));
        }

        @Override
        public Space<int[]> observationSpace() {
            return obs;
        }

        @Override
        public Space<int[]> actionSpace() {
            return act;
        }

        @Override
        public EnvSpec spec() {
            return spec;
        }

        @Override
        public void close() {
            // no resources
        }
    }
}
