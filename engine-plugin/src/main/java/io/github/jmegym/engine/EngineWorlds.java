package io.github.jmegym.engine;

import io.github.jmegym.engine.record.RecordEpisodes;
import io.github.jmegym.engine.render.RgbArrayRender;
import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.EnvRegistration;
import io.github.jmegym.envs.EnvSpec;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.Kwargs;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a game registers its jME worlds with {@link Envs}, and how commands find them again. In your
 * {@link io.github.jmegym.envs.EnvProvider}:
 *
 * <pre>{@code
 * return List.of(EngineWorlds.registration(EnvSpec.of("CoinCollector-v0", 200, null), kwargs -> new CoinWorld()));
 * }</pre>
 *
 * A world that can hold several agents in one scene also gives the factory for that
 * ({@code registration(spec, k -> new Arena(1), (agents, k) -> new Arena(agents))}); then
 * {@code Envs.makeVec(id, 8, mode, autoreset, Map.of("agents", 8))}, {@code ./jmegym train -k agents=8} and
 * {@code ./jmegym game --agents 8} put eight agents in one scene.
 */
public final class EngineWorlds {
    private EngineWorlds() {
    }

    /** Builds the single-agent world from kwargs (read them with the range getters; unread keys are refused). */
    @FunctionalInterface
    public interface WorldFactory {
        /** @param kwargs the caller's kwargs over the spec's, with the common engine kwargs handled elsewhere */
        GameWorld create(Kwargs kwargs);
    }

    /** Builds a world holding {@code agents} agents in one scene, all with equal spaces. */
    @FunctionalInterface
    public interface AgentsWorldFactory {
        /**
         * @param agents the number of agents ({@code >= 1}; reject more than the world holds with
         *               {@link Kwargs#requireInt})
         * @param kwargs as for {@link WorldFactory#create}
         */
        GameWorld create(int agents, Kwargs kwargs);
    }

    /**
     * The registration of a single-agent engine world: {@code make} builds a {@link WorldEnv} (with the
     * {@code rgb_array} render mode and the recording kwargs), and every engine command accepts the id.
     *
     * @param spec the spec; declare {@code rgb_array} in its render modes to render it from Python
     * @param world builds the world from kwargs
     */
    public static EnvRegistration registration(EnvSpec spec, WorldFactory world) {
        return registration(new EngineWorld(spec.id(), world, null), spec);
    }

    /**
     * The registration of an engine world that can also hold several agents in one scene ({@code makeVec} with the
     * kwarg {@value Envs#AGENTS}, {@code --agents}).
     *
     * @param world builds the single-agent world ({@code make})
     * @param agents builds a world with that many agents
     */
    public static EnvRegistration registration(EnvSpec spec, WorldFactory world, AgentsWorldFactory agents) {
        if (agents == null) {
            throw new IllegalArgumentException("EngineWorlds.registration(" + spec.id() + "): the agents factory must"
                    + " not be null; use registration(spec, world) for a single-agent world");
        }
        return registration(new EngineWorld(spec.id(), world, agents), spec);
    }

    private static EnvRegistration registration(EngineWorld w, EnvSpec spec) {
        EnvRegistration r = new EnvRegistration(spec, (kwargs, s) -> RecordEpisodes.apply(RgbArrayRender.apply(
                new WorldEnv<>(s, w.world(kwargs), w.config(kwargs)), kwargs), kwargs)).withTrait(w);
        return w.supportsAgents() ? r.withMultiAgent((n, kwargs, s, mode) -> w.scene(n, s, mode)) : r;
    }

    /**
     * The engine world registered under {@code id}.
     *
     * @throws IllegalArgumentException when the id is unknown, or names an env that is not an engine world (the
     *                                  message lists the registered engine worlds)
     */
    public static EngineWorld of(String id) {
        return Envs.registration(id).trait(EngineWorld.class).orElseThrow(() -> new IllegalArgumentException(
                id + " is not an engine world (it has no jME scene); registered engine worlds: " + ids()));
    }

    /** The ids of every registered engine world, sorted. */
    public static List<String> ids() {
        return Envs.idsWith(EngineWorld.class);
    }

    /** The ids of the engine worlds that hold several agents in one scene, sorted. */
    public static List<String> multiAgentIds() {
        return ids().stream().filter(id -> of(id).supportsAgents()).toList();
    }

    /**
     * One scene of a registered engine world with {@code agents} agents as a vector env (one sub-env per agent), as
     * {@code Envs.makeVec(id, agents, ..., {agents: agents})} builds it; a world without multi-agent support gives
     * its one agent ({@code agents == 1}). The game and in-game training use this.
     *
     * @param kwargs the world's kwargs, plus {@value Envs#MAX_EPISODE_STEPS} (may be null)
     * @param mode the autoreset mode, or {@code null} for the spec's
     */
    public static MultiAgentVectorEnv<Object> scene(String id, int agents, Map<String, ?> kwargs, AutoresetMode mode) {
        EngineWorld w = of(id);
        EnvSpec spec = Envs.resolve(id, kwargs);
        Map<String, Object> k = new HashMap<>(spec.kwargs());
        Object given = k.remove(Envs.AGENTS);
        if (given != null && !given.equals(agents)) {
            throw new IllegalArgumentException("scene(" + id + "): kwarg " + Envs.AGENTS + "=" + given + " but " + agents
                    + " agents asked for; give the number once");
        }
        return w.scene(agents, spec.withKwargs(k), mode);
    }
}
