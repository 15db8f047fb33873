package io.github.jmegym.engine.bc;

import io.github.jmegym.engine.WorldEnv;
import io.github.jmegym.engine.record.RecordEpisodes;
import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.Step;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Records episodes of an engine world's heuristic brain as demonstrations (what {@code jmegym record} does). */
public final class HeuristicDemos {
    private HeuristicDemos() {
    }

    /**
     * Records {@code episodes} heuristic episodes of {@code envId} into {@code dir}, the first reset seeded with
     * {@code seed}.
     *
     * @return the files written
     * @throws IllegalArgumentException when the env is not an engine world
     */
    @SuppressWarnings("unchecked")
    public static List<Path> record(String envId, Path dir, int episodes, long seed) {
        Env<double[], Object> base = (Env<double[], Object>) (Env<?, ?>) Envs.make(envId, Map.of());
        try (RecordEpisodes<Object> env = new RecordEpisodes<>(base, dir, RecordEpisodes.always(), seed)) {
            if (!(env.unwrapped() instanceof WorldEnv<?> w)) {
                throw new IllegalArgumentException("HeuristicDemos(" + envId + "): not an engine world with a heuristic");
            }
            WorldEnv<Object> world = (WorldEnv<Object>) w;
            for (int e = 0; e < episodes; e++) {
                double[] obs = (e == 0 ? env.reset(seed, Map.of()) : env.reset()).observation();
                Step<double[]> s;
                do {
                    s = env.step(world.agent().heuristic(obs));
                    obs = s.observation();
                } while (!s.terminated() && !s.truncated());
            }
            return env.written();
        }
    }
}
