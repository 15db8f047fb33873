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
 * A car in a valley that must rock itself up the right hill, Gymnasium's {@code MountainCar-v0} (Moore 1990)
 * ported line for line.
 *
 * <h2>Action Space</h2>
 * {@code Discrete(3)}: 0 accelerates left, 1 does nothing, 2 accelerates right (force 0.001).
 *
 * <h2>Observation Space</h2>
 * {@code Box([-1.2 -0.07], [0.6 0.07], (2,), float32)}: car position along the x-axis, car velocity.
 * The dynamics are {@code v += (action - 1) * 0.001 - 0.0025 cos(3 x)}, clipped to [-0.07, 0.07], then
 * {@code x += v}, clipped to [-1.2, 0.6]; hitting the left wall sets the velocity to 0.
 *
 * <h2>Rewards</h2>
 * -1 for every step.
 *
 * <h2>Starting State</h2>
 * Position uniform in [-0.6, -0.4], velocity 0 (reset options {@code low}/{@code high} change the position range;
 * {@code state} sets an explicit {@code [position, velocity]}).
 * A seeded reset draws from the same NumPy PCG64 stream as Gymnasium's ({@link
 * io.github.jmegym.envs.NumpyRandom}), so {@code reset(seed)} gives Gymnasium's start state for that seed.
 *
 * <h2>Episode End</h2>
 * Terminated when position >= 0.5 and velocity >= {@code goal_velocity} (kwarg, default 0); truncated at 200
 * steps by the registry's time limit. *
 * <h2>Arguments</h2>
 * Kwargs: {@code goal_velocity} (in [-0.07, 0.07], the car's speed limit; default 0), {@code max_episode_steps}
 * (integer in [1, 10^9], default 200). Reset options: {@code low} and {@code high} (start positions, each in
 * [-1.2, 0.6], the track; defaults -0.6 and -0.4); {@code state} = {@code [position, velocity]} with position in
 * [-1.2, 0.6] and velocity in [-0.07, 0.07] (the observation space).
 */
public final class MountainCar extends ClassicEnv<Integer> {
    private static final double MIN_POSITION = -1.2;
    private static final double MAX_POSITION = 0.6;
    private static final double MAX_SPEED = 0.07;
    private static final double GOAL_POSITION = 0.5;
    private static final double FORCE = 0.001;
    private static final double GRAVITY = 0.0025;

    /** Colours of the frames, Gymnasium's: grey wheels, yellow flag (car and track are black). */
    static final int WHEEL_RGB = 0x808080;
    static final int FLAG_RGB = 0xCCCC00;

    private final double goalVelocity;

    /**
     * @param kwargs {@code goal_velocity} (velocity the car must have at the goal, default 0)
     * @param spec the spec it is made under
     */
    public MountainCar(Map<String, ?> kwargs, EnvSpec spec) {
        super(spec, new Box(new double[] {MIN_POSITION, -MAX_SPEED}, new double[] {MAX_POSITION, MAX_SPEED},
                new int[] {2}, DType.FLOAT32), new Discrete(3), new double[] {MIN_POSITION, -MAX_SPEED},
                new double[] {MAX_POSITION, MAX_SPEED}, "low", "high");
        Kwargs k = makeKwargs(kwargs);
        this.goalVelocity = k.getDouble("goal_velocity", 0.0, -MAX_SPEED, MAX_SPEED);
        k.requireAllUsed();
    }

    @Override
    double[] randomStart(Kwargs options) {
        return new double[] {ClassicControl.uniformStart(options, rng, 1, -0.6, -0.4, MIN_POSITION, MAX_POSITION,
                spec.id())[0], 0.0};
    }

    @Override
    PygameCanvas newCanvas() {
        return new PygameCanvas(600, 400);
    }

    @Override
    void draw(PygameCanvas c) {
        drawMountainCar(c, state[0], GOAL_POSITION);
    }

    /**
     * Gymnasium's {@code MountainCarEnv.render} (also {@code Continuous_MountainCarEnv.render}): the track
     * {@code sin(3 x) * 0.45 + 0.55}, the black car tilted along it on two grey wheels, and the yellow goal flag.
     *
     * @param position the car's position in [-1.2, 0.6]
     * @param goalPosition where the flag stands
     */
    static void drawMountainCar(PygameCanvas c, double position, double goalPosition) {
        double scale = c.width() / (MAX_POSITION - MIN_POSITION);
        double carWidth = 40;
        double carHeight = 20;
        double[][] track = new double[100][];
        for (int i = 0; i < 100; i++) {
            double x = MIN_POSITION + (MAX_POSITION - MIN_POSITION) * i / 99;  // np.linspace(min, max, 100)
            track[i] = new double[] {(x - MIN_POSITION) * scale, height(x) * scale};
        }
        c.aaPolyline(track, 0x000000);
        double clearance = 10;
        double angle = Math.cos(3 * position);
        double baseX = (position - MIN_POSITION) * scale;
        double baseY = clearance + height(position) * scale;
        double l = -carWidth / 2;
        double r = carWidth / 2;
        double t = carHeight;
        double b = 0;
        double[][] car = PygameCanvas.rotatedRect(l, r, t, b, angle, baseX, baseY);
        c.aaPolygon(car, 0x000000);
        c.filledPolygon(car, 0x000000);
        for (double dx : new double[] {carWidth / 4, -carWidth / 4}) {
            double[] p = PygameCanvas.rotate(dx, 0, angle);
            int wx = (int) (p[0] + baseX);
            int wy = (int) (p[1] + baseY);
            c.aaCircle(wx, wy, (int) (carHeight / 2.5), WHEEL_RGB);
            c.filledCircle(wx, wy, (int) (carHeight / 2.5), WHEEL_RGB);
        }
        int flagX = (int) ((goalPosition - MIN_POSITION) * scale);
        int flagY1 = (int) (height(goalPosition) * scale);
        int flagY2 = flagY1 + 50;
        c.vline(flagX, flagY1, flagY2, 0x000000);
        double[][] flag = {{flagX, flagY2}, {flagX, flagY2 - 10}, {flagX + 25, flagY2 - 5}};
        c.aaPolygon(flag, FLAG_RGB);
        c.filledPolygon(flag, FLAG_RGB);
    }

    /** Gymnasium's {@code _height}: the track's height at {@code x}. */
    private static double height(double x) {
        return Math.sin(3 * x) * 0.45 + 0.55;
    }

    @Override
    double[] observation() {
        return ClassicControl.float32(state);
    }

    @Override
    public Step<double[]> step(Integer action) {
        int a = actionSpace().require(action, stepWhere);
        requireReset(action);
        double position = state[0];
        double velocity = state[1];
        velocity += (a - 1) * FORCE + Math.cos(3 * position) * (-GRAVITY);
        velocity = Math.min(Math.max(velocity, -MAX_SPEED), MAX_SPEED);
        position += velocity;
        position = Math.min(Math.max(position, MIN_POSITION), MAX_POSITION);
        if (position == MIN_POSITION && velocity < 0) {
            velocity = 0;
        }
        boolean terminated = position >= GOAL_POSITION && velocity >= goalVelocity;
        state = new double[] {position, velocity};
        return new Step<>(observation(), -1.0, terminated, false, Map.of());
    }

}
