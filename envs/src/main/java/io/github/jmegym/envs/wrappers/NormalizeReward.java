package io.github.jmegym.envs.wrappers;

import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.Step;

/**
 * Scales rewards so that their discounted sum has roughly unit variance, as Gymnasium's {@code NormalizeReward}:
 * each step updates {@code G = G * gamma * (1 - terminated) + reward} and the running variance of {@code G}
 * (unless frozen), then returns {@code reward / sqrt(var + epsilon)}. As in Gymnasium, {@code G} is not cleared
 * on reset or truncation and the mean is not subtracted.
 */
public final class NormalizeReward<O, A> extends Wrapper<O, A> {
    private final double gamma;
    private final double epsilon;
    private final RunningMeanStd rms = new RunningMeanStd(1);
    private double discountedReward;
    private boolean updateRunningMean = true;

    /**
     * @param env the env
     * @param gamma discount of the moving sum (in [0, 1], Gymnasium's default 0.99)
     * @param epsilon added to the variance ({@code > 0}, default 1e-8)
     */
    public NormalizeReward(Env<O, A> env, double gamma, double epsilon) {
        super(env);
        if (!(gamma >= 0 && gamma <= 1)) {
            throw new IllegalArgumentException("NormalizeReward(" + env.spec().id() + "): gamma=" + gamma
                    + "; expected a value in [0, 1]");
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("NormalizeReward(" + env.spec().id() + "): epsilon=" + epsilon
                    + "; expected > 0");
        }
        this.gamma = gamma;
        this.epsilon = epsilon;
    }

    /** Gamma 0.99, epsilon 1e-8. */
    public NormalizeReward(Env<O, A> env) {
        this(env, 0.99, 1e-8);
    }

    @Override
    public Step<O> step(A action) {
        Step<O> s = env.step(action);
        discountedReward = discountedReward * gamma * (s.terminated() ? 0 : 1) + s.reward();
        if (updateRunningMean) {
            rms.update(new double[] {discountedReward});
        }
        double normalized = s.reward() / Math.sqrt(rms.var(0) + epsilon);
        return new Step<>(s.observation(), normalized, s.terminated(), s.truncated(), s.info());
    }

    /** The running statistics of the discounted reward sum (live). */
    public RunningMeanStd statistics() {
        return rms;
    }

    /** The current discounted reward sum {@code G}. */
    public double discountedReward() {
        return discountedReward;
    }

    /** Whether steps update the statistics. */
    public boolean updateRunningMean() {
        return updateRunningMean;
    }

    /** Freezes ({@code false}) or resumes ({@code true}) updating the statistics. */
    public void setUpdateRunningMean(boolean update) {
        this.updateRunningMean = update;
    }
}
