package io.github.jmegym.agent.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.github.jmegym.agent.Activation;
import io.github.jmegym.envs.spaces.Box;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ActorCriticTest {
    /** Large batches run as OpenBLAS gemms; they must agree with the acting kernel (summation order aside). */
    @ParameterizedTest(name = "shared={0} activation={1} sde={2}")
    @CsvSource({"false, TANH, false", "true, TANH, false", "false, RELU, false", "false, TANH, true", "true, RELU, true"})
    void wholeBatchForwardMatchesTheActingKernel(boolean shared, Activation activation, boolean sde) {
        ActionDistribution dist = ActionDistribution.forSpace(Box.of(new double[] {-1, -1}, new double[] {1, 1}), "test");
        int latent = 5;
        Sde s = sde ? new Sde(latent, 2) : null;
        NetLayout layout = new NetLayout(3, dist.outDim(), sde ? s.matrixSize() : 2, List.of(7, latent), List.of(6),
                shared, activation);
        Rng rng = new Rng(3);
        double[] p = layout.initParams(rng, true, -0.5);
        int n = 300;
        double[] obs = new double[n * 3];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = 2 * rng.nextGaussian();
        }
        ActorCritic.Batch b = new ActorCritic(layout, dist, s).forward(p, obs, n, true);
        double[] out = new double[n * dist.outDim()];
        double[] v = new double[n];
        double[] phi = new double[n * latent];
        new JavaForward(layout).forward(p, obs, n, out, v, phi);
        assertArrayEquals(out, b.out(), 1e-12);
        assertArrayEquals(v, b.values(), 1e-12);
        double[] ls = new double[n * 2];
        if (sde) {
            s.logStd(p, layout.logStdOffset(), phi, n, ls);
        } else {
            for (int i = 0; i < n; i++) {
                System.arraycopy(p, layout.logStdOffset(), ls, i * 2, 2);
            }
        }
        assertArrayEquals(ls, b.logStd(), 1e-12);
    }
}
