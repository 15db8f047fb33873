package io.github.jmegym.agent.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.github.jmegym.agent.Activation;
import io.github.jmegym.agent.core.JavaForward;
import io.github.jmegym.agent.core.NetLayout;
import io.github.jmegym.agent.core.Rng;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;

/** The plain-Java rollout kernel computes what the ND4J training network computes. */
class JavaForwardMatchTest {
    @ParameterizedTest(name = "shared={0} {1} batch {2}")
    @CsvSource({"false, TANH, 1", "false, TANH, 8", "true, TANH, 8", "false, RELU, 5", "true, RELU, 3"})
    void javaKernelMatchesNd4jInFloat64To1e6(boolean shared, Activation act, int batch) {
        NetLayout layout = new NetLayout(4, 3, 1, List.of(64, 64), List.of(64, 64), shared, act);
        Rng rng = new Rng(5);
        double[] p = layout.initParams(rng, true, 0.0);
        for (int i = 0; i < p.length; i++) {
            p[i] += 0.05 * rng.nextGaussian();
        }
        double[] obs = new double[batch * 4];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = 2 * rng.nextGaussian();
        }
        double[] outJ = new double[batch * 3];
        double[] vJ = new double[batch];
        new JavaForward(layout).forward(p, obs, batch, outJ, vJ);
        Nd4jActorCritic net = new Nd4jActorCritic(layout, DataType.DOUBLE);
        net.setParams(p);
        double[] outN = new double[batch * 3];
        double[] vN = new double[batch];
        net.forward(obs, batch, outN, vN);
        assertArrayEquals(outN, outJ, 1e-6);
        assertArrayEquals(vN, vJ, 1e-6);
        Nd4jActorCritic f32 = new Nd4jActorCritic(layout, DataType.FLOAT);
        f32.setParams(p);
        f32.forward(obs, batch, outN, vN);
        assertArrayEquals(outN, outJ, 1e-4, "the float32 training network agrees to float precision");
        assertArrayEquals(vN, vJ, 1e-4);
    }

    @ParameterizedTest(name = "shared={0} {1}")
    @CsvSource({"false, TANH", "true, TANH", "false, RELU"})
    void float32BackwardAgreesWithFloat64Backward(boolean shared, Activation act) {
        NetLayout layout = new NetLayout(4, 3, 0, List.of(64, 64), List.of(64, 64), shared, act);
        Rng rng = new Rng(9);
        double[] p = layout.initParams(rng, true, 0.0);
        int batch = 32;
        double[] obs = new double[batch * 4];
        double[] dOut = new double[batch * 3];
        double[] dV = new double[batch];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = rng.nextGaussian();
        }
        for (int i = 0; i < dOut.length; i++) {
            dOut[i] = rng.nextGaussian() / batch;
        }
        for (int i = 0; i < dV.length; i++) {
            dV[i] = rng.nextGaussian() / batch;
        }
        double[][] grads = new double[2][];
        int k = 0;
        for (DataType t : List.of(DataType.DOUBLE, DataType.FLOAT)) {
            Nd4jActorCritic net = new Nd4jActorCritic(layout, t);
            net.setParams(p);
            net.forward(obs, batch, new double[batch * 3], new double[batch]);
            grads[k++] = net.backward(dOut, dV);
        }
        double scale = java.util.Arrays.stream(grads[0]).map(Math::abs).max().orElseThrow();
        for (int i = 0; i < grads[0].length; i++) {
            org.junit.jupiter.api.Assertions.assertEquals(grads[0][i], grads[1][i], 1e-5 * scale, "parameter " + i);
        }
    }
}
