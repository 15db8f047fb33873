package io.github.jmegym.agent.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.agent.Activation;
import io.github.jmegym.agent.core.ActionDistribution;
import io.github.jmegym.agent.core.BcLoss;
import io.github.jmegym.agent.core.JavaForward;
import io.github.jmegym.agent.core.NetLayout;
import io.github.jmegym.agent.core.Rng;
import io.github.jmegym.envs.spaces.Discrete;
import io.github.jmegym.envs.spaces.MultiBinary;
import io.github.jmegym.envs.spaces.MultiDiscrete;
import io.github.jmegym.envs.spaces.Space;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The behaviour-cloning gradient (ND4J forward + {@link BcLoss} head + ND4J backward, the path of
 * {@code PpoTrainer.cloneFrom}) against central finite differences of the same loss computed by the plain-Java forward,
 * in float64, for every kind of action distribution, with and without the value regression.
 */
class BcGradientCheckTest {
    private static final int BATCH = 6;
    private static final int OBS = 3;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("categorical", new Discrete(3), false, 1.0),
                Arguments.of("multi-categorical", new MultiDiscrete(2, 3), false, 0.0),
                Arguments.of("multi-binary", new MultiBinary(3), false, 1.0),
                Arguments.of("gaussian", GradientCheckSpaces.box2(), false, 1.0),
                Arguments.of("dict hybrid, shared trunk", GradientCheckSpaces.hybrid(), true, 0.5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void bcGradientMatchesFiniteDifferences(String name, Space<?> actions, boolean shared, double vfCoef) {
        ActionDistribution dist = ActionDistribution.forSpace(actions, name);
        NetLayout layout = new NetLayout(OBS, dist.outDim(), dist.nGauss(), List.of(5, 4), List.of(4), shared,
                Activation.TANH);
        Rng rng = new Rng(7);
        double[] params = layout.initParams(rng, false, -0.3);
        for (int i = 0; i < params.length; i++) {
            params[i] += 0.3 * rng.nextGaussian();
        }
        double[] obs = new double[BATCH * OBS];
        double[] act = new double[BATCH * dist.actDim()];
        double[] returns = new double[BATCH];
        JavaForward fwd = new JavaForward(layout);
        double[] out = new double[BATCH * dist.outDim()];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = rng.nextGaussian();
        }
        fwd.forward(params, obs, BATCH, out, null);
        for (int b = 0; b < BATCH; b++) {
            dist.sample(out, b * dist.outDim(), params, layout.logStdOffset(), rng, false, act, b * dist.actDim());
            returns[b] = 3 * rng.nextGaussian();
        }
        Nd4jActorCritic net = new Nd4jActorCritic(layout, DataType.DOUBLE);
        net.setParams(params);
        double[] values = new double[BATCH];
        net.forward(obs, BATCH, out, values);
        double[] dOut = new double[out.length];
        double[] dValues = new double[BATCH];
        double[] dLogStd = new double[Math.max(1, dist.nGauss())];
        BcLoss.Result r = new BcLoss(dist).compute(BATCH, out, values, params, layout.logStdOffset(), act, returns,
                vfCoef, dOut, dValues, dLogStd);
        double[] grad = net.backward(dOut, dValues);
        for (int i = 0; i < dist.nGauss(); i++) {
            grad[layout.logStdOffset() + i] = dLogStd[i];
        }
        java.util.function.ToDoubleFunction<double[]> loss = p -> {
            double[] o = new double[BATCH * dist.outDim()];
            double[] v = new double[BATCH];
            fwd.forward(p, obs, BATCH, o, v);
            return new BcLoss(dist).compute(BATCH, o, v, p, layout.logStdOffset(), act, returns, vfCoef,
                    new double[o.length], new double[BATCH], new double[Math.max(1, dist.nGauss())]).loss();
        };
        assertEquals(r.loss(), loss.applyAsDouble(params), 1e-10, "ND4J forward loss equals the Java forward loss");
        int nonZero = FiniteDifferences.count(FiniteDifferences.assertGradientMatches(name, params, grad, loss), 0);
        int expected = vfCoef == 0 && !shared ? params.length / 3 : params.length / 2;
        assertTrue(nonZero > expected, name + ": most gradients are non-zero (" + nonZero + "/" + params.length + ")");
    }
}
