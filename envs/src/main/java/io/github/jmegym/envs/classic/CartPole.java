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
 * A pole on a cart, Gymnasium's {@code CartPole-v1} (Barto, Sutton and Anderson 1983) ported line for line.
 *
 * <h2>Action Space</h2>
 * {@code Discrete(2)}: 0 pushes the cart left, 1 pushes it right, with a force of 10 N.
 *
 * <h2>Observation Space</h2>
 * {@code Box([-4.8 -inf -0.41887903 -inf], [4.8 inf 0.41887903 inf], (4,), float32)}: cart position, cart
 * velocity, pole angle (rad), pole angular velocity.
 *
 * <h2>Rewards</h2>
 * +1 for every step, including the terminating one (kwarg {@code sutton_barto_reward=true}: 0 per step and -1 on
 * termination).
 *
 * <h2>Starting State</h2>
 * Every state variable uniform in [-0.05, 0.05] (reset options {@code low}/{@code high} change the range;
 * {@code state} sets an explicit 4-element start state).
 * A seeded reset draws from the same NumPy PCG64 stream as Gymnasium's ({@link
 * io.github.jmegym.envs.NumpyRandom}), so {@code reset(seed)} gives Gymnasium's start state for that seed.
 *
 * <h2>Episode End</h2>
 * Terminated when |angle| > 12 degrees or |position| > 2.4; truncated at 500 steps by the registry's time limit.
 *
 * <h2>Arguments</h2>
 * Kwargs: {@code sutton_barto_reward} (boolean, default false), {@code kinematics_integrator} ({@code "euler"}
 * (default) or {@code "semi-implicit euler"}), {@code max_episode_steps} (integer in [1, 10^9], default 500).
 * Reset options: {@code low} and {@code high} (each in [-0.4, 0.4], so that every start lies in the observation
 * space; defaults -0.05 and 0.05); {@code state} = {@code [x, x_dot, theta, theta_dot]} with x in [-4.8, 4.8],
 * theta in [-0.418879, 0.418879] (the observation space's bounds) and both velocities in [-100, 100].
 */
public final class CartPole extends ClassicEnv<Integer> {
    private static final double GRAVITY = 9.8;
    private static final double MASS_CART = 1.0;
    private static final double MASS_POLE = 0.1;
    private static final double TOTAL_MASS = MASS_POLE + MASS_CART;
    private static final double LENGTH = 0.5;
    private static final double POLEMASS_LENGTH = MASS_POLE * LENGTH;
    private static final double FORCE_MAG = 10.0;
    private static final double TAU = 0.02;
    private static final double THETA_THRESHOLD = 12 * 2 * Math.PI / 360;
    private static final double X_THRESHOLD = 2.4;
    /** Bound of the {@code low}/{@code high} reset options: inside the observation space for every variable. */
    private static final double START_BOUND = 0.4;
    /** Bound of the velocities of an explicit {@code state}. */
    private static final double MAX_STATE_VELOCITY = 100;

    /** Colours of the frames, Gymnasium's: black cart and track, brown pole, blue axle. */
    static final int CART_RGB = 0x000000;
    static final int POLE_RGB = 0xCA9865;
    static final int AXLE_RGB = 0x8184CB;

    private final boolean suttonBartoReward;
    private final boolean semiImplicitEuler;
    private Integer stepsBeyondTerminated;

    /**
     * @param kwargs {@code sutton_barto_reward} (default false), {@code kinematics_integrator}
     *               ({@code euler} (default) or {@code semi-implicit euler})
     * @param spec the spec it is made under
     */
    public CartPole(Map<String, ?> kwargs, EnvSpec spec) {
        super(spec, new Box(new double[] {-X_THRESHOLD * 2, Double.NEGATIVE_INFINITY, -THETA_THRESHOLD * 2,
            Double.NEGATIVE_INFINITY}, new double[] {X_THRESHOLD * 2, Double.POSITIVE_INFINITY, THETA_THRESHOLD * 2,
            Double.POSITIVE_INFINITY}, new int[] {4}, DType.FLOAT32), new Discrete(2),
                new double[] {-X_THRESHOLD * 2, -MAX_STATE_VELOCITY, -THETA_THRESHOLD * 2, -MAX_STATE_VELOCITY},
                new double[] {X_THRESHOLD * 2, MAX_STATE_VELOCITY, THETA_THRESHOLD * 2, MAX_STATE_VELOCITY}, "low", "high");
        Kwargs k = makeKwargs(kwargs);
        this.suttonBartoReward = k.getBoolean("sutton_barto_reward", false);
        String integrator = k.getString("kinematics_integrator", "euler");
        if (!integrator.equals("euler") && !integrator.equals("semi-implicit euler")) {
            throw new IllegalArgumentException("make(" + spec.id() + "): kinematics_integrator='" + integrator
                    + "'; expected 'euler' or 'semi-implicit euler'");
        }
        this.semiImplicitEuler = integrator.equals("semi-implicit euler");
        k.requireAllUsed();
    }

    @Override
    double[] randomStart(Kwargs options) {
        return ClassicControl.uniformStart(options, rng, 4, -0.05, 0.05, -START_BOUND, START_BOUND, spec.id());
    }

    @Override
    void onReset() {
        stepsBeyondTerminated = null;
    }

    @Override
    public Step<double[]> step(Integer action) {
        int a = actionSpace().require(action, stepWhere);
        requireReset(action);
        double x = state[0];
        double xDot = state[1];
        double theta = state[2];
        double thetaDot = state[3];
        double force = a == 1 ? FORCE_MAG : -FORCE_MAG;
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        double temp = (force + POLEMASS_LENGTH * (thetaDot * thetaDot) * sin) / TOTAL_MASS;
        double thetaAcc = (GRAVITY * sin - cos * temp) / (LENGTH * (4.0 / 3.0 - MASS_POLE * (cos * cos) / TOTAL_MASS));
        double xAcc = temp - POLEMASS_LENGTH * thetaAcc * cos / TOTAL_MASS;
        if (!semiImplicitEuler) {
            x = x + TAU * xDot;
            xDot = xDot + TAU * xAcc;
            theta = theta + TAU * thetaDot;
            thetaDot = thetaDot + TAU * thetaAcc;
        } else {
            xDot = xDot + TAU * xAcc;
            x = x + TAU * xDot;
            thetaDot = thetaDot + TAU * thetaAcc;
            theta = theta + TAU * thetaDot;
        }
        state = new double[] {x, xDot, theta, thetaDot};
        boolean terminated = x < -X_THRESHOLD || x > X_THRESHOLD || theta < -THETA_THRESHOLD || theta > THETA_THRESHOLD;
        double reward;
        if (!terminated) {
            reward = suttonBartoReward ? 0.0 : 1.0;
        } else if (stepsBeyondTerminated == null) {
            stepsBeyondTerminated = 0;
            reward = suttonBartoReward ? -1.0 : 1.0;
        } else {
            stepsBeyondTerminated++;
            reward = suttonBartoReward ? -1.0 : 0.0;
        }
        return new Step<>(observation(), reward, terminated, false, Map.of());
    }

    @Override
    PygameCanvas newCanvas() {
        return new PygameCanvas(600, 400);
    }

    /** Gymnasium's {@code CartPoleEnv.render}: a black cart on a track line, the brown pole on a blue axle. */
    @Override
    void draw(PygameCanvas c) {
        double scale = c.width() / (X_THRESHOLD * 2);
        double poleWidth = 10.0;
        double poleLen = scale * (2 * LENGTH);
        double cartWidth = 50.0;
        double cartHeight = 30.0;
        double l = -cartWidth / 2;
        double r = cartWidth / 2;
        double t = cartHeight / 2;
        double b = -cartHeight / 2;
        double axleOffset = cartHeight / 4.0;
        double cartX = state[0] * scale + c.width() / 2.0;
        double cartY = 100;
        double[][] cart = PygameCanvas.rotatedRect(l, r, t, b, 0, cartX, cartY);
        c.aaPolygon(cart, CART_RGB);
        c.filledPolygon(cart, CART_RGB);
        l = -poleWidth / 2;
        r = poleWidth / 2;
        t = poleLen - poleWidth / 2;
        b = -poleWidth / 2;
        double[][] pole = PygameCanvas.rotatedRect(l, r, t, b, -state[2], cartX, cartY + axleOffset);
        c.aaPolygon(pole, POLE_RGB);
        c.filledPolygon(pole, POLE_RGB);
        c.aaCircle((int) cartX, (int) (cartY + axleOffset), (int) (poleWidth / 2), AXLE_RGB);
        c.filledCircle((int) cartX, (int) (cartY + axleOffset), (int) (poleWidth / 2), AXLE_RGB);
        c.hline(0, c.width(), (int) cartY, CART_RGB);
    }

    @Override
    double[] observation() {
        double[] obs = new double[4];
        for (int i = 0; i < 4; i++) {
            obs[i] = (float) state[i];
        }
        return obs;
    }

}
