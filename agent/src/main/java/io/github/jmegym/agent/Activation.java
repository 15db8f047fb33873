package io.github.jmegym.agent;

/** Hidden-layer activation of the policy and value networks. */
public enum Activation {
    /** Hyperbolic tangent (SB3's default for PPO). */
    TANH,
    /** Rectified linear unit. */
    RELU
}
