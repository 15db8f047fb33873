package io.github.jmegym.agent.nd4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.ToDoubleFunction;

/** The central finite-difference check that every hand-derived gradient of the agent is held to. */
public final class FiniteDifferences {
    private FiniteDifferences() {
    }

    /**
     * Asserts that {@code grad} matches central differences of {@code loss} at {@code params} (step 1e-6, relative
     * error below 1e-4 with a floor of 1e-3 on the scale), perturbing one parameter at a time and restoring it.
     *
     * @return which entries of {@code grad} are non-zero (|g| > 1e-8)
     */
    public static boolean[] assertGradientMatches(String name, double[] params, double[] grad, ToDoubleFunction<double[]> loss) {
        double h = 1e-6;
        boolean[] nonZero = new boolean[params.length];
        for (int i = 0; i < params.length; i++) {
            double old = params[i];
            params[i] = old + h;
            double up = loss.applyAsDouble(params);
            params[i] = old - h;
            double down = loss.applyAsDouble(params);
            params[i] = old;
            double fd = (up - down) / (2 * h);
            double err = Math.abs(fd - grad[i]) / Math.max(1e-3, Math.abs(fd) + Math.abs(grad[i]));
            assertTrue(err < 1e-4, name + ": parameter " + i + " analytic " + grad[i] + " vs finite difference " + fd);
            nonZero[i] = Math.abs(grad[i]) > 1e-8;
        }
        return nonZero;
    }

    /** How many entries are true. */
    public static int count(boolean[] flags, int from) {
        int n = 0;
        for (int i = from; i < flags.length; i++) {
            n += flags[i] ? 1 : 0;
        }
        return n;
    }
}
