package io.github.jmegym.agent.trpo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.agent.Activation;
import io.github.jmegym.agent.core.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Conjugate gradient on a small symmetric positive-definite matrix and on the policy's Fisher operator. */
class ConjugateGradientTest {
    /** {@code B B^T + 0.5 I} for a random {@code B}, row-major. */
    private static double[][] spd(int n, long seed) {
        Rng rng = new Rng(seed);
        double[][] b = new double[n][n];
        for (double[] row : b) {
            for (int j = 0; j < n; j++) {
                row[j] = rng.nextGaussian();
            }
        }
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    a[i][j] += b[i][k] * b[j][k];
                }
            }
            a[i][i] += 0.5;
        }
        return a;
    }

    private static LinearOperator times(double[][] a) {
        return (v, out) -> {
            for (int i = 0; i < a.length; i++) {
                out[i] = ConjugateGradient.dot(a[i], v);
            }
        };
    }

    private static double residualNorm(LinearOperator a, double[] x, double[] b) {
        double[] ax = new double[x.length];
        a.apply(x, ax);
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += (ax[i] - b[i]) * (ax[i] - b[i]);
        }
        return Math.sqrt(s);
    }

    @Test
    void solvesASmallSpdSystemToTolerance() {
        LinearOperator a = times(spd(5, 1));
        double[] b = {1, -2, 0.5, 3, -1};
        ConjugateGradient.Solution s = ConjugateGradient.solve(a, b, 25, 1e-20);
        assertTrue(residualNorm(a, s.x(), b) < 1e-9, "|A x - b| = " + residualNorm(a, s.x(), b));
        assertTrue(s.steps() <= 25);
        assertTrue(s.residualSquaredNorm() < 1e-20 || s.steps() == 25);
    }

    @Test
    void oneStepIsTheExactLineMinimumAlongTheRightHandSide() {
        double[][] m = spd(4, 2);
        LinearOperator a = times(m);
        double[] b = {0.3, -1, 2, 0.1};
        double[] ab = new double[4];
        a.apply(b, ab);
        double alpha = ConjugateGradient.dot(b, b) / ConjugateGradient.dot(b, ab);
        ConjugateGradient.Solution s = ConjugateGradient.solve(a, b, 1, 0.0);
        assertEquals(1, s.steps());
        for (int i = 0; i < 4; i++) {
            assertEquals(alpha * b[i], s.x()[i], 1e-15);
        }
    }

    @Test
    void stopsAsSoonAsTheSquaredResidualIsBelowTheTolerance() {
        LinearOperator a = times(spd(6, 3));
        double[] b = {1, 2, 3, 4, 5, 6};
        ConjugateGradient.Solution zero = ConjugateGradient.solve(a, new double[6], 15, 1e-10);
        assertEquals(0, zero.steps(), "b = 0 needs no product");
        assertArrayEquals(new double[6], zero.x());
        ConjugateGradient.Solution loose = ConjugateGradient.solve(a, b, 15, 1e3);
        ConjugateGradient.Solution tight = ConjugateGradient.solve(a, b, 15, 1e-18);
        assertTrue(loose.steps() < tight.steps(), loose.steps() + " < " + tight.steps());
        assertTrue(loose.residualSquaredNorm() < 1e3);
    }

    @Test
    void solvesTheDampedFisherSystemOfAPolicy() {
        PolicyFixture f = new PolicyFixture("hybrid", io.github.jmegym.agent.nd4j.GradientCheckSpaces.hybrid(), false,
                Activation.TANH, List.of(4), false, 8, 5);
        PolicyJacobian jac = new PolicyJacobian(f.layout, f.dist, false);
        jac.linearize(f.params, f.obs, f.n);
        FisherOperator fisher = new FisherOperator(jac, new DistributionGeometry(f.dist), 0.1);
        double[] g = f.direction(6);
        ConjugateGradient.Solution s = ConjugateGradient.solve(fisher, g, 500, 1e-24);
        double rel = residualNorm(fisher, s.x(), g) / Math.sqrt(ConjugateGradient.dot(g, g));
        assertTrue(rel < 1e-8, "|F x - g| / |g| = " + rel + " after " + s.steps() + " steps");
        ConjugateGradient.Solution sb3 = ConjugateGradient.solve(fisher, g, 15, 1e-10);
        double rel15 = residualNorm(fisher, sb3.x(), g) / Math.sqrt(ConjugateGradient.dot(g, g));
        assertTrue(rel15 < 0.05, "sb3-contrib's 15 steps reduce the residual: " + rel15);
        assertEquals(sb3.residualSquaredNorm(), Math.pow(residualNorm(fisher, sb3.x(), g), 2), 1e-6 * ConjugateGradient.dot(g, g),
                "the recurrence's residual is the true one");
        assertTrue(ConjugateGradient.dot(sb3.x(), g) > 0, "the truncated solution is an ascent direction");
    }

    @Test
    void eachStepAppliesTheOperatorOnceAndSteppingToTheEndIsTheSolve() {
        LinearOperator m = times(spd(6, 5));
        int[] products = {0};
        LinearOperator counted = (v, out) -> {
            products[0]++;
            m.apply(v, out);
        };
        double[] b = {1, -2, 3, -4, 5, -6};
        ConjugateGradient cg = new ConjugateGradient(counted, b, 15, 1e-12);
        int steps = 0;
        while (!cg.done()) {
            cg.step();
            steps++;
            assertEquals(steps, products[0], "one product per step");
            assertEquals(steps, cg.solution().steps());
        }
        ConjugateGradient.Solution solved = ConjugateGradient.solve(m, b, 15, 1e-12);
        assertArrayEquals(solved.x(), cg.solution().x(), 0.0);
        assertEquals(solved.steps(), cg.solution().steps());
        assertEquals(solved.residualSquaredNorm(), cg.solution().residualSquaredNorm(), 0.0);
        assertThrows(IllegalStateException.class, cg::step, "a stopped solve takes no more steps");
    }

    @Test
    void rejectsNoStepsAndNegativeTolerance() {
        LinearOperator a = times(spd(2, 4));
        assertThrows(IllegalArgumentException.class, () -> ConjugateGradient.solve(a, new double[2], 0, 1e-10));
        assertThrows(IllegalArgumentException.class, () -> ConjugateGradient.solve(a, new double[2], 5, -1));
    }
}
