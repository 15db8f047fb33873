package io.github.jmegym.agent.update;

import java.util.Arrays;

/** The small statistics the update rules share. */
final class Stats {
    private Stats() {
    }

    /** Normalizes in place to mean 0, std 1 (unbiased std + 1e-8), as SB3 does per minibatch. */
    static void normalize(double[] a) {
        double mean = 0;
        for (double v : a) {
            mean += v;
        }
        mean /= a.length;
        double var = 0;
        for (double v : a) {
            var += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(var / (a.length - 1));
        for (int i = 0; i < a.length; i++) {
            a[i] = (a[i] - mean) / (std + 1e-8);
        }
    }

    /** {@code 1 - Var(returns - values) / Var(returns)}, NaN when the returns have no variance (as SB3). */
    static double explainedVariance(double[] values, double[] returns) {
        double[] diff = new double[values.length];
        for (int i = 0; i < diff.length; i++) {
            diff[i] = returns[i] - values[i];
        }
        double vr = variance(returns);
        return vr == 0 ? Double.NaN : 1 - variance(diff) / vr;
    }

    private static double variance(double[] a) {
        double m = Arrays.stream(a).average().orElse(0);
        double s = 0;
        for (double v : a) {
            s += (v - m) * (v - m);
        }
        return s / a.length;
    }
}
