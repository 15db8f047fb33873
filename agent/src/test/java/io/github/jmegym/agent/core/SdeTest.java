package io.github.jmegym.agent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** gSDE's state-dependent standard deviation and its exploration noise. */
class SdeTest {
    @Test
    void logStdIsHalfTheLogOfTheFeatureWeightedVariance() {
        Sde sde = new Sde(2, 2);
        // L = [[log 0.5, 0], [log 2, -1]] row-major [latent x action]
        double[] params = {9, Math.log(0.5), 0.0, Math.log(2), -1.0};
        double[] phi = {3.0, -1.0};
        double[] s = new double[2];
        sde.logStd(params, 1, phi, 1, s);
        assertEquals(0.5 * Math.log(9 * 0.25 + 1 * 4 + Sde.EPSILON), s[0], 1e-12);
        assertEquals(0.5 * Math.log(9 * 1 + Math.exp(-2) + Sde.EPSILON), s[1], 1e-12);
    }

    @Test
    void noiseOfRandomMatricesHasTheStateDependentVariance() {
        Sde sde = new Sde(3, 2);
        double[] params = {-0.5, 0.3, 0.1, -1.0, 0.0, 0.4};
        double[] phi = {0.8, -0.3, 1.5};
        double[] s = new double[2];
        sde.logStd(params, 0, phi, 1, s);
        Rng rng = new Rng(1);
        double[] e = new double[sde.matrixSize()];
        double[] noise = new double[2];
        double[] sum2 = new double[2];
        int n = 200_000;
        for (int k = 0; k < n; k++) {
            sde.drawExploration(params, 0, rng, e, 0);
            sde.noise(phi, 0, e, 0, noise, 0);
            sum2[0] += noise[0] * noise[0];
            sum2[1] += noise[1] * noise[1];
        }
        for (int j = 0; j < 2; j++) {
            double var = Math.exp(2 * s[j]) - Sde.EPSILON;
            assertEquals(var, sum2[j] / n, 0.02 * var, "variance of action " + j);
        }
    }

    @Test
    void emptySizesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Sde(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Sde(4, 0));
    }
}
