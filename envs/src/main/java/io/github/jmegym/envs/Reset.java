package io.github.jmegym.envs;

import java.util.Map;

/**
 * What {@link Env#reset(Long, Map)} returns.
 *
 * @param observation the first observation of the episode
 * @param info auxiliary diagnostics (never {@code null})
 * @param <O> observation type
 */
public record Reset<O>(O observation, Map<String, Object> info) {
    /** Validates that the info map is present. */
    public Reset {
        if (info == null) {
            throw new IllegalArgumentException("Reset: info is null; use Map.of()");
        }
    }
}
