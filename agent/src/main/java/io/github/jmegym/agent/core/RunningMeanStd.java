package io.github.jmegym.agent.core;

import java.util.Arrays;

/**
 * Running mean and variance of vectors (parallel-merge update of Chan et al., as SB3's {@code RunningMeanStd}),
 * used to normalize observations and to scale rewards; starts at mean 0, variance 1, count 1e-4.
 */
public final class RunningMeanStd {
    private final double[] mean;
    private final double[] var;
    private double count;

    /** Statistics of vectors of size {@code dim}. */
    public RunningMeanStd(int dim) {
        this.mean = new double[dim];
        this.var = new double[dim];
        Arrays.fill(var, 1.0);
        this.count = 1e-4;
    }

    /** Restores saved statistics. */
    public RunningMeanStd(double[] mean, double[] var, double count) {
        if (mean.length != var.length || !(count > 0)) {
            throw new IllegalArgumentException("RunningMeanStd: mean has " + mean.length + " values, var " + var.length
                    + ", count " + count + "; expected equal lengths and count > 0");
        }
        this.mean = mean.clone();
        this.var = var.clone();
        this.count = count;
    }

    /** A copy. */
    public RunningMeanStd copy() {
        return new RunningMeanStd(mean, var, count);
    }

    /** Overwrites these statistics with {@code other}'s (same dimension). */
    public void restore(RunningMeanStd other) {
        if (other.dim() != dim()) {
            throw new IllegalArgumentException("RunningMeanStd.restore: dimension " + other.dim() + "; expected " + dim());
        }
        System.arraycopy(other.mean, 0, mean, 0, mean.length);
        System.arraycopy(other.var, 0, var, 0, var.length);
        count = other.count;
    }

    /** Dimension. */
    public int dim() {
        return mean.length;
    }

    /** The means (a copy). */
    public double[] mean() {
        return mean.clone();
    }

    /** The variances (a copy). */
    public double[] var() {
        return var.clone();
    }

    /** The (pseudo-)count of vectors seen. */
    public double count() {
        return count;
    }

    /** Merges a batch of {@code n} row-major vectors. */
    public void update(double[] x, int n) {
        int d = mean.length;
        for (int j = 0; j < d; j++) {
            double m = 0;
            for (int r = 0; r < n; r++) {
                m += x[r * d + j];
            }
            m /= n;
            double v = 0;
            for (int r = 0; r < n; r++) {
                double e = x[r * d + j] - m;
                v += e * e;
            }
            v /= n;
            double delta = m - mean[j];
            double tot = count + n;
            double m2 = var[j] * count + v * n + delta * delta * count * n / tot;
            mean[j] += delta * n / tot;
            var[j] = m2 / tot;
        }
        count += n;
    }

    /** {@code clip((x - mean) / sqrt(var + 1e-8), -clip, clip)} in place for {@code n} row-major vectors. */
    public void normalize(double[] x, int n, double clip) {
        int d = mean.length;
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < d; j++) {
                double v = (x[r * d + j] - mean[j]) / Math.sqrt(var[j] + 1e-8);
                x[r * d + j] = Math.max(-clip, Math.min(clip, v));
            }
        }
    }
}
