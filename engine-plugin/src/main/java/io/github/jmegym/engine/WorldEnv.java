package io.github.jmegym.engine;

import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.EnvSpec;
import io.github.jmegym.envs.Kwargs;
import io.github.jmegym.envs.Reset;
import io.github.jmegym.envs.Step;
import io.github.jmegym.envs.spaces.Space;
import java.util.Map;

/**
 * A {@link GameWorld} with exactly one agent as an {@link Env}: {@code reset} resets the world, {@code step}
 * applies the agent's action and runs one decision interval of fixed physics ticks headless. Each instance owns
 * its scene graph and physics space, so N instances are N independent worlds (a threaded vector env may step
 * them in parallel). Worlds with several agents sharing one policy are {@link MultiAgentVectorEnv}s.
 *
 * @param <A> the agent's action type
 */
public final class WorldEnv<A> implements Env<double[], A> {
    private final EnvSpec spec;
    private final WorldSimulation sim;
    private final AgentControl<A> agent;
    private boolean needsReset = true;

    /**
     * Builds the world.
     *
     * @throws IllegalArgumentException when the scene has no agent or more than one
     */
    @SuppressWarnings("unchecked")
    public WorldEnv(EnvSpec spec, GameWorld world, SimulationConfig config) {
        this.spec = spec;
        this.sim = new WorldSimulation(world, config);
        try {
            if (sim.agents().isEmpty()) {
                throw new IllegalArgumentException(spec.id() + ": the scene built by " + world.name()
                        + " has no agent; add an AgentControl to the NPC spatial (npc.addControl(agent)) in build()");
            }
            if (sim.agents().size() > 1) {
                throw new IllegalArgumentException(spec.id() + ": the scene built by " + world.name() + " has "
                        + sim.agents().size() + " agents (" + sim.agents().get(0).describe() + ", "
                        + sim.agents().get(1).describe() + ", ...); an Env drives one: use MultiAgentVectorEnv");
            }
        } catch (IllegalArgumentException e) {
            sim.close();
            throw e;
        }
        this.agent = (AgentControl<A>) sim.agents().get(0);
    }

    @Override
    public Reset<double[]> reset(Long seed, Map<String, ?> options) {
        new Kwargs(options, "reset(options) of " + spec.id()).requireAllUsed();
        double[] obs = sim.call(() -> {
            sim.reset(seed);
            return sim.observe(0, "reset() of " + spec.id());
        });
        needsReset = false;
        return new Reset<>(obs, Map.of());
    }

    @Override
    public Step<double[]> step(A action) {
        String where = "step(action) of " + spec.id();
        sim.checkAction(0, action, where);
        if (needsReset) {
            throw new IllegalStateException(where + " (" + agent.describe()
                    + "): the episode has ended or never started; call reset() first");
        }
        AgentStep r = sim.call(() -> {
            sim.applyAction(0, action, where);
            sim.advance();
            return sim.collect(0, where);
        });
        needsReset = r.terminated() || r.truncated();
        return new Step<>(r.observation(), r.reward(), r.terminated(), r.truncated(), r.info());
    }

    @Override
    public Space<double[]> observationSpace() {
        return agent.observationSpace();
    }

    @Override
    public Space<A> actionSpace() {
        return agent.actionSpace();
    }

    @Override
    public EnvSpec spec() {
        return spec;
    }

    /** The simulation behind this env (its scene graph, physics space and agent), e.g. to show it in a window. */
    public WorldSimulation simulation() {
        return sim;
    }

    /** The one agent. */
    public AgentControl<A> agent() {
        return agent;
    }

    @Override
    public void close() {
        sim.close();
    }

    @Override
    public String toString() {
        return "WorldEnv(" + spec.id() + ", " + sim.world().name() + ")";
    }
}
