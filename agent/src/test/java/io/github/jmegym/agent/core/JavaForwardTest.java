package io.github.jmegym.agent.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.agent.Activation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JavaForwardTest {
    @Test
    void fastTanhMatchesMathTanhEverywhere() {
        for (double x = -40; x <= 40; x += 0.001) {
            assertEquals(Math.tanh(x), JavaForward.tanh(x), 2e-15, "x=" + x);
        }
        assertEquals(1.0, JavaForward.tanh(1e6));
        assertEquals(-1.0, JavaForward.tanh(-1e6));
        assertEquals(1e-9, JavaForward.tanh(1e-9), 1e-15);
        assertTrue(Double.isNaN(JavaForward.tanh(Double.NaN)));
    }

    /** Batches 1-9 cover the four-row blocks and every remainder; the sums must be bit-identical to row by row. */
    @ParameterizedTest(name = "batch {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9})
    void blockedKernelIsBitIdenticalToRowByRowSums(int batch) {
        NetLayout layout = new NetLayout(3, 2, 0, List.of(7, 5), List.of(6), false, Activation.TANH);
        Rng rng = new Rng(batch);
        double[] p = layout.initParams(rng, false, 0.0);
        double[] obs = new double[batch * 3];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = 2 * rng.nextGaussian();
        }
        double[] out = new double[batch * 2];
        double[] v = new double[batch];
        new JavaForward(layout).forward(p, obs, batch, out, v);
        assertArrayEquals(rowByRow(p, layout.actor(), obs, batch), out, 0.0);
        assertArrayEquals(rowByRow(p, layout.critic(), obs, batch), v, 0.0);
    }

    private static double[] rowByRow(double[] p, NetLayout.Mlp m, double[] x, int batch) {
        double[] in = x;
        for (int l = 0; l < m.layers(); l++) {
            int nIn = m.sizes()[l];
            int nOut = m.sizes()[l + 1];
            double[] y = new double[batch * nOut];
            for (int r = 0; r < batch; r++) {
                for (int o = 0; o < nOut; o++) {
                    double s = p[m.biasOffset(l) + o];
                    for (int i = 0; i < nIn; i++) {
                        s += in[r * nIn + i] * p[m.weightOffset(l) + i * nOut + o];
                    }
                    y[r * nOut + o] = l < m.layers() - 1 ? JavaForward.tanh(s) : s;
                }
            }
            in = y;
        }
        return in;
    }
}
