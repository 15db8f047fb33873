package io.github.jmegym.envs.vector;

import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.EnvSpec;
import io.github.jmegym.envs.spaces.Space;
import java.util.List;
import java.util.Map;

/**
 * {@link #numEnvs()} independent envs stepped together, as Gymnasium 1.x's {@code VectorEnv}.
 *
 * <p>{@link #reset(Long, Map)} seeds sub-env {@code i} with {@code seed + i}. Finished sub-envs restart as
 * {@link #autoresetMode()} says: {@link AutoresetMode#NEXT_STEP} (default) resets on the following step, which
 * ignores that sub-env's action and returns its first observation with reward 0; {@link AutoresetMode#SAME_STEP}
 * resets inside the ending step and puts the last observation and info under the info keys
 * {@value #FINAL_OBS} and {@value #FINAL_INFO}; {@link AutoresetMode#DISABLED} leaves restarting to
 * {@link #reset(Long, Map)} with the option {@value #RESET_MASK}.
 *
 * @param <O> observation type of one sub-env
 * @param <A> action type of one sub-env
 */
public interface VectorEnv<O, A> extends AutoCloseable {
    /** Info key (same-step mode) holding the final observation of a sub-env that just ended. */
    String FINAL_OBS = "final_obs";
    /** Info key (same-step mode) holding the final info of a sub-env that just ended. */
    String FINAL_INFO = "final_info";
    /** Reset option: a {@code boolean[]} of which sub-envs to reset (others keep running and return null). */
    String RESET_MASK = "reset_mask";

    /** Number of sub-envs. */
    int numEnvs();

    /**
     * Resets the sub-envs: {@code seed + i} for sub-env {@code i} when a seed is given; the options go to every
     * sub-env, except {@value #RESET_MASK}, which selects the sub-envs to reset.
     */
    VectorReset<O> reset(Long seed, Map<String, ?> options);

    /** {@code reset(null, Map.of())}. */
    default VectorReset<O> reset() {
        return reset(null, Map.of());
    }

    /** {@code reset(seed, Map.of())}. */
    default VectorReset<O> reset(long seed) {
        return reset(seed, Map.of());
    }

    /** Steps every sub-env with its action ({@code actions.size() == numEnvs()}). */
    VectorStep<O> step(List<A> actions);

    /** The observation space of one sub-env. */
    Space<O> singleObservationSpace();

    /** The action space of one sub-env. */
    Space<A> singleActionSpace();

    /** The batched observation space ({@link io.github.jmegym.envs.spaces.Spaces#batch}). */
    Space<?> observationSpace();

    /** The batched action space. */
    Space<?> actionSpace();

    /** How finished sub-envs restart. */
    AutoresetMode autoresetMode();

    /** The spec of the sub-envs. */
    EnvSpec spec();

    /**
     * The names of the agents behind the sub-envs, in sub-env order and all different, when the sub-envs are agents
     * of one scene; otherwise empty (the default).
     */
    default java.util.List<String> agentNames() {
        return java.util.List.of();
    }

    /** Closes every sub-env; calling it again does nothing. */
    @Override
    void close();
}
