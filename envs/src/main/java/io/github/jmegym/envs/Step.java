package io.github.jmegym.envs;

import java.util.Map;

/**
 * What {@link Env#step(Object)} returns.
 *
 * @param observation the observation after the action
 * @param reward the reward for the transition
 * @param terminated whether a terminal state of the MDP was reached (do not bootstrap)
 * @param truncated whether the episode was cut from outside the MDP, e.g. by a time limit (bootstrap)
 * @param info auxiliary diagnostics (never {@code null})
 * @param <O> observation type
 */
public record Step<O>(O observation, double reward, boolean terminated, boolean truncated, Map<String, Object> info) {
    /** Validates that the info map is present. */
    public Step {
        if (info == null) {
            throw new IllegalArgumentException("Step: info is null; use Map.of()");
        }
    }

    /** Whether the episode is over for either reason. */
    public boolean done() {
        return terminated || truncated;
    }
}
