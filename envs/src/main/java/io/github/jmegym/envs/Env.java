package io.github.jmegym.envs;

import io.github.jmegym.envs.spaces.Space;
import java.util.Map;
import java.util.Optional;

/**
 * A reinforcement-learning environment with Gymnasium 1.x semantics.
 *
 * <p>{@link #reset(Long, Map)} starts an episode; {@link #step(Object)} advances it. {@code terminated} means the
 * MDP reached a terminal state (no bootstrapping past it); {@code truncated} means something outside the MDP, such
 * as a time limit, cut the episode. {@code reset} reseeds the env's generator only when given a seed; without one
 * it continues the current random stream. A step with an action outside {@link #actionSpace()} throws
 * {@link IllegalArgumentException} and leaves the env exactly as it was.
 *
 * <p>Envs are not thread-safe: one thread drives one env (vector envs give each sub-env its own thread).
 *
 * @param <O> observation type (see {@link Space} for the element types)
 * @param <A> action type
 */
public interface Env<O, A> extends AutoCloseable {

    /**
     * Starts a new episode.
     *
     * @param seed reseeds the env's generator when not {@code null}
     * @param options env-specific options (e.g. {@code "state"} for an explicit initial state); unknown keys throw
     */
    Reset<O> reset(Long seed, Map<String, ?> options);

    /** {@code reset(null, Map.of())}: a new episode continuing the current random stream. */
    default Reset<O> reset() {
        return reset(null, Map.of());
    }

    /** {@code reset(seed, Map.of())}. */
    default Reset<O> reset(long seed) {
        return reset(seed, Map.of());
    }

    /** Advances the episode by one action. */
    Step<O> step(A action);

    /** The space observations lie in. */
    Space<O> observationSpace();

    /** The space actions must lie in. */
    Space<A> actionSpace();

    /** The registration this env was made from (id, time limit, reward threshold, metadata). */
    EnvSpec spec();

    /** A frame of the current state when the env was made with an {@code rgb_array} render mode. */
    default Optional<RenderFrame> render() {
        return Optional.empty();
    }

    /** Releases the env's resources; calling it again does nothing. */
    @Override
    void close();

    /** The innermost env below all wrappers. */
    default Env<O, A> unwrapped() {
        return this;
    }
}
