package io.github.jmegym.engine;

import java.util.Arrays;

/**
 * The one per-agent episode collector of a world whose agents restart alone: an agent's episode ends when the world
 * says so ({@link AgentControl#endEpisode()}: terminated, {@link AgentControl#interruptEpisode()}: truncated) or when
 * it has taken {@code timeLimit} decisions (truncated, as a registry's time limit does; never truncated when it
 * terminated), and the agent starts a new episode ({@link WorldSimulation#resetAgent}, its seeded stream continuing:
 * {@link #restartEnded} before the next decision, or {@link #restartIfEnded} at once) while the others keep going.
 * The decision count and return are the agent's own ({@link AgentControl#episodeSteps()},
 * {@link AgentControl#episodeReturn()}). Everything that steps a world's agents one episode each uses it, on the
 * world thread: the game loop ({@code TrainingAppState}, {@code InferenceAppState}) and {@link MultiAgentVectorEnv}.
 */
public final class AgentEpisodes {
    private final int timeLimit;
    private final boolean[] ended;
    private final double[] lastReturn;
    private long episodesEnded;
    private double returnSum;

    /**
     * @param sim the world whose agents to follow (every agent, in {@link WorldSimulation#agents()} order)
     * @param timeLimit decisions after which an episode is truncated ({@code >= 0}; 0 = no limit)
     */
    public AgentEpisodes(WorldSimulation sim, int timeLimit) {
        if (timeLimit < 0) {
            throw new IllegalArgumentException("AgentEpisodes(" + sim.world().name() + "): timeLimit=" + timeLimit
                    + "; expected >= 0 decisions (0 = no limit)");
        }
        this.timeLimit = timeLimit;
        this.ended = new boolean[sim.agents().size()];
        this.lastReturn = new double[ended.length];
        Arrays.fill(lastReturn, Double.NaN);
    }

    /** Resets the whole world ({@link WorldSimulation#reset}): every agent starts a new episode. */
    public void resetAll(WorldSimulation sim, Long seed) {
        sim.reset(seed);
        Arrays.fill(ended, false);
    }

    /** Starts a new episode for agent {@code i} now, ended or not ({@link WorldSimulation#resetAgent}). */
    public void reset(WorldSimulation sim, int i, Long seed) {
        sim.resetAgent(i, seed);
        ended[i] = false;
    }

    /** Starts a new episode for every agent whose episode ended at its last {@link #collect}; call before a decision. */
    public void restartEnded(WorldSimulation sim) {
        for (int i = 0; i < ended.length; i++) {
            restartIfEnded(sim, i);
        }
    }

    /**
     * Starts a new episode for agent {@code i} now if its episode ended at its last {@link #collect} (or was
     * {@linkplain #abandon abandoned}); returns whether it did.
     */
    public boolean restartIfEnded(WorldSimulation sim, int i) {
        return restartIfEnded(i, () -> sim.resetAgent(i, null));
    }

    /**
     * Starts a new episode for agent {@code i} now with {@code restart} instead of {@link WorldSimulation#resetAgent}
     * (e.g. a seeded reset of a whole one-agent scene, so that the episode replays from its seed) if its episode
     * ended at its last {@link #collect}; returns whether it did. When {@code restart} throws, the episode stays ended.
     */
    public boolean restartIfEnded(int i, Runnable restart) {
        if (!ended[i]) {
            return false;
        }
        restart.run();
        ended[i] = false;
        return true;
    }

    /**
     * Agent {@code i}'s step after a decision ({@link WorldSimulation#collect}), {@code truncated} also when the
     * episode reached the time limit, and never when it terminated; notes whether the episode ended.
     */
    public AgentStep collect(WorldSimulation sim, int i, String where) {
        AgentStep s = sim.collect(i, where);
        AgentControl<?> agent = sim.agents().get(i);
        boolean timeUp = timeLimit > 0 && agent.episodeSteps() >= timeLimit;
        boolean truncated = !s.terminated() && (s.truncated() || timeUp);
        if (truncated != s.truncated()) {
            s = new AgentStep(s.observation(), s.reward(), s.terminated(), truncated, s.info());
        }
        ended[i] = s.terminated() || s.truncated();
        if (ended[i]) {
            episodesEnded++;
            lastReturn[i] = agent.episodeReturn();
            returnSum += lastReturn[i];
        }
        return s;
    }

    /**
     * Gives up agent {@code i}'s episode without counting it as ended (its step failed): it restarts at the next
     * {@link #restartIfEnded}, as after an episode end.
     */
    public void abandon(int i) {
        ended[i] = true;
    }

    /** Whether agent {@code i}'s episode ended at its last {@link #collect} (it restarts at the next decision). */
    public boolean ended(int i) {
        return ended[i];
    }

    /** Episodes ended so far, over all agents. */
    public long episodesEnded() {
        return episodesEnded;
    }

    /** The return of agent {@code i}'s last ended episode, or NaN before its first ended. */
    public double lastReturn(int i) {
        return lastReturn[i];
    }

    /** The mean return of every episode ended so far, or NaN before the first. */
    public double meanReturn() {
        return episodesEnded == 0 ? Double.NaN : returnSum / episodesEnded;
    }
}
