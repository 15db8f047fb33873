package io.github.jmegym.agent.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.jmegym.agent.Activation;
import io.github.jmegym.agent.core.NetLayout;
import io.github.jmegym.agent.core.Rng;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;

/** The critic-only passes TRPO's value regression uses agree with the full passes on the critic's entries. */
class CriticOnlyPassTest {
    @ParameterizedTest(name = "shared={0}")
    @ValueSource(booleans = {false, true})
    void criticOnlyForwardAndBackwardMatchTheFullPassesOnTheCritic(boolean shared) {
        NetLayout layout = new NetLayout(3, 2, 2, List.of(8, 5), List.of(6), shared, Activation.TANH);
        Rng rng = new Rng(5);
        double[] p = layout.initParams(rng, true, 0.0);
        int n = 7;
        double[] obs = new double[n * 3];
        double[] dValues = new double[n];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = rng.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            dValues[i] = rng.nextGaussian();
        }
        Nd4jActorCritic net = new Nd4jActorCritic(layout, DataType.DOUBLE);
        net.setParams(p);
        double[] v = new double[n];
        net.forward(obs, n, new double[n * 2], v);
        double[] full = net.backward(new double[n * 2], dValues);
        double[] vc = new double[n];
        net.forwardValues(obs, n, vc);
        double[] critic = net.backwardCritic(dValues);
        assertArrayEquals(v, vc, 0.0);
        NetLayout.Mlp c = layout.critic();
        assertArrayEquals(Arrays.copyOfRange(full, c.offset(), c.offset() + c.paramCount()),
                Arrays.copyOfRange(critic, c.offset(), c.offset() + c.paramCount()), 0.0);
        assertThrows(IllegalStateException.class, () -> net.backward(new double[n * 2], dValues),
                "a critic-only forward has no actor activations to backpropagate");
    }
}
