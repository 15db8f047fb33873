package io.github.jmegym.engine.worlds;

import com.jme3.bullet.collision.shapes.BoxCollisionShape;
import com.jme3.bullet.collision.shapes.SphereCollisionShape;
import com.jme3.bullet.control.RigidBodyControl;
import com.jme3.math.ColorRGBA;
import com.jme3.math.Vector3f;
import com.jme3.scene.Geometry;
import com.jme3.scene.Node;
import com.jme3.scene.shape.Box;
import com.jme3.scene.shape.Sphere;
import io.github.jmegym.engine.GameWorld;
import io.github.jmegym.engine.Tags;
import io.github.jmegym.engine.WorldContext;
import io.github.jmegym.envs.Kwargs;

/**
 * A platform tilts to keep a physics ball on it: the jME counterpart of Unity ML-Agents' 3DBall. With
 * {@code platforms > 1} the scene holds that many independent platform-and-ball pairs side by side (8 m apart)
 * in one physics space, each with its own {@link BallBalanceAgent}: a multi-agent world.
 *
 * <h2>Action Space</h2>
 * {@code Box(-1.0, 1.0, (2,), float32)}: the change of the platform's tilt about the X and Z axes, as a fraction
 * of {@value BallBalanceAgent#MAX_DELTA_DEGREES} degrees per decision; the tilt stays within
 * +-{@value BallBalanceAgent#MAX_TILT_DEGREES} degrees.
 *
 * <h2>Observation Space</h2>
 * {@code Box(-inf, inf, (8,), float32)}: the platform's tilt about X and Z (divided by the maximum tilt, in
 * [-1, 1]), the ball's position relative to the platform's centre (divided by the platform's half-size, 2.5 m) and
 * the ball's velocity (divided by 5 m/s).
 *
 * <h2>Rewards</h2>
 * +0.1 for every decision the ball stays on; -1 (instead) for the decision in which it falls.
 *
 * <h2>Starting State</h2>
 * Tilts uniform in +-10 degrees, the ball at rest 1 m above a point uniform in +-1.5 m of the centre.
 *
 * <h2>Episode End</h2>
 * Terminated when the ball is more than 3 m from the centre sideways or 1 m below the platform; truncated at
 * 500 decisions (33 simulated seconds) by the registry's time limit. Physics ticks 1/60 s, 4 ticks per decision.
 *
 * <h2>Arguments</h2>
 * Kwargs: those of every engine world ({@link EngineEnvs}): {@code physics_dt} (in [0.001, 0.1] s, default 1/60),
 * {@code ticks_per_decision} (integer in [1, 600], default 4), {@code max_episode_steps} (integer in [1, 10^9],
 * default 500). Several platforms in one scene, one agent each: {@code Envs.makeVec(id, K, mode, autoreset,
 * Map.of("agents", K))} with {@code agents} an integer in [1, {@value #MAX_PLATFORMS}] equal to the number of envs.
 * No reset options (the multi-agent form takes {@code reset_mask}).
 */
public final class BallBalanceWorld implements GameWorld {
    /** Distance between neighbouring platforms in a multi-agent scene, metres. */
    public static final float SPACING = 8f;
    /** Most platforms in one scene. */
    public static final int MAX_PLATFORMS = 1024;
    private final int platforms;

    /** @param platforms number of platform-and-ball pairs (in [1, {@value #MAX_PLATFORMS}]) */
    public BallBalanceWorld(int platforms) {
        Kwargs.requireInt("BallBalanceWorld", "platforms", platforms, 1, MAX_PLATFORMS);
        this.platforms = platforms;
    }

    @Override
    public void build(WorldContext ctx) {
        Node root = ctx.rootNode();
        for (int i = 0; i < platforms; i++) {
            Vector3f centre = new Vector3f(i * SPACING, 0, 0);
            Geometry platform = new Geometry("Platform-" + i, new Box(BallBalanceAgent.HALF_SIZE,
                    BallBalanceAgent.HALF_THICKNESS, BallBalanceAgent.HALF_SIZE));
            Tags.setColor(Tags.tag(platform, "platform"), new ColorRGBA(0.2f, 0.45f, 0.9f, 1f));
            platform.setLocalTranslation(centre);
            root.attachChild(platform);
            RigidBodyControl platformBody = new RigidBodyControl(new BoxCollisionShape(new Vector3f(
                    BallBalanceAgent.HALF_SIZE, BallBalanceAgent.HALF_THICKNESS, BallBalanceAgent.HALF_SIZE)), 1f);
            platform.addControl(platformBody);
            platformBody.setKinematic(true);
            platformBody.setKinematicSpatial(false);
            ctx.physicsSpace().add(platformBody);

            Geometry ball = new Geometry("Ball-" + i, new Sphere(16, 24, BallBalanceAgent.BALL_RADIUS));
            Tags.setColor(Tags.tag(ball, "ball"), new ColorRGBA(0.95f, 0.55f, 0.1f, 1f));
            ball.setLocalTranslation(centre.add(0, 1, 0));
            root.attachChild(ball);
            RigidBodyControl ballBody = new RigidBodyControl(new SphereCollisionShape(BallBalanceAgent.BALL_RADIUS), 1f);
            ball.addControl(ballBody);
            ctx.physicsSpace().add(ballBody);

            platform.addControl(new BallBalanceAgent("balancer-" + i, centre, platformBody, ballBody));
        }
    }

    @Override
    public String name() {
        return "BallBalanceWorld(platforms=" + platforms + ")";
    }
}
