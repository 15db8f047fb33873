package io.github.jmegym.engine;

/**
 * Chooses an agent's action from its observation: a trained policy in inference mode, or any scripted brain.
 *
 * @param <A> the agent's action type
 */
@FunctionalInterface
public interface ActionSource<A> {
    /**
     * @param observation the agent's current observation (length of its observation space)
     * @return an action in the agent's action space
     */
    A act(double[] observation);
}
