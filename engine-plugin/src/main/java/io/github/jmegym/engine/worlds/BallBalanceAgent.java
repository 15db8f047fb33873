package io.github.jmegym.engine.worlds;

import com.jme3.bullet.control.RigidBodyControl;
import com.jme3.math.FastMath;
import com.jme3.math.Quaternion;
import com.jme3.math.Vector3f;
import io.github.jmegym.engine.AgentControl;
import io.github.jmegym.engine.HumanInput;
import io.github.jmegym.engine.Observations;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.DType;
import java.util.SplittableRandom;

/** The agent of {@link BallBalanceWorld}: tilts its platform to keep its ball on it (see the world for the MDP). */
public final class BallBalanceAgent extends AgentControl<double[]> {
    /** Half the platform's side, metres. */
    public static final float HALF_SIZE = 2.5f;
    /** Half the platform's thickness, metres. */
    public static final float HALF_THICKNESS = 0.125f;
    /** The ball's radius, metres. */
    public static final float BALL_RADIUS = 0.5f;
    /** Largest tilt about either axis, degrees. */
    public static final float MAX_TILT_DEGREES = 25f;
    /** Largest change of tilt per decision, degrees. */
    public static final float MAX_DELTA_DEGREES = 2f;
    private static final float MAX_TILT = MAX_TILT_DEGREES * FastMath.DEG_TO_RAD;
    private static final float MAX_DELTA = MAX_DELTA_DEGREES * FastMath.DEG_TO_RAD;

    private final Vector3f centre;
    private final RigidBodyControl platform;
    private final RigidBodyControl ball;
    private final Vector3f tmp = new Vector3f();
    private float tiltX;
    private float tiltZ;

    BallBalanceAgent(String name, Vector3f centre, RigidBodyControl platform, RigidBodyControl ball) {
        super(name, new Box(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, new int[] {8}, DType.FLOAT32),
                new Box(-1, 1, new int[] {2}, DType.FLOAT32));
        this.centre = centre.clone();
        this.platform = platform;
        this.ball = ball;
    }

    @Override
    protected void onEpisodeBegin(SplittableRandom rng) {
        tiltX = (float) rng.nextDouble(-10, 10) * FastMath.DEG_TO_RAD;
        tiltZ = (float) rng.nextDouble(-10, 10) * FastMath.DEG_TO_RAD;
        applyTilt();
        ball.setPhysicsLocation(centre.add((float) rng.nextDouble(-1.5, 1.5), 1f, (float) rng.nextDouble(-1.5, 1.5)));
        ball.setPhysicsRotation(Quaternion.IDENTITY);
        ball.setLinearVelocity(Vector3f.ZERO);
        ball.setAngularVelocity(Vector3f.ZERO);
        ball.clearForces();
        ball.activate();
    }

    @Override
    protected void collectObservations(Observations obs) {
        obs.add(tiltX / MAX_TILT).add(tiltZ / MAX_TILT);
        ball.getPhysicsLocation(tmp).subtractLocal(centre).divideLocal(HALF_SIZE);
        obs.add(tmp);
        ball.getLinearVelocity(tmp).divideLocal(5f);
        obs.add(tmp);
    }

    @Override
    protected void onAction(double[] action) {
        tiltX = FastMath.clamp(tiltX + (float) action[0] * MAX_DELTA, -MAX_TILT, MAX_TILT);
        tiltZ = FastMath.clamp(tiltZ + (float) action[1] * MAX_DELTA, -MAX_TILT, MAX_TILT);
        applyTilt();
        addReward(0.1);
    }

    @Override
    protected void onTick(float dt) {
        if (dt > 0 && !episodeEnded() && fallen()) {
            setReward(-1);
            endEpisode();
        }
    }

    private boolean fallen() {
        ball.getPhysicsLocation(tmp).subtractLocal(centre);
        return Math.abs(tmp.x) > 3f || Math.abs(tmp.z) > 3f || tmp.y < -1f;
    }

    private void applyTilt() {
        platform.setPhysicsLocation(centre);
        platform.setPhysicsRotation(new Quaternion().fromAngles(tiltX, 0, tiltZ));
        platform.activate();
    }

    /**
     * With a human at the keyboard, the arrows tilt the platform; otherwise a PD controller tilts the platform so that gravity pulls the ball back to the centre and damps its speed.
     * Tilting about +Z lowers the -X side and tilting about +X lowers the +Z side.
     */
    @Override
    public double[] heuristic(double[] o) {
        HumanInput in = humanInput();
        if (in.active()) {
            // arrows/WASD roll the ball as the play camera shows it: up = away (+Z), left = +X
            return new double[] {in.axis(HumanInput.Key.DOWN, HumanInput.Key.UP),
                in.axis(HumanInput.Key.LEFT, HumanInput.Key.RIGHT)};
        }
        double x = o[2];
        double z = o[4];
        double vx = o[5];
        double vz = o[7];
        double wantZ = FastMath.clamp((float) (0.6 * x + 1.2 * vx), -0.5f, 0.5f);
        double wantX = FastMath.clamp((float) (-0.6 * z - 1.2 * vz), -0.5f, 0.5f);
        double curX = o[0];
        double curZ = o[1];
        double scale = MAX_TILT / MAX_DELTA;
        return new double[] {
            FastMath.clamp((float) ((wantX - curX) * scale), -1f, 1f),
            FastMath.clamp((float) ((wantZ - curZ) * scale), -1f, 1f)};
    }
}
