package io.github.jmegym.engine;

import java.util.Map;

/**
 * What one agent reports after a decision interval ({@link WorldSimulation#collect(int, String)}).
 *
 * @param observation the observation, checked against the agent's space
 * @param reward the rewards added during the interval, summed
 * @param terminated whether the agent called {@link AgentControl#endEpisode()}
 * @param truncated whether the agent called {@link AgentControl#interruptEpisode()}
 * @param info what the agent put with {@link AgentControl#putInfo(String, Object)} during the interval
 */
public record AgentStep(double[] observation, double reward, boolean terminated, boolean truncated,
                        Map<String, Object> info) {
}
