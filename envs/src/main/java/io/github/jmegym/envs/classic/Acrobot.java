package io.github.jmegym.envs.classic;

import io.github.jmegym.envs.EnvSpec;
import io.github.jmegym.envs.Kwargs;
import io.github.jmegym.envs.Step;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.DType;
import io.github.jmegym.envs.spaces.Discrete;
import io.github.jmegym.envs.spaces.Space;
import java.util.Map;
import io.github.jmegym.envs.NumpyRandom;

/**
 * Two links swinging under a torque at their joint, Gymnasium's {@code Acrobot-v1} (Sutton 1996, "book"
 * dynamics) ported line for line, with its fourth-order Runge-Kutta step, {@code wrap} and {@code bound}.
 *
 * <h2>Action Space</h2>
 * {@code Discrete(3)}: torque -1, 0 or +1 N m on the joint between the links.
 *
 * <h2>Observation Space</h2>
 * {@code Box([-1. -1. -1. -1. -12.566371 -28.274334], [1. 1. 1. 1. 12.566371 28.274334], (6,), float32)}:
 * cos and sin of both angles, then both angular velocities (bounded by 4 pi and 9 pi). Internally the state
 * is {@code [theta1, theta2, dtheta1, dtheta2]}.
 *
 * <h2>Rewards</h2>
 * -1 for every step that does not reach the goal, 0 for the step that does.
 *
 * <h2>Starting State</h2>
 * All four state variables uniform in [-0.1, 0.1], rounded to float32 (reset options {@code low}/{@code high}
 * change the range; {@code state} sets an explicit 4-element state, used as given).
 * A seeded reset draws from the same NumPy PCG64 stream as Gymnasium's ({@link
 * io.github.jmegym.envs.NumpyRandom}), so {@code reset(seed)} gives Gymnasium's start state for that seed.
 *
 * <h2>Episode End</h2>
 * Terminated when the free end rises above the bar: {@code -cos(theta1) - cos(theta1 + theta2) > 1}; truncated at
 * 500 steps by the registry's time limit.
 *
 * <h2>Arguments</h2>
 * Kwargs: {@code max_episode_steps} (integer in [1, 10^9], default 500); no others. Reset options: {@code low}
 * and {@code high} (each in [-pi, pi]; defaults -0.1 and 0.1); {@code state} =
 * {@code [theta1, theta2, dtheta1, dtheta2]} with both angles in [-pi, pi], dtheta1 in [-4 pi, 4 pi] and dtheta2
 * in [-9 pi, 9 pi] (the bounds the dynamics keep them in).
 */
public final class Acrobot extends ClassicEnv<Integer> {
    private static final double DT = 0.2;
    private static final double LINK_LENGTH_1 = 1.0;
    private static final double LINK_MASS_1 = 1.0;
    private static final double LINK_MASS_2 = 1.0;
    private static final double LINK_COM_POS_1 = 0.5;
    private static final double LINK_COM_POS_2 = 0.5;
    private static final double LINK_MOI = 1.0;
    private static final double MAX_VEL_1 = 4 * Math.PI;
    private static final double MAX_VEL_2 = 9 * Math.PI;
    private static final double[] AVAIL_TORQUE = {-1.0, 0.0, +1};
    private static final double G = 9.8;
    private static final double LINK_LENGTH_2 = 1.0;
    /** Colours of the frames, Gymnasium's: cyan links, yellow joints (the bar is black). */
    static final int LINK_RGB = 0x00CCCC;
    static final int JOINT_RGB = 0xCCCC00;


    /**
     * @param kwargs none are accepted
     * @param spec the spec it is made under
     */
    public Acrobot(Map<String, ?> kwargs, EnvSpec spec) {
        super(spec, new Box(new double[] {-1.0, -1.0, -1.0, -1.0, -MAX_VEL_1, -MAX_VEL_2},
                new double[] {1.0, 1.0, 1.0, 1.0, MAX_VEL_1, MAX_VEL_2}, new int[] {6}, DType.FLOAT32),
                new Discrete(3), new double[] {-Math.PI, -Math.PI, -MAX_VEL_1, -MAX_VEL_2},
                new double[] {Math.PI, Math.PI, MAX_VEL_1, MAX_VEL_2}, "low", "high");
        makeKwargs(kwargs).requireAllUsed();
    }

    @Override
    double[] randomStart(Kwargs options) {
        return ClassicControl.float32(ClassicControl.uniformStart(options, rng, 4, -0.1, 0.1, -Math.PI, Math.PI,
                spec.id()));
    }

    @Override
    public Step<double[]> step(Integer action) {
        int a = actionSpace().require(action, stepWhere);
        requireReset(action);
        double[] augmented = {state[0], state[1], state[2], state[3], AVAIL_TORQUE[a]};
        double[] ns = rk4(augmented, DT);
        ns[0] = wrap(ns[0], -Math.PI, Math.PI);
        ns[1] = wrap(ns[1], -Math.PI, Math.PI);
        ns[2] = bound(ns[2], -MAX_VEL_1, MAX_VEL_1);
        ns[3] = bound(ns[3], -MAX_VEL_2, MAX_VEL_2);
        state = ns;
        boolean terminated = -Math.cos(state[0]) - Math.cos(state[1] + state[0]) > 1.0;
        double reward = terminated ? 0.0 : -1.0;
        return new Step<>(observation(), reward, terminated, false, Map.of());
    }

