package io.github.jmegym.envs.wrappers;

import java.util.Arrays;

/**
 * Running mean and variance of vectors (or scalars, length 1), as Gymnasium's {@code RunningMeanStd}: Chan et al.'s
 * parallel algorithm, starting from mean 0, variance 1 and a count of 1e-4. Computed in float64.
 */
public final class RunningMeanStd {
    private final double[] mean;
    private final double[] var;
    private double count = 1e-4;

    /** @param size number of components ({@code >= 1}) */
    public RunningMeanStd(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("RunningMeanStd: size=" + size + "; expected >= 1");
        }
        mean = new double[size];
        var = new double[size];
        Arrays.fill(var, 1.0);
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
            double delta = x[i] - mean[i];
            double newMean = mean[i] + delta * batchCount / totCount;
            // the batch variance of a single sample is 0, so M2 = m_a + delta^2 * count * batchCount / totCount
            double m2 = var[i] * count + (delta * delta) * count * batchCount / totCount;
            mean[i] = newMean;
            var[i] = m2 / totCount;
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
