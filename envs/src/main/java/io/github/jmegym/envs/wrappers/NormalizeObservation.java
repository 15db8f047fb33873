package io.github.jmegym.envs.wrappers;

import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.Reset;
import io.github.jmegym.envs.Step;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.DType;
import io.github.jmegym.envs.spaces.Space;
import java.util.Map;

/**
 * Normalizes Box observations to roughly zero mean and unit variance with running statistics, as Gymnasium's
 * {@code NormalizeObservation}: every observation (reset and step) first updates the statistics (unless frozen
 * with {@link #setUpdateRunningMean(boolean)}), then becomes {@code (obs - mean) / sqrt(var + epsilon)} rounded
 * to float32. The statistics have the observation space's dtype and, for float32, NumPy's float32 rounding, so the
 * results equal Gymnasium's. The observation space becomes {@code Box(-inf, inf, shape, float32)}.
 */
public final class NormalizeObservation<A> extends Wrapper<double[], A> {
    private final double epsilon;
    private final RunningMeanStd rms;
    private final Box observationSpace;
    private boolean updateRunningMean = true;

    /**
     * @param env an env with a {@link Box} observation space
     * @param epsilon added to the variance ({@code > 0}, Gymnasium's default 1e-8)
     */
    public NormalizeObservation(Env<double[], A> env, double epsilon) {
        super(env);
        if (!(env.observationSpace() instanceof Box box)) {
            throw new IllegalArgumentException("NormalizeObservation(" + env.spec().id() + "): observation space "
                    + env.observationSpace() + " is not a Box");
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("NormalizeObservation(" + env.spec().id() + "): epsilon=" + epsilon
                    + "; expected > 0");
        }
        this.epsilon = epsilon;
        this.rms = new RunningMeanStd(box.size(), box.dtype());
        this.observationSpace = new Box(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, box.shape(), DType.FLOAT32);
    }

    /** Epsilon 1e-8. */
    public NormalizeObservation(Env<double[], A> env) {
        this(env, 1e-8);
    }

    @Override
    public Reset<double[]> reset(Long seed, Map<String, ?> options) {
        Reset<double[]> r = env.reset(seed, options);
        return new Reset<>(normalize(r.observation()), r.info());
    }

    @Override
    public Step<double[]> step(A action) {
        Step<double[]> s = env.step(action);
        return new Step<>(normalize(s.observation()), s.reward(), s.terminated(), s.truncated(), s.info());
    }

    private double[] normalize(double[] obs) {
        if (updateRunningMean) {
            rms.update(obs);
        }
        double[] out = new double[obs.length];
        boolean float32 = rms.dtype() == DType.FLOAT32;
        for (int i = 0; i < obs.length; i++) {
            if (float32) {
                float centered = (float) obs[i] - (float) rms.mean(i);
                out[i] = centered / (float) Math.sqrt((float) rms.var(i) + (float) epsilon);
            } else {
                out[i] = (float) ((obs[i] - rms.mean(i)) / Math.sqrt(rms.var(i) + epsilon));
            }
        }
        return out;
    }

    @Override
    public Space<double[]> observationSpace() {
        return observationSpace;
    }

    /** The running statistics (live). */
    public RunningMeanStd statistics() {
        return rms;
    }

    /** Whether observations update the statistics. */
    public boolean updateRunningMean() {
        return updateRunningMean;
    }

    /** Freezes ({@code false}) or resumes ({@code true}) updating the statistics, e.g. for evaluation. */
    public void setUpdateRunningMean(boolean update) {
        this.updateRunningMean = update;
    }
}
