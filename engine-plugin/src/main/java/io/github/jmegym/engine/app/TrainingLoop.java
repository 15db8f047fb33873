package io.github.jmegym.engine.app;

import io.github.jmegym.agent.PpoConfig;
import io.github.jmegym.agent.PpoTrainer;
import io.github.jmegym.engine.AgentControl;
import io.github.jmegym.engine.AgentStep;
import io.github.jmegym.engine.WorldSimulation;
import java.util.ArrayList;
import java.util.List;

/**
 * In-game training: a {@link DecisionLoop} that trains one PPO policy shared by every agent of a running world
 * through the trainer's game-loop API ({@link PpoTrainer#act(List)} before each decision,
 * {@link PpoTrainer#report} after it). Drive it with a {@link SimulationAppState} in a window (watch the NPCs learn)
 * or headless. An agent whose episode ends (or reaches the time limit) restarts alone at the next decision; the
 * update runs on the world thread when a rollout is full ({@link PpoConfig#updateMode()} decides whether the frame
 * waits for it).
 */
public final class TrainingLoop implements DecisionLoop {
    private final PpoTrainer trainer;
    private final AgentEpisodes episodes;
    private final long totalSteps;
    private final int n;

    /**
     * @param sim the world (all agents must share spaces; in {@code EXTERNAL} mode)
     * @param config PPO settings; {@code nEnvs} is set to the number of agents, and the batch size to the rollout
     *               size when it does not divide it
     * @param seed the trainer's seed
     * @param timeLimit decisions after which an episode is truncated (0 = none)
     * @param totalSteps agent steps (summed over agents) after which the loop stops
     */
    public TrainingLoop(WorldSimulation sim, PpoConfig config, long seed, int timeLimit, long totalSteps) {
        List<AgentControl<?>> agents = sim.agents();
        if (agents.isEmpty()) {
            throw new IllegalArgumentException("TrainingLoop: the world " + sim.world().name() + " has no agent");
        }
        this.n = agents.size();
        int rollout = n * config.nSteps();
        PpoConfig c = config.withNEnvs(n).withTotalSteps(Math.max(totalSteps, 1));
        if (rollout % c.batchSize() != 0) {
            c = c.withBatchSize(rollout);
        }
        AgentControl<?> first = agents.get(0);
        this.trainer = PpoTrainer.forSpaces(first.observationSpace(), first.actionSpace(), c, seed);
        this.episodes = new AgentEpisodes(sim, timeLimit);
        this.totalSteps = totalSteps;
    }

    /** The trainer (its policy, statistics and checkpoints). */
    public PpoTrainer trainer() {
        return trainer;
    }

    @Override
    public void beforeDecision(WorldSimulation sim, long index) {
        episodes.restartEnded(sim);
        List<Object> obs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            obs.add(sim.observe(i, "TrainingLoop decision " + index));
        }
        List<Object> actions = trainer.act(obs);
        for (int i = 0; i < n; i++) {
            sim.applyAction(i, actions.get(i), "TrainingLoop decision " + index);
        }
    }

    @Override
    public boolean afterDecision(WorldSimulation sim, long index) {
        double[] rewards = new double[n];
        boolean[] terminated = new boolean[n];
        boolean[] truncated = new boolean[n];
        List<Object> finals = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            AgentStep r = episodes.collect(sim, i, "TrainingLoop decision " + index);
            rewards[i] = r.reward();
            terminated[i] = r.terminated();
            truncated[i] = !r.terminated() && r.truncated();
            finals.add(truncated[i] ? r.observation() : null);
        }
        trainer.report(rewards, terminated, truncated, finals);
        return trainer.totalSteps() < totalSteps;
    }
}
