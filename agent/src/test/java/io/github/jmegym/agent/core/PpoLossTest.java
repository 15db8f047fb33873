package io.github.jmegym.agent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jmegym.envs.spaces.Box;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The clipped surrogate's gradient is zero in exactly the two clipped cases and the unclipped gradient otherwise. */
class PpoLossTest {
    @ParameterizedTest(name = "ratio {0}, advantage {1}: clipped={2}")
    @CsvSource({
        "1.5, 1.0, true",     // r > 1 + eps, A > 0: clipped
        "0.5, -1.0, true",    // r < 1 - eps, A < 0: clipped
        "1.5, -1.0, false",   // r > 1 + eps, A < 0: unclipped term is the minimum
        "0.5, 1.0, false",    // r < 1 - eps, A > 0
        "1.1, 1.0, false",    // inside the clip range
        "0.9, -1.0, false",
        "1.0, 2.0, false"})
    void surrogateGradientIsZeroExactlyInTheTwoClippedCases(double ratio, double adv, boolean clipped) {
        ActionDistribution d = ActionDistribution.forSpace(Box.of(new double[] {-5}, new double[] {5}), "test");
        double[] mean = {0.3};
        double[] params = {0.0};          // log-std 0 at offset 0
        double[] act = {0.8};
        double lp = d.logProb(mean, 0, params, 0, act, 0);
        double oldLp = lp - Math.log(ratio);
        double[] dOut = new double[1];
        double[] dLogStd = new double[1];
        PpoLoss.Result r = new PpoLoss(d).compute(1, mean, new double[] {0}, params, 0, act, new double[] {oldLp},
                new double[] {adv}, new double[] {0}, new double[] {0}, 0.2, null, 0.0, 0.0, 0.0, dOut, new double[1], dLogStd);
        double dLogpDMean = (0.8 - 0.3);   // (x - mu) / sigma^2 with sigma = 1
        double unclipped = -adv * ratio * dLogpDMean;
        assertEquals(clipped ? 0.0 : unclipped, dOut[0], 1e-12);
        double clippedRatio = Math.min(Math.max(ratio, 0.8), 1.2);
        assertEquals(-Math.min(ratio * adv, clippedRatio * adv), r.policyLoss, 1e-12);
        assertEquals((ratio - 1) - Math.log(ratio), r.approxKl, 1e-12);
        assertEquals(Math.abs(ratio - 1) > 0.2 ? 1.0 : 0.0, r.clipFraction);
    }
}
