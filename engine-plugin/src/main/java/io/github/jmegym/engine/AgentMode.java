package io.github.jmegym.engine;

/** Who chooses an {@link AgentControl}'s actions. */
public enum AgentMode {
    /** An {@link io.github.jmegym.envs.Env} adapter (a trainer or Python) sends the actions. Default. */
    EXTERNAL,
    /** The agent's own {@link AgentControl#heuristic(double[])} (scripted or keyboard) chooses. */
    HEURISTIC,
    /** A trained policy set with {@link AgentControl#setPolicy(ActionSource)} chooses. */
    INFERENCE
}
