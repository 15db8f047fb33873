package io.github.jmegym.engine;

/**
 * What an agent's own brain did at one decision ({@link WorldSimulation#decideAndApply(int, String)}).
 *
 * @param observation the observation the brain saw
 * @param action the action it chose (already applied)
 */
public record Decision(double[] observation, Object action) {
}
