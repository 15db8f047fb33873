package io.github.jmegym.engine;

import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.EnvSpec;
import io.github.jmegym.envs.Kwargs;
import io.github.jmegym.envs.spaces.Space;
import io.github.jmegym.envs.spaces.Spaces;
import io.github.jmegym.envs.vector.SubEnvException;
import io.github.jmegym.envs.vector.VectorEnv;
import io.github.jmegym.envs.vector.VectorReset;
import io.github.jmegym.envs.vector.VectorStep;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several agents in one scene sharing one policy, as a {@link VectorEnv} with one sub-env per agent (in
 * scene-graph order). All agents must declare equal spaces. One {@code step} applies every agent's action and runs
 * one decision interval of the shared world. An agent whose episode ends starts a new one on its own
 * ({@link AgentControl#onEpisodeBegin}) while the others keep going: in {@link AutoresetMode#NEXT_STEP} mode at
 * the next step (its action is ignored, its reward is 0 and the observation returned is its first of the new
 * episode, taken after the shared world ran that step's interval), in {@link AutoresetMode#SAME_STEP} mode at
 * once. The spec's time limit truncates each agent's episode after that many steps. The per-agent bookkeeping (episode
 * ends, the time limit, restarts) is the game loop's, {@link AgentEpisodes}.
 *
 * <p>Failures are handled as in {@link io.github.jmegym.envs.vector.BaseVectorEnv}, for every {@link Throwable}
 * (runtime exceptions and errors alike): when an agent's own part of a step throws (applying its action, its
 * restart, collecting its observation and reward), the other agents still complete the step, the failed agent
 * restarts at the next step (in disabled mode: after a reset with {@value #RESET_MASK}) and the call throws a
 * {@link SubEnvException} naming it. When the shared world itself fails while advancing, or a reset fails, no agent
 * can go on from a consistent state: the call throws and the next {@code step} requires a full {@code reset()}.
 *
 * @param <A> the agents' action type
 */
public final class MultiAgentVectorEnv<A> implements VectorEnv<double[], A> {
    private final EnvSpec spec;
    private final WorldSimulation sim;
    private final AutoresetMode autoresetMode;
    private final int n;
    private final Space<double[]> observationSpace;
    private final Space<A> actionSpace;
    private final AgentEpisodes episodes;
    private boolean started;

    /**
     * Builds the world.
     *
     * @throws IllegalArgumentException when the scene has no agent or agents with different spaces
     */
    @SuppressWarnings("unchecked")
    public MultiAgentVectorEnv(EnvSpec spec, GameWorld world, SimulationConfig config, AutoresetMode mode) {
        this.spec = spec;
        this.autoresetMode = mode == null ? spec.autoresetMode() : mode;
        this.sim = new WorldSimulation(world, config);
        List<AgentControl<?>> agents = sim.agents();
        try {
            if (agents.isEmpty()) {
                throw new IllegalArgumentException(spec.id() + ": the scene built by " + world.name()
                        + " has no agent; add an AgentControl to each NPC spatial in build()");
            }
            AgentControl<?> first = agents.get(0);
            for (AgentControl<?> a : agents) {
                if (!a.observationSpace().equals(first.observationSpace()) || !a.actionSpace().equals(first.actionSpace())) {
                    throw new IllegalArgumentException(spec.id() + ": " + a.describe() + " has spaces "
                            + a.observationSpace() + " / " + a.actionSpace() + " but " + first.describe() + " has "
                            + first.observationSpace() + " / " + first.actionSpace()
                            + "; agents sharing one policy need equal spaces");
                }
            }
        } catch (IllegalArgumentException e) {
            sim.close();
            throw e;
        }
        this.n = agents.size();
        this.observationSpace = agents.get(0).observationSpace();
        this.actionSpace = (Space<A>) agents.get(0).actionSpace();
        this.episodes = new AgentEpisodes(sim, spec.maxEpisodeSteps() == null ? 0 : spec.maxEpisodeSteps());
    }

    @Override
    public int numEnvs() {
        return n;
    }

    @Override
    public VectorReset<double[]> reset(Long seed, Map<String, ?> options) {
        return sim.call(() -> resetHere(seed, options));
    }

    private VectorReset<double[]> resetHere(Long seed, Map<String, ?> options) {
        Kwargs o = new Kwargs(options, "reset(options) of " + spec.id() + " (multi-agent vector)");
        boolean[] mask = null;
        if (o.has(RESET_MASK)) {
            if (!(o.raw(RESET_MASK) instanceof boolean[] m) || m.length != n) {
                throw new IllegalArgumentException("reset(options) of " + spec.id() + ": " + RESET_MASK
                        + " must be a boolean[" + n + "], got " + o.raw(RESET_MASK));
            }
            mask = m.clone();
        }
        o.requireAllUsed();
        try {
            return resetAgents(seed, mask);
        } catch (Throwable t) { // the world is half reset: only a full reset can follow
            started = false;
            throw t;
        }
    }

    private VectorReset<double[]> resetAgents(Long seed, boolean[] mask) {
        if (mask == null || !started) {
            episodes.resetAll(sim, seed);
            started = true;
            mask = null;
        } else {
            for (int i = 0; i < n; i++) {
                if (mask[i]) {
                    episodes.reset(sim, i, seed == null ? null : seed + i);
                }
            }
        }
        List<double[]> obs = new ArrayList<>(n);
        List<Map<String, Object>> infos = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            obs.add(mask == null || mask[i] ? sim.observe(i, "reset() of " + spec.id()) : null);
            infos.add(Map.of());
        }
        return new VectorReset<>(obs, infos);
    }

    @Override
    public VectorStep<double[]> step(List<A> actions) {
        return sim.call(() -> stepHere(actions));
    }

    private VectorStep<double[]> stepHere(List<A> actions) {
        String where = "step(actions) of " + spec.id();
        if (actions == null || actions.size() != n) {
            throw new IllegalArgumentException(where + ": got " + (actions == null ? "null" : actions.size() + " actions")
                    + "; expected one per agent (" + n + ")");
        }
        if (!started) {
            throw new IllegalStateException(where + ": call reset() first");
        }
        boolean[] restart = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (episodes.ended(i)) {
                if (autoresetMode == AutoresetMode.DISABLED) {
                    throw new IllegalStateException(where + ": " + sim.agents().get(i).describe()
                            + " ended its episode; reset it with the option " + RESET_MASK + " first");
                }
                restart[i] = true;
            } else {
                sim.checkAction(i, actions.get(i), where + "[" + i + "]");
            }
        }
        Throwable[] failed = new Throwable[n];
        for (int i = 0; i < n; i++) {
            try {
                if (restart[i]) {
                    episodes.restartIfEnded(sim, i);
                } else {
                    sim.applyAction(i, actions.get(i), where + "[" + i + "]");
                }
            } catch (Throwable t) { // an Error of one agent must not skip the others
                failed[i] = t;
            }
        }
        try {
            sim.advance();
        } catch (Throwable t) {
            started = false;
            throw new IllegalStateException(where + ": the shared world failed while advancing (" + t
                    + "); no agent can go on from it: call reset()", t);
        }
        List<double[]> obs = new ArrayList<>(n);
        double[] rewards = new double[n];
        boolean[] terminated = new boolean[n];
        boolean[] truncated = new boolean[n];
        List<Map<String, Object>> infos = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (failed[i] == null) {
                try {
                    collect(i, restart[i], where, obs, rewards, terminated, truncated, infos);
                    continue;
                } catch (Throwable t) {
                    failed[i] = t;
                }
            }
            episodes.abandon(i); // restarts at the next step, as after an episode end
            obs.add(null);
            infos.add(Map.of());
        }
        SubEnvException first = SubEnvException.firstOf(Arrays.asList(failed), where,
                i -> " (" + sim.agents().get(i).describe() + ")", autoresetMode == AutoresetMode.DISABLED
                        ? "; reset it with the option " + RESET_MASK + " (the other agents stepped)"
                        : "; it restarts at the next step (the other agents stepped)");
        if (first != null) {
            throw first;
        }
        return new VectorStep<>(obs, rewards, terminated, truncated, infos);
    }

    /**
     * Agent i's part of the step's result, appended to the lists; restarts it at once in same-step mode. The step
     * of an agent restarted at this step counts nothing (reward 0, its first observation of the new episode).
     */
    private void collect(int i, boolean restarted, String where, List<double[]> obs, double[] rewards,
                         boolean[] terminated, boolean[] truncated, List<Map<String, Object>> infos) {
        if (restarted) {
            AgentStep a = sim.collect(i, where);
            obs.add(a.observation());
            infos.add(a.info());
            return;
        }
        AgentStep a = episodes.collect(sim, i, where);
        rewards[i] = a.reward();
        terminated[i] = a.terminated();
        truncated[i] = a.truncated();
        if (episodes.ended(i) && autoresetMode == AutoresetMode.SAME_STEP) {
            Map<String, Object> withFinal = new LinkedHashMap<>();
            withFinal.put(FINAL_OBS, a.observation());
            withFinal.put(FINAL_INFO, a.info());
            episodes.restartIfEnded(sim, i);
            obs.add(sim.observe(i, where));
            infos.add(withFinal);
        } else {
            obs.add(a.observation());
            infos.add(a.info());
        }
    }

    @Override
    public Space<double[]> singleObservationSpace() {
        return observationSpace;
    }

    @Override
    public Space<A> singleActionSpace() {
        return actionSpace;
    }

    @Override
    public Space<?> observationSpace() {
        return Spaces.batch(observationSpace, n);
    }

    @Override
    public Space<?> actionSpace() {
        return Spaces.batch(actionSpace, n);
    }

    @Override
    public AutoresetMode autoresetMode() {
        return autoresetMode;
    }

    @Override
    public EnvSpec spec() {
        return spec;
    }

    /** The agents' names ({@link AgentControl#agentName()}, distinct in a scene) in sub-env order. */
    @Override
    public List<String> agentNames() {
        return sim.agents().stream().map(AgentControl::agentName).toList();
    }

    /** The shared simulation (scene graph, physics space, agents). */
    public WorldSimulation simulation() {
        return sim;
    }

    @Override
    public void close() {
        sim.close();
    }
}