    @Override
    PygameCanvas newCanvas() {
        return new PygameCanvas(500, 500);
    }

    /**
     * Gymnasium's {@code AcrobotEnv.render}: the black bar one link length above the pivot (the goal height), both
     * links in cyan, a yellow joint at the start of each.
     */
    @Override
    void draw(PygameCanvas c) {
        double bound = LINK_LENGTH_1 + LINK_LENGTH_2 + 0.2;
        double scale = c.width() / (bound * 2);
        double offset = c.width() / 2.0;
        double[][] starts = {{0, 0}, {LINK_LENGTH_1 * Math.sin(state[0]) * scale,
            -LINK_LENGTH_1 * Math.cos(state[0]) * scale}};
        double[] thetas = {state[0] - Math.PI / 2, state[0] + state[1] - Math.PI / 2};
        double[] lengths = {LINK_LENGTH_1 * scale, LINK_LENGTH_2 * scale};
        c.line(-2.2 * scale + offset, 1 * scale + offset, 2.2 * scale + offset, 1 * scale + offset, 0x000000);
        for (int k = 0; k < 2; k++) {
            double x = starts[k][0] + offset;
            double y = starts[k][1] + offset;
            double l = 0;
            double r = lengths[k];
            double t = 0.1 * scale;
            double b = -0.1 * scale;
            double[][] link = PygameCanvas.rotatedRect(l, r, t, b, thetas[k], x, y);
            c.aaPolygon(link, LINK_RGB);
            c.filledPolygon(link, LINK_RGB);
            c.aaCircle((int) x, (int) y, (int) (0.1 * scale), JOINT_RGB);
            c.filledCircle((int) x, (int) y, (int) (0.1 * scale), JOINT_RGB);
        }
    }

    @Override
    double[] observation() {
        return ClassicControl.float32(Math.cos(state[0]), Math.sin(state[0]), Math.cos(state[1]), Math.sin(state[1]),
                state[2], state[3]);
    }

    /** The time derivative of {@code [theta1, theta2, dtheta1, dtheta2, torque]} (Gymnasium's {@code _dsdt}). */
    private static double[] dsdt(double[] s) {
        double m1 = LINK_MASS_1;
        double m2 = LINK_MASS_2;
        double l1 = LINK_LENGTH_1;
        double lc1 = LINK_COM_POS_1;
        double lc2 = LINK_COM_POS_2;
        double i1 = LINK_MOI;
        double i2 = LINK_MOI;
        double g = G;
        double a = s[4];
        double theta1 = s[0];
        double theta2 = s[1];
        double dtheta1 = s[2];
        double dtheta2 = s[3];
        double d1 = m1 * (lc1 * lc1) + m2 * (l1 * l1 + lc2 * lc2 + 2 * l1 * lc2 * Math.cos(theta2)) + i1 + i2;
        double d2 = m2 * (lc2 * lc2 + l1 * lc2 * Math.cos(theta2)) + i2;
        double phi2 = m2 * lc2 * g * Math.cos(theta1 + theta2 - Math.PI / 2.0);
        double phi1 = -m2 * l1 * lc2 * (dtheta2 * dtheta2) * Math.sin(theta2)
                - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * Math.sin(theta2)
                + (m1 * lc1 + m2 * l1) * g * Math.cos(theta1 - Math.PI / 2)
                + phi2;
        double ddtheta2 = (a + d2 / d1 * phi1 - m2 * l1 * lc2 * (dtheta1 * dtheta1) * Math.sin(theta2) - phi2)
                / (m2 * (lc2 * lc2) + i2 - (d2 * d2) / d1);
        double ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
        return new double[] {dtheta1, dtheta2, ddtheta1, ddtheta2, 0.0};
    }

    /** One fourth-order Runge-Kutta step over {@code [0, dt]} (Gymnasium's {@code rk4}); returns the 4 state values. */
    static double[] rk4(double[] y0, double dt) {
        double dt2 = dt / 2.0;
        double[] k1 = dsdt(y0);
        double[] k2 = dsdt(axpy(y0, dt2, k1));
        double[] k3 = dsdt(axpy(y0, dt2, k2));
        double[] k4 = dsdt(axpy(y0, dt, k3));
        double[] out = new double[4];
        for (int i = 0; i < 4; i++) {
            out[i] = y0[i] + dt / 6.0 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }
        return out;
    }

    private static double[] axpy(double[] y, double h, double[] k) {
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = y[i] + h * k[i];
        }
        return out;
    }

    /** Wraps {@code x} into {@code [m, M]} by whole turns (Gymnasium's {@code wrap}). */
    static double wrap(double x, double m, double bigM) {
        double diff = bigM - m;
        while (x > bigM) {
            x = x - diff;
        }
        while (x < m) {
            x = x + diff;
        }
        return x;
    }

    /** Clamps {@code x} into {@code [m, M]} (Gymnasium's {@code bound}). */
    static double bound(double x, double m, double bigM) {
        return Math.min(Math.max(x, m), bigM);
    }

}
