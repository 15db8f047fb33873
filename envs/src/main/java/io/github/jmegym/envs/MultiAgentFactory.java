package io.github.jmegym.envs;

import io.github.jmegym.envs.vector.VectorEnv;
import java.util.Map;

/**
 * Builds one scene holding several agents as a vector env with one sub-env per agent: what
 * {@link Envs#makeVec(String, int, io.github.jmegym.envs.vector.VectorMode, AutoresetMode, Map)} calls when it is
 * given the kwarg {@value Envs#AGENTS}.
 */
@FunctionalInterface
public interface MultiAgentFactory {
    /**
     * @param agents the number of agents in the scene ({@code >= 1}; the factory rejects more than its world holds)
     * @param kwargs the spec's default kwargs overlaid with the caller's, without {@value Envs#AGENTS} and
     *               {@value Envs#MAX_EPISODE_STEPS}; the factory rejects unknown keys (see {@link Kwargs})
     * @param spec the spec the scene is made under (its time limit truncates each agent's episode)
     * @param mode how an agent whose episode ended restarts (never null)
     * @return a vector env with exactly {@code agents} sub-envs
     */
    VectorEnv<?, ?> create(int agents, Map<String, Object> kwargs, EnvSpec spec, AutoresetMode mode);
}
