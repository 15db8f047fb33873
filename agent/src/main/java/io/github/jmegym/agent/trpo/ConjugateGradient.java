package io.github.jmegym.agent.trpo;

/**
 * The conjugate-gradient solver of {@code A x = b} for a symmetric positive-definite {@link LinearOperator}, as
 * sb3-contrib's {@code conjugate_gradient_solver}: from {@code x = 0}, at most {@code maxSteps} products with
 * {@code A}, stopping once the squared residual norm {@code |b - A x|^2} falls below {@code residualTol}.
 */
public final class ConjugateGradient {
    private ConjugateGradient() {
    }

    /**
     * What {@link #solve} found.
     *
     * @param x the approximate solution
     * @param steps products with {@code A} taken (0 when {@code |b|^2 < residualTol})
     * @param residualSquaredNorm {@code |b - A x|^2} by the recurrence (not recomputed)
     */
    public record Solution(double[] x, int steps, double residualSquaredNorm) {
    }

    /**
     * Solves {@code A x = b}.
     *
     * @param maxSteps most products with {@code A} (>= 1; sb3-contrib's TRPO uses 15)
     * @param residualTol stop when the squared residual norm is below this (>= 0; sb3-contrib: 1e-10)
     */
    public static Solution solve(LinearOperator a, double[] b, int maxSteps, double residualTol) {
        if (maxSteps < 1 || !(residualTol >= 0)) {
            throw new IllegalArgumentException("ConjugateGradient.solve: maxSteps=" + maxSteps + ", residualTol="
                    + residualTol + "; expected maxSteps >= 1 and residualTol >= 0");
        }
        int n = b.length;
        double[] x = new double[n];
        double[] r = b.clone();
        double[] p = b.clone();
        double[] ap = new double[n];
        double rr = dot(r, r);
        int steps = 0;
        while (rr > 0 && rr >= residualTol && steps < maxSteps) {
            a.apply(p, ap);
            steps++;
            double alpha = rr / dot(p, ap);
            for (int i = 0; i < n; i++) {
                x[i] += alpha * p[i];
                r[i] -= alpha * ap[i];
            }
            double rrNew = dot(r, r);
            double beta = rrNew / rr;
            rr = rrNew;
            for (int i = 0; i < n; i++) {
                p[i] = r[i] + beta * p[i];
            }
        }
        return new Solution(x, steps, rr);
    }

    /** {@code a . b}. */
    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
