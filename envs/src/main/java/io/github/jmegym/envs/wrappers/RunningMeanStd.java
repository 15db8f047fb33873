package io.github.jmegym.envs.wrappers;

import io.github.jmegym.envs.spaces.DType;
import java.util.Arrays;

/**
 * Running mean and variance of vectors (or scalars, length 1), as Gymnasium's {@code RunningMeanStd}: Chan et al.'s
 * parallel algorithm, starting from mean 0, variance 1 and a count of 1e-4. The statistics have a dtype, as in
 * Gymnasium (which gives {@code NormalizeObservation} the observation space's dtype): in float32 every operation is
 * rounded as NumPy 2 rounds it, so the results are Gymnasium's bit for bit. The count is always float64.
 */
public final class RunningMeanStd {
    private final double[] mean;
    private final double[] var;
    private final boolean float32;
    private double count = 1e-4;

    /**
     * @param size number of components ({@code >= 1})
     * @param dtype precision of the mean and variance
     */
    public RunningMeanStd(int size, DType dtype) {
        if (size < 1) {
            throw new IllegalArgumentException("RunningMeanStd: size=" + size + "; expected >= 1");
        }
        mean = new double[size];
        var = new double[size];
        Arrays.fill(var, 1.0);
        float32 = dtype == DType.FLOAT32;
    }

    /** float64 statistics. */
    public RunningMeanStd(int size) {
        this(size, DType.FLOAT64);
    }

    /** The precision of the mean and variance. */
    public DType dtype() {
        return float32 ? DType.FLOAT32 : DType.FLOAT64;
    }

    /**
     * Replaces the statistics with saved ones (e.g. those of training, to evaluate with frozen normalization).
     *
     * @param mean means ({@code size()} values)
     * @param var variances ({@code size()} values, each {@code >= 0})
     * @param count samples seen ({@code > 0})
     */
    public void restore(double[] mean, double[] var, double count) {
        if (mean == null || var == null || mean.length != this.mean.length || var.length != this.var.length) {
            throw new IllegalArgumentException("RunningMeanStd.restore: expected " + this.mean.length
                    + " means and variances, got " + (mean == null ? "null" : mean.length) + " and "
                    + (var == null ? "null" : var.length));
        }
        if (!(count > 0)) {
            throw new IllegalArgumentException("RunningMeanStd.restore: count=" + count + "; expected > 0");
        }
        for (int i = 0; i < var.length; i++) {
            if (!(var[i] >= 0) || !Double.isFinite(mean[i]) || Double.isInfinite(var[i])) {
                throw new IllegalArgumentException("RunningMeanStd.restore: mean[" + i + "]=" + mean[i] + ", var[" + i
                        + "]=" + var[i] + "; expected a finite mean and a finite variance >= 0");
            }
        }
        System.arraycopy(mean, 0, this.mean, 0, mean.length);
        System.arraycopy(var, 0, this.var, 0, var.length);
        this.count = count;
    }

    /** Adds one sample ({@code size()} values), as {@code update(np.array([x]))}. */
    public void update(double[] x) {
        if (x.length != mean.length) {
            throw new IllegalArgumentException("RunningMeanStd.update: got " + x.length + " values; expected " + mean.length);
        }
        double batchCount = 1;
        double totCount = count + batchCount;
        for (int i = 0; i < mean.length; i++) {
            if (float32) {
                // NumPy 2: float32 arrays with Python-float scalars compute in float32 (the scalar rounded first)
                float c = (float) count;
                float t = (float) totCount;
                float delta = (float) x[i] - (float) mean[i];
                float newMean = (float) mean[i] + delta / t;
                float m2 = (float) var[i] * c + 0f + delta * delta * c / t;
                mean[i] = newMean;
                var[i] = m2 / t;
            } else {
                double delta = x[i] - mean[i];
                double newMean = mean[i] + delta * batchCount / totCount;
                // the batch variance of a single sample is 0, so M2 = m_a + delta^2 * count * batchCount / totCount
                double m2 = var[i] * count + (delta * delta) * count * batchCount / totCount;
                mean[i] = newMean;
                var[i] = m2 / totCount;
            }
        }
        count = totCount;
    }

    /** Number of components. */
    public int size() {
        return mean.length;
    }

    /** The running means (a copy). */
    public double[] mean() {
        return mean.clone();
    }

    /** The running variances (a copy). */
    public double[] var() {
        return var.clone();
    }

    /** Number of samples seen, plus the initial 1e-4. */
    public double count() {
        return count;
    }

    /** Mean of component {@code i}. */
    public double mean(int i) {
        return mean[i];
    }

    /** Variance of component {@code i}. */
    public double var(int i) {
        return var[i];
    }

    @Override
    public String toString() {
        return "RunningMeanStd(mean=" + Arrays.toString(mean) + ", var=" + Arrays.toString(var) + ", count=" + count + ")";
    }
}
