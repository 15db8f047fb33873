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
 * The mountain car with a continuous force, Gymnasium's {@code MountainCarContinuous-v0} ported line for line,
 * including its float32 arithmetic: Gymnasium keeps the state as float32 after the first step and NumPy 2 then
 * computes the update in float32, which this port reproduces.
 *
 * <h2>Action Space</h2>
 * {@code Box(-1.0, 1.0, (1,), float32)}: the force, read as float32 and clipped to [-1, 1] in the dynamics
 * (the reward uses the unclipped value, as Gymnasium's does). NaN or infinite actions are rejected.
 *
 * <h2>Observation Space</h2>
 * {@code Box([-1.2 -0.07], [0.6 0.07], (2,), float32)}: car position, car velocity. The dynamics are
 * {@code v += force * 0.0015 - 0.0025 cos(3 x)}, clipped to [-0.07, 0.07], then {@code x += v}, clipped to
 * [-1.2, 0.6]; hitting the left wall sets the velocity to 0.
 *
 * <h2>Rewards</h2>
 * {@code -0.1 * action^2} every step, plus 100 on the step that reaches the goal.
 *
 * <h2>Starting State</h2>
 * Position uniform in [-0.6, -0.4], velocity 0 (reset options {@code low}/{@code high} change the position range;
 * {@code state} sets an explicit {@code [position, velocity]}).
 * A seeded reset draws from the same NumPy PCG64 stream as Gymnasium's ({@link
 * io.github.jmegym.envs.NumpyRandom}), so {@code reset(seed)} gives Gymnasium's start state for that seed.
 *
 * <h2>Episode End</h2>
 * Terminated when position >= 0.45 and velocity >= {@code goal_velocity} (kwarg, default 0); truncated at 999
 * steps by the registry's time limit. *
 * <h2>Arguments</h2>
 * Kwargs: {@code goal_velocity} (in [-0.07, 0.07], the car's speed limit; default 0), {@code max_episode_steps}
 * (integer in [1, 10^9], default 999). Reset options: {@code low} and {@code high} (start positions, each in
 * [-1.2, 0.6], the track; defaults -0.6 and -0.4); {@code state} = {@code [position, velocity]} with position in
 * [-1.2, 0.6] and velocity in [-0.07, 0.07] (the observation space).
 */
public final class MountainCarContinuous extends ClassicEnv<double[]> {
    private static final double MIN_ACTION = -1.0;
    private static final double MAX_ACTION = 1.0;
    private static final double MIN_POSITION = -1.2;
    private static final double MAX_POSITION = 0.6;
    private static final double MAX_SPEED = 0.07;
    private static final double GOAL_POSITION = 0.45;
    private static final double POWER = 0.0015;

    private final double goalVelocity;
    /** Whether the state is float32 (after a step) rather than float64 (after a reset), as in Gymnasium. */
    private boolean float32State;

    /**
     * @param kwargs {@code goal_velocity} (velocity the car must have at the goal, default 0)
     * @param spec the spec it is made under
     */
    public MountainCarContinuous(Map<String, ?> kwargs, EnvSpec spec) {
        super(spec, new Box(new double[] {MIN_POSITION, -MAX_SPEED}, new double[] {MAX_POSITION, MAX_SPEED},
                new int[] {2}, DType.FLOAT32), new Box(MIN_ACTION, MAX_ACTION, new int[] {1}, DType.FLOAT32),
                new double[] {MIN_POSITION, -MAX_SPEED}, new double[] {MAX_POSITION, MAX_SPEED}, "low", "high");
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
    void onReset() {
        float32State = false;
    }

    @Override
    PygameCanvas newCanvas() {
        return new PygameCanvas(600, 400);
    }

    /** Gymnasium's {@code Continuous_MountainCarEnv.render}, the same picture as MountainCar's with the flag at 0.45. */
    @Override
    void draw(PygameCanvas c) {
        MountainCar.drawMountainCar(c, state[0], GOAL_POSITION);
    }

    @Override
    double[] observation() {
        return ClassicControl.float32(state);
    }

    /**
     * One step. Where Gymnasium mixes float32 and float64 NumPy scalars, the result is rounded to float32 exactly
     * where NumPy 2's promotion rules (NEP 50) round it: {@code f} below rounds only in float32 state.
     */
    @Override
    public Step<double[]> step(double[] action) {
        double a = ClassicControl.scalarAction(action, actionSpace(), spec.id());
        requireReset(a);
        boolean f32 = float32State;
        double position = state[0];
        double velocity = state[1];
        // Python's min(max(a, -1.0), 1.0) keeps the float32 action unless it is out of range.
        boolean forceIsFloat32 = a >= MIN_ACTION && a <= MAX_ACTION;
        double force = forceIsFloat32 ? a : Math.min(Math.max(a, MIN_ACTION), MAX_ACTION);
        double gravityTerm = 0.0025 * Math.cos(f(3 * position, f32));
        double dv = forceIsFloat32
                ? (float) (force * (float) POWER) - (float) gravityTerm
                : force * POWER - gravityTerm;
        velocity = f32 ? (float) (velocity + (float) dv) : velocity + dv;
        if (velocity > f(MAX_SPEED, f32)) {
            velocity = MAX_SPEED;
        }
        if (velocity < f(-MAX_SPEED, f32)) {
            velocity = -MAX_SPEED;
        }
        position = f32 ? (float) (position + (float) velocity) : position + velocity;
        if (position > f(MAX_POSITION, f32)) {
            position = MAX_POSITION;
        }
        if (position < f(MIN_POSITION, f32)) {
            position = MIN_POSITION;
        }
        if (f(position, f32) == f(MIN_POSITION, f32) && velocity < 0) {
            velocity = 0;
        }
        boolean terminated = position >= f(GOAL_POSITION, f32) && velocity >= f(goalVelocity, f32);
        double reward = terminated ? 100.0 : 0.0;
        reward -= a * a * 0.1;
        state = ClassicControl.float32(position, velocity);
        float32State = true;
        return new Step<>(observation(), reward, terminated, false, Map.of());
    }

    private static double f(double x, boolean float32) {
        return float32 ? (float) x : x;
    }

}
