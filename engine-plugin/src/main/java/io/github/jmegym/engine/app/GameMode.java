package io.github.jmegym.engine.app;

/** Who drives the agents of a scene inside a running game ({@link TrainingAppState}). */
public enum GameMode {
    /** PPO chooses the actions and learns from them while the game runs. */
    TRAINING,
    /** The trained (or loaded) policy drives every agent, deterministically (the mode of its action distribution). */
    INFERENCE,
    /** Each agent's own {@link io.github.jmegym.engine.AgentControl#heuristic(double[])} (scripted or player) drives it. */
    HEURISTIC,
    /** A remote client (Python through the bridge) drives the scene one decision per call; the game does not tick it. */
    REMOTE
}
