package io.github.jmegym.envs.wrappers;

import io.github.jmegym.envs.spaces.DType;
import java.util.Arrays;

/**
 * Running mean and variance of vectors (or scalars, length 1), as Gymnasium's and SB3's {@code RunningMeanStd}: Chan
 * et al.'s parallel algorithm, starting from mean 0, variance 1 and a count of 1e-4. The one such class of the project:
 * the env wrappers feed it one sample at a time ({@link #update(double[])}), the PPO trainer a batch of row-major
 * vectors ({@link #update(double[], int)}) and normalizes with {@link #normalize(double[], int, double)}.
 *
 * <p>Two modes, named by the dtype of the statistics, as in Gymnasium (which gives {@code NormalizeObservation} the
 * observation space's dtype): {@link DType#FLOAT64} computes in double; {@link DType#FLOAT32} rounds every operation as
 * NumPy 2 rounds it, so single-sample results are Gymnasium's bit for bit. The batch update and {@code normalize} are
 * float64 only (the trainer's statistics are float64). The count is always float64.
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

    /**
     * float64 statistics restored from saved ones (a checkpoint, a saved policy).
     *
     * @param mean means (at least one)
     * @param var variances (as many, each finite and {@code >= 0})
     * @param count samples seen ({@code > 0})
     */
    public RunningMeanStd(double[] mean, double[] var, double count) {
        this(mean.length, DType.FLOAT64);
        restore(mean, var, count);
    }

    /** An independent copy (same mode, same statistics). */
    public RunningMeanStd copy() {
        RunningMeanStd c = new RunningMeanStd(mean.length, dtype());
        c.restore(this);
        return c;
    }

    /** Overwrites these statistics with {@code other}'s (same size; the mode stays this one's). */
    public void restore(RunningMeanStd other) {
        if (other.size() != size()) {
            throw new IllegalArgumentException("RunningMeanStd.restore: size " + other.size() + "; expected " + size());
        }
        System.arraycopy(other.mean, 0, mean, 0, mean.length);
        System.arraycopy(other.var, 0, var, 0, var.length);
        count = other.count;
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

    /**
     * Merges a batch of {@code n} row-major vectors (float64 mode): the batch's mean and population variance, then
     * Chan et al.'s merge, as SB3's {@code RunningMeanStd.update}.
     */
    public void update(double[] x, int n) {
        requireFloat64("update(x, n)");
        int d = mean.length;
        if (n < 1 || x.length < n * d) {
            throw new IllegalArgumentException("RunningMeanStd.update: " + x.length + " values for n=" + n
                    + " vectors of size " + d + "; expected n >= 1 and at least n * size values");
        }
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

    /**
     * {@code clip((x - mean) / sqrt(var + 1e-8), -clip, clip)} in place for {@code n} row-major vectors (float64
     * mode), the trainer's observation normalization.
     */
    public void normalize(double[] x, int n, double clip) {
        requireFloat64("normalize");
        int d = mean.length;
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < d; j++) {
                double v = (x[r * d + j] - mean[j]) / Math.sqrt(var[j] + 1e-8);
                x[r * d + j] = Math.max(-clip, Math.min(clip, v));
            }
        }
    }

    private void requireFloat64(String op) {
        if (float32) {
            throw new IllegalStateException("RunningMeanStd." + op + ": float32 statistics; this operation is float64 "
                    + "only (float32 rounds as Gymnasium's single-sample update, use update(double[]))");
        }
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
