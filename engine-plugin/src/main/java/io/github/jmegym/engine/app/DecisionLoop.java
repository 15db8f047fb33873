package io.github.jmegym.engine.app;

import io.github.jmegym.engine.WorldSimulation;

/** What happens at the decision boundaries of a {@link SimulationAppState}: choose actions before, read results after. */
public interface DecisionLoop {
    /**
     * Called before the ticks of decision {@code index}: apply one action per agent (or reset agents).
     *
     * @param sim the simulation
     * @param index decisions started so far (0 for the first)
     */
    void beforeDecision(WorldSimulation sim, long index);

    /**
     * Called after the last tick of decision {@code index}: read observations, rewards, episode ends.
     *
     * @param sim the simulation
     * @param index the decision that just finished
     * @return false to stop driving the simulation
     */
    boolean afterDecision(WorldSimulation sim, long index);
}
