package io.github.jmegym.agent.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The vectorizable float tanh of the training network is accurate to a few float ulps everywhere. */
class TanhApproximationTest {
    @Test
    void floatTanhIsWithin5e7OfMathTanhOverTheWholeRange() {
        // every 97th float bit pattern from 0 up to +infinity (covers tiny, normal and saturated inputs), both signs
        int n = 0;
        float[] xs = new float[(0x7f800000 / 97 + 1) * 2];
        for (int bits = 0; bits <= 0x7f800000; bits += 97) {
            float x = Float.intBitsToFloat(bits);
            xs[n++] = x;
            xs[n++] = -x;
        }
        float[] y = xs.clone();
        Nd4jActorCritic.tanhInPlace(y, n);
        double worst = 0;
        float worstAt = 0;
        for (int i = 0; i < n; i++) {
            double err = Math.abs(y[i] - Math.tanh(xs[i]));
            if (err > worst) {
                worst = err;
                worstAt = xs[i];
            }
        }
        assertTrue(worst < 5e-7, "max |error| " + worst + " at x=" + worstAt);
    }

    @Test
    void floatTanhIsOddExactAtZeroSaturatesAndPropagatesNaN() {
        float[] x = {0f, 0.5f, -0.5f, 3f, -3f, 20f, -20f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
        float[] y = x.clone();
        Nd4jActorCritic.tanhInPlace(y, y.length);
        assertEquals(0f, y[0]);
        assertEquals(-y[1], y[2]);
        assertEquals(-y[3], y[4]);
        assertEquals(1f, y[5], 1e-7f);
        assertEquals(-1f, y[6], 1e-7f);
        assertEquals(1f, y[7], 1e-7f);
        assertEquals(-1f, y[8], 1e-7f);
        assertTrue(Float.isNaN(y[9]), "NaN in, NaN out (the trainer's non-finite check relies on it)");
    }
}
