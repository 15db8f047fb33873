package io.github.jmegym.envs.classic;

import io.github.jmegym.envs.EnvSpec;
import io.github.jmegym.envs.Kwargs;
import io.github.jmegym.envs.Step;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.DType;
import io.github.jmegym.envs.spaces.Space;
import java.util.Map;
import io.github.jmegym.envs.NumpyRandom;

/**
 * The inverted pendulum swing-up, Gymnasium's {@code Pendulum-v1} ported line for line (the torque is float32
 * and the terms Gymnasium computes in float32 are rounded the same way).
 *
 * <h2>Action Space</h2>
 * {@code Box(-2.0, 2.0, (1,), float32)}: the torque at the free end, read as float32 and clipped to [-2, 2]
 * (NaN or infinite torques are rejected).
 *
 * <h2>Observation Space</h2>
 * {@code Box([-1. -1. -8.], [1. 1. 8.], (3,), float32)}: cos(theta), sin(theta), angular velocity.
 * Internally the state is {@code [theta, thetadot]}; {@code thetadot} is clipped to [-8, 8].
 *
 * <h2>Rewards</h2>
 * {@code -(theta^2 + 0.1 thetadot^2 + 0.001 torque^2)} with theta normalized to [-pi, pi); between -16.27 and 0.
 * (Gymnasium squares the float32 torque with C's {@code powf}, which is not correctly rounded; in about 0.07% of
 * steps its reward differs from this port's by one float32 ulp of the torque cost, at most 4.7e-10.)
 *
 * <h2>Starting State</h2>
 * Theta uniform in [-pi, pi], thetadot uniform in [-1, 1] (reset options {@code x_init}/{@code y_init} change the
 * two bounds, symmetric around 0; {@code state} sets an explicit {@code [theta, thetadot]}).
 * A seeded reset draws from the same NumPy PCG64 stream as Gymnasium's ({@link
 * io.github.jmegym.envs.NumpyRandom}), so {@code reset(seed)} gives Gymnasium's start state for that seed.
 *
 * <h2>Episode End</h2>
 * Never terminated; truncated at 200 steps by the registry's time limit.
 *
 * <h2>Arguments</h2>
 * Kwargs: {@code g} (gravity, in [0, 100] m/s^2, default 10), {@code max_episode_steps} (integer in [1, 10^9],
 * default 200). Reset options: {@code x_init} (in [0, pi], default pi) and {@code y_init} (in [0, 8], the speed
 * limit; default 1); {@code state} = {@code [theta, thetadot]} with theta in [-100, 100] rad (theta is not wrapped;
 * 200 steps at the speed limit move it by 80 rad) and thetadot in [-8, 8].
 */
public final class Pendulum extends ClassicEnv<double[]> {
    private static final double MAX_SPEED = 8;
    private static final double MAX_TORQUE = 2.0;
    private static final double DT = 0.05;
    private static final double M = 1.0;
    private static final double L = 1.0;
    private static final double DEFAULT_X = Math.PI;
    private static final double DEFAULT_Y = 1.0;
    private static final double MAX_G = 100;
    /** Bound of theta in an explicit {@code state}: any angle reachable within the 200-step limit. */
    private static final double MAX_STATE_THETA = 100;

    /** Colour of the rod, Gymnasium's (the axle is black). */
    static final int ROD_RGB = 0xCC4D4D;

    private final double g;
    /** The clipped torque of the last step, drawn as the arrow; NaN after a reset (Gymnasium's {@code last_u = None}). */
    private float lastTorque = Float.NaN;

    /**
     * @param kwargs {@code g} (gravity in m/s^2, default 10.0)
     * @param spec the spec it is made under
     */
    public Pendulum(Map<String, ?> kwargs, EnvSpec spec) {
        super(spec, new Box(new double[] {-1, -1, -MAX_SPEED}, new double[] {1, 1, MAX_SPEED}, new int[] {3},
                DType.FLOAT32), new Box(-MAX_TORQUE, MAX_TORQUE, new int[] {1}, DType.FLOAT32),
                new double[] {-MAX_STATE_THETA, -MAX_SPEED}, new double[] {MAX_STATE_THETA, MAX_SPEED}, "x_init", "y_init");
        Kwargs k = makeKwargs(kwargs);
        this.g = k.getDouble("g", 10.0, 0, MAX_G);
        k.requireAllUsed();
    }

