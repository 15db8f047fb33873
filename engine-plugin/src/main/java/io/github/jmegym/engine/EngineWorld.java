package io.github.jmegym.engine;

import io.github.jmegym.engine.record.RecordEpisodes;
import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.EnvSpec;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.Kwargs;
import java.util.Map;

/**
 * The trait of a registered env that is a jME scene: how to build its {@link GameWorld} (with one agent, and with
 * several if it supports them) and its fixed clock from kwargs. {@link EngineWorlds#registration} attaches it;
 * {@code play}, {@code record}, {@code game} and in-game training find it with {@link EngineWorlds#of(String)}.
 *
 * <p>Kwargs every engine world takes, checked here: {@value #PHYSICS_DT} (in
 * [{@value SimulationConfig#MIN_PHYSICS_DT}, {@value SimulationConfig#MAX_PHYSICS_DT}] s, default 1/60),
 * {@value #TICKS_PER_DECISION} (integer in [1, {@value SimulationConfig#MAX_TICKS_PER_DECISION}], default 4), and the
 * render and recording kwargs of {@link RecordEpisodes#OUTPUT_KWARGS}. Any other key must be read by the world
 * factory, or the world is refused naming the known keys.
 */
public final class EngineWorld {
    /** Kwarg: the fixed physics time step, seconds. */
    public static final String PHYSICS_DT = "physics_dt";
    /** Kwarg: physics ticks per decision. */
    public static final String TICKS_PER_DECISION = "ticks_per_decision";

    private final String id;
    private final EngineWorlds.WorldFactory single;
    private final EngineWorlds.AgentsWorldFactory agents;

    EngineWorld(String id, EngineWorlds.WorldFactory single, EngineWorlds.AgentsWorldFactory agents) {
        if (single == null) {
            throw new IllegalArgumentException("EngineWorlds.registration(" + id + "): the world factory must not be null");
        }
        this.id = id;
        this.single = single;
        this.agents = agents;
    }

    /** The registered id. */
    public String id() {
        return id;
    }

    /** Whether one scene can hold several agents ({@code makeVec(id, K, ..., agents=K)}, {@code --agents K}). */
    public boolean supportsAgents() {
        return agents != null;
    }

    /**
     * The single-agent world, from the kwargs of {@code make} (unknown keys and out-of-range values throw).
     *
     * @param kwargs the kwargs (without {@value Envs#MAX_EPISODE_STEPS})
     */
    public GameWorld world(Map<String, ?> kwargs) {
        return build(kwargs, k -> single.create(k));
    }

    /**
     * The world with {@code n} agents in one scene; {@code n == 1} of a world without multi-agent support is its
     * single-agent world.
     *
     * @param n the number of agents ({@code >= 1})
     * @throws IllegalArgumentException when {@code n > 1} and the world has one agent per scene (naming the engine
     *                                  worlds that have several), or the kwargs are bad
     */
    public GameWorld world(int n, Map<String, ?> kwargs) {
        Kwargs.requireInt("make(" + id + ")", Envs.AGENTS, n, 1, Integer.MAX_VALUE);
        if (agents == null) {
            if (n != 1) {
                throw new IllegalArgumentException("make(" + id + "): " + Envs.AGENTS + "=" + n + " but " + id
                        + " has one agent per scene; engine worlds with several agents: " + EngineWorlds.multiAgentIds());
            }
            return world(kwargs);
        }
        return build(kwargs, k -> agents.create(n, k));
    }

    /**
     * The clock from the kwargs {@value #PHYSICS_DT} and {@value #TICKS_PER_DECISION} (other keys are ignored here).
     */
    public SimulationConfig config(Map<String, ?> kwargs) {
        Kwargs k = new Kwargs(kwargs, "make(" + id + ")");
        SimulationConfig d = SimulationConfig.defaults();
        return new SimulationConfig(
                (float) k.getDouble(PHYSICS_DT, d.physicsDt(), SimulationConfig.MIN_PHYSICS_DT, SimulationConfig.MAX_PHYSICS_DT),
                k.getInt(TICKS_PER_DECISION, d.ticksPerDecision(), 1, SimulationConfig.MAX_TICKS_PER_DECISION));
    }

    /**
     * One scene with {@code n} agents as a vector env, one sub-env per agent: the registration's
     * {@link io.github.jmegym.envs.MultiAgentFactory}.
     *
     * @param spec the resolved spec (its kwargs are the world's; its time limit truncates each agent's episode)
     * @param mode the autoreset mode, or {@code null} for the spec's
     */
    public MultiAgentVectorEnv<Object> scene(int n, EnvSpec spec, AutoresetMode mode) {
        return new MultiAgentVectorEnv<>(spec, world(n, spec.kwargs()), config(spec.kwargs()), mode);
    }

    private GameWorld build(Map<String, ?> kwargs, java.util.function.Function<Kwargs, GameWorld> factory) {
        if (kwargs != null && kwargs.containsKey(Envs.AGENTS)) {
            throw new IllegalArgumentException("make(" + id + "): kwarg " + Envs.AGENTS + "=" + kwargs.get(Envs.AGENTS)
                    + " given to a world; the number of agents is given apart: makeVec(" + id + ", K, ..., agents=K),"
                    + " --agents K (play) or -k agents=K (train)");
        }
        config(kwargs); // checks the clock's kwargs before a scene is built
        Kwargs k = new Kwargs(kwargs, "make(" + id + ")");
        GameWorld w = factory.apply(k);
        if (w == null) {
            throw new IllegalStateException("make(" + id + "): the world factory returned null; expected a GameWorld");
        }
        k.raw(PHYSICS_DT);
        k.raw(TICKS_PER_DECISION);
        RecordEpisodes.OUTPUT_KWARGS.forEach(k::raw); // checked by RgbArrayRender.apply and RecordEpisodes.apply
        k.requireAllUsed();
        return w;
    }

    @Override
    public String toString() {
        return "EngineWorld(" + id + (agents != null ? ", several agents per scene" : "") + ")";
    }
}
