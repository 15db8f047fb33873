package io.github.jmegym.engine.worlds;

import io.github.jmegym.engine.EngineWorld;
import io.github.jmegym.engine.EngineWorlds;
import io.github.jmegym.engine.SimulationConfig;
import io.github.jmegym.engine.render.RgbArrayRender;
import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.EnvProvider;
import io.github.jmegym.envs.EnvRegistration;
import io.github.jmegym.envs.EnvSpec;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.Kwargs;
import java.util.List;
import java.util.Map;

/**
 * Registers the shipped engine worlds ({@code BallBalance-v0}, which holds up to
 * {@value BallBalanceWorld#MAX_PLATFORMS} agents in one scene, and {@code Chase-v0}) with {@link EngineWorlds}, as
 * a game registers its own.
 *
 * <p>Kwargs of every engine world are listed in {@link EngineWorld}: {@code physics_dt} (in
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

    @Override
    public List<EnvRegistration> registrations() {
        return List.of(
                EngineWorlds.registration(spec(BALL_BALANCE, 500, 45.0), k -> new BallBalanceWorld(1),
                        (agents, k) -> new BallBalanceWorld(Kwargs.requireInt("make(" + BALL_BALANCE + ")", Envs.AGENTS,
                                agents, 1, BallBalanceWorld.MAX_PLATFORMS))),
                EngineWorlds.registration(spec(CHASE, 300, null), EngineEnvs::chase));
    }

    private static EnvSpec spec(String id, int maxSteps, Double threshold) {
        return new EnvSpec(id, maxSteps, threshold, Map.of(), List.of(RgbArrayRender.RGB_ARRAY), 15, AutoresetMode.NEXT_STEP);
    }

    private static ChaseWorld chase(Kwargs k) {
        String actionType = k.getString("action_type", "discrete");
        if (!actionType.equals("discrete") && !actionType.equals("multi_discrete")) {
            throw new IllegalArgumentException("make(" + CHASE + "): action_type='" + actionType
                    + "'; expected 'discrete' or 'multi_discrete'");
        }
        String caster = k.getString("ray_caster", "physics");
        if (!caster.equals("physics") && !caster.equals("scene_graph")) {
            throw new IllegalArgumentException("make(" + CHASE + "): ray_caster='" + caster
                    + "'; expected 'physics' or 'scene_graph'");
        }
        return new ChaseWorld(actionType.equals("multi_discrete"),
                k.getInt("obstacles", ChaseWorld.MAX_OBSTACLES, 0, ChaseWorld.MAX_OBSTACLES),
                (float) k.getDouble("target_speed", 1.0, 0, ChaseWorld.MAX_TARGET_SPEED), caster.equals("physics"));
    }
}
