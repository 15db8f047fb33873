package io.github.jmegym.engine.app;

import io.github.jmegym.engine.AgentStep;
import io.github.jmegym.engine.WorldSimulation;

/**
 * Follows the episodes of a one-agent scene that a {@link TrainingAppState} runs, decision by decision, e.g. to
 * record them ({@code io.github.jmegym.engine.record.PlayRecorder}). With an observer attached, every episode (the
 * first, the one after an episode end, the one after a mode switch) starts with a full reset of the scene with the
 * seed {@link #nextSeed()} gives, so that each episode can be re-simulated from its seed and its actions alone.
 *
 * <p>Thread rules: every method runs on the simulation's own thread (inside the state's frame work), except
 * {@link #close()}, which the state calls from {@code cleanup} once the simulation is idle.
 */
public interface EpisodeObserver extends AutoCloseable {
    /** The seed of the next episode's reset. */
    long nextSeed();

    /** The scene was just reset with {@code seed}: an episode starts (the previous one, if any, is over). */
    void started(WorldSimulation sim, long seed);

    /**
     * The agent took {@code action} and {@code step} followed; {@code step} is truncated also where the state's time
     * limit cut the episode.
     */
    void stepped(WorldSimulation sim, Object action, AgentStep step);

    /** The game stopped: ends what is in progress. */
    @Override
    void close();
}