    /** Gymnasium's {@code np_random.uniform(low=-high, high=high)} with {@code high = [x_init, y_init]}. */
    @Override
    double[] randomStart(Kwargs options) {
        double[] high = {options.getDouble("x_init", DEFAULT_X, 0, Math.PI),
            options.getDouble("y_init", DEFAULT_Y, 0, MAX_SPEED)};
        double[] start = new double[2];
        for (int i = 0; i < 2; i++) {
            start[i] = -high[i] + rng.nextDouble() * (2 * high[i]);
        }
        return start;
    }

    @Override
    void onReset() {
        lastTorque = Float.NaN;
    }

    @Override
    public Step<double[]> step(double[] action) {
        double a = ClassicControl.scalarAction(action, actionSpace(), spec.id());
        requireReset(a);
        double th = state[0];
        double thdot = state[1];
        float u = (float) Math.min(Math.max(a, -MAX_TORQUE), MAX_TORQUE);
        lastTorque = u;
        // u ** 2 and 0.001 * (u ** 2) are float32 in NumPy; the sum with the float64 terms is float64.
        float torqueCost = (float) 0.001 * (u * u);
        double costs = angleNormalize(th) * angleNormalize(th) + 0.1 * (thdot * thdot) + torqueCost;
        float torqueAcc = (float) (3.0 / (M * L * L)) * u;
        double newthdot = thdot + (3 * g / (2 * L) * Math.sin(th) + torqueAcc) * DT;
        newthdot = Math.min(Math.max(newthdot, -MAX_SPEED), MAX_SPEED);
        double newth = th + newthdot * DT;
        state = new double[] {newth, newthdot};
        return new Step<>(observation(), -costs, false, false, Map.of());
    }

    /** Gymnasium's {@code angle_normalize}: {@code ((x + pi) % (2 pi)) - pi} with Python's floored modulo. */
    static double angleNormalize(double x) {
        double twoPi = 2 * Math.PI;
        double m = (x + Math.PI) % twoPi;
        if (m != 0 && m < 0) {
            m += twoPi;
        }
        return m - Math.PI;
    }

    @Override
    PygameCanvas newCanvas() {
        return new PygameCanvas(500, 500);
    }

    /**
     * Gymnasium's {@code PendulumEnv.render}: the red rod from the black axle, and Gymnasium's clockwise arrow
     * scaled by the last torque (mirrored for a positive one) behind the axle; no arrow right after a reset.
     */
    @Override
    void draw(PygameCanvas c) {
        double bound = 2.2;
        double scale = c.width() / (bound * 2);
        int offset = c.width() / 2;
        double rodLength = 1 * scale;
        double rodWidth = 0.2 * scale;
        double l = 0;
        double r = rodLength;
        double t = rodWidth / 2;
        double b = -rodWidth / 2;
        double angle = state[0] + Math.PI / 2;
        double[][] rod = PygameCanvas.rotatedRect(l, r, t, b, angle, offset, offset);
        c.aaPolygon(rod, ROD_RGB);
        c.filledPolygon(rod, ROD_RGB);
        c.aaCircle(offset, offset, (int) (rodWidth / 2), ROD_RGB);
        c.filledCircle(offset, offset, (int) (rodWidth / 2), ROD_RGB);
        double[] end = PygameCanvas.rotate(rodLength, 0, angle);
        int endX = (int) (end[0] + offset);
        int endY = (int) (end[1] + offset);
        c.aaCircle(endX, endY, (int) (rodWidth / 2), ROD_RGB);
        c.filledCircle(endX, endY, (int) (rodWidth / 2), ROD_RGB);
        if (!Float.isNaN(lastTorque)) {
            int size = (int) (scale * Math.abs(lastTorque) / 2);
            TorqueArrow.Image arrow = TorqueArrow.scaled(size, lastTorque > 0, true);
            if (arrow != null) {
                c.blit(arrow.argb(), arrow.width(), arrow.height(), offset - arrow.width() / 2,
                        offset - arrow.height() / 2);
            }
        }
        c.aaCircle(offset, offset, (int) (0.05 * scale), 0x000000);
        c.filledCircle(offset, offset, (int) (0.05 * scale), 0x000000);
    }

    @Override
    double[] observation() {
        return ClassicControl.float32(Math.cos(state[0]), Math.sin(state[0]), state[1]);
    }

}
