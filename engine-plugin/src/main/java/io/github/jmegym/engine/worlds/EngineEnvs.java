package io.github.jmegym.engine.worlds;

import io.github.jmegym.engine.GameWorld;
import io.github.jmegym.engine.MultiAgentVectorEnv;
import io.github.jmegym.engine.SimulationConfig;
import io.github.jmegym.engine.WorldEnv;
import io.github.jmegym.engine.record.RecordEpisodes;
import io.github.jmegym.engine.render.RgbArrayRender;
import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.EnvProvider;
import io.github.jmegym.envs.EnvRegistration;
import io.github.jmegym.envs.EnvSpec;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.Kwargs;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Registers the engine worlds ({@code BallBalance-v0}, {@code Chase-v0}) with {@link Envs}, and builds their
 * multi-agent vector form ({@link #makeMultiAgent}).
 *
 * <p>Kwargs of every engine world, each checked by {@link Kwargs}'s range getters: {@code physics_dt} (in
 * [{@value SimulationConfig#MIN_PHYSICS_DT}, {@value SimulationConfig#MAX_PHYSICS_DT}] s, default 1/60),
 * {@code ticks_per_decision} (integer in [1, {@value SimulationConfig#MAX_TICKS_PER_DECISION}], default 4),
 * {@code max_episode_steps} (integer in [1, {@value Envs#MAX_EPISODE_STEPS_LIMIT}]); the worlds' own kwargs are
 * listed in {@link ChaseWorld} and {@link BallBalanceWorld}.
 */
public final class EngineEnvs implements EnvProvider {
    /** Id of the ball-balancing world. */
    public static final String BALL_BALANCE = "BallBalance-v0";
    /** Id of the chase world. */
    public static final String CHASE = "Chase-v0";
    private static final String PHYSICS_DT = "physics_dt";
    private static final String TICKS_PER_DECISION = "ticks_per_decision";

    @Override
    public List<EnvRegistration> registrations() {
        return List.of(
                new EnvRegistration(spec(BALL_BALANCE, 500, 45.0), (kwargs, spec) -> RecordEpisodes.apply(RgbArrayRender.apply(
                        new WorldEnv<>(spec, world(spec.id(), kwargs, false), config(spec.id(), kwargs)), kwargs), kwargs)),
                new EnvRegistration(spec(CHASE, 300, null), (kwargs, spec) -> RecordEpisodes.apply(RgbArrayRender.apply(
                        new WorldEnv<>(spec, world(spec.id(), kwargs, false), config(spec.id(), kwargs)), kwargs), kwargs)));
    }

    private static EnvSpec spec(String id, int maxSteps, Double threshold) {
        return new EnvSpec(id, maxSteps, threshold, Map.of(), List.of(RgbArrayRender.RGB_ARRAY), 15, AutoresetMode.NEXT_STEP);
    }

    /**
     * Several agents in one world as a vector env with one sub-env per agent. {@code BallBalance-v0} takes the
     * kwarg {@code platforms} (the number of agents, default 8).
     *
     * @param id a registered engine world id
     * @param kwargs the world's kwargs (as for {@link Envs#make}), plus {@code max_episode_steps}
     * @param mode the autoreset mode, or {@code null} for the spec's
     */
    public static MultiAgentVectorEnv<Object> makeMultiAgent(String id, Map<String, ?> kwargs, AutoresetMode mode) {
        Map<String, Object> k = new HashMap<>(kwargs == null ? Map.of() : kwargs);
        EnvSpec spec = Envs.spec(id);
        Object limit = k.remove(Envs.MAX_EPISODE_STEPS);
        if (limit != null) {
            spec = spec.withMaxEpisodeSteps(Envs.maxEpisodeSteps(limit, "makeMultiAgent(" + id + ")"));
        }
        return new MultiAgentVectorEnv<>(spec.withKwargs(k), world(id, k, true), config(id, k), mode);
    }

    /** The single-agent world behind an engine id, from validated kwargs (unknown keys throw). */
    public static GameWorld world(String id, Map<String, ?> kwargs) {
        return world(id, kwargs, false);
    }

    /**
     * The world behind an engine id with several agents where it supports them ({@code BallBalance-v0}: kwarg
     * {@code platforms}, default 8); otherwise the single-agent world.
     */
    public static GameWorld multiAgentWorld(String id, Map<String, ?> kwargs) {
        return world(id, kwargs, true);
    }

    /** Whether the id names an engine world. */
    public static boolean isEngineWorld(String id) {
        return BALL_BALANCE.equals(id) || CHASE.equals(id);
    }

    static GameWorld world(String id, Map<String, ?> kwargs, boolean multiAgent) {
        Kwargs k = new Kwargs(kwargs, "make(" + id + ")");
        GameWorld w;
        switch (id) {
            case BALL_BALANCE -> {
                int platforms = multiAgent ? k.getInt("platforms", 8, 1, BallBalanceWorld.MAX_PLATFORMS) : 1;
                w = new BallBalanceWorld(platforms);
            }
            case CHASE -> {
                String actionType = k.getString("action_type", "discrete");
                if (!actionType.equals("discrete") && !actionType.equals("multi_discrete")) {
                    throw new IllegalArgumentException("make(" + id + "): action_type='" + actionType
                            + "'; expected 'discrete' or 'multi_discrete'");
                }
                String caster = k.getString("ray_caster", "physics");
                if (!caster.equals("physics") && !caster.equals("scene_graph")) {
                    throw new IllegalArgumentException("make(" + id + "): ray_caster='" + caster
                            + "'; expected 'physics' or 'scene_graph'");
                }
                w = new ChaseWorld(actionType.equals("multi_discrete"),
                        k.getInt("obstacles", ChaseWorld.MAX_OBSTACLES, 0, ChaseWorld.MAX_OBSTACLES),
                        (float) k.getDouble("target_speed", 1.0, 0, ChaseWorld.MAX_TARGET_SPEED), caster.equals("physics"));
            }
            default -> throw new IllegalArgumentException("EngineEnvs: '" + id + "' is not an engine world; expected "
                    + BALL_BALANCE + " or " + CHASE);
        }
        config(id, kwargs); // checks physics_dt and ticks_per_decision
        k.raw(PHYSICS_DT);
        k.raw(TICKS_PER_DECISION);
        // checked by RgbArrayRender.apply and RecordEpisodes.apply
        RecordEpisodes.OUTPUT_KWARGS.forEach(k::raw);
        k.requireAllUsed();
        return w;
    }

    /**
     * The clock from the kwargs {@code physics_dt} (in [0.001, 0.1] s, default 1/60) and {@code ticks_per_decision}
     * (integer in [1, 600], default 4).
     */
    public static SimulationConfig config(String id, Map<String, ?> kwargs) {
        Kwargs k = new Kwargs(kwargs, "make(" + id + ")");
        SimulationConfig d = SimulationConfig.defaults();
        return new SimulationConfig(
                (float) k.getDouble(PHYSICS_DT, d.physicsDt(), SimulationConfig.MIN_PHYSICS_DT, SimulationConfig.MAX_PHYSICS_DT),
                k.getInt(TICKS_PER_DECISION, d.ticksPerDecision(), 1, SimulationConfig.MAX_TICKS_PER_DECISION));
    }
}
