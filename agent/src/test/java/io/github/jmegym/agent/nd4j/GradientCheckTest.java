package io.github.jmegym.agent.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.agent.Activation;
import io.github.jmegym.agent.core.ActionDistribution;
import io.github.jmegym.agent.core.JavaForward;
import io.github.jmegym.agent.core.NetLayout;
import io.github.jmegym.agent.core.PpoLoss;
import io.github.jmegym.agent.core.Rng;
import io.github.jmegym.envs.spaces.DictSpace;
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
 * Every gradient of the PPO update (each layer of actor, critic and shared trunk; each distribution; log-std; value
 * loss with and without clipping; entropy; KL penalty) against central finite differences of the same loss, in
 * float64. The analytic gradient is the trainer's path: ND4J forward + Java loss head + ND4J backward.
 */
class GradientCheckTest {
    private static final int BATCH = 6;
    private static final int OBS = 3;

    static Stream<Arguments> cases() {
        DictSpace hybrid = GradientCheckSpaces.hybrid();
        Space<?> box = GradientCheckSpaces.box2();
        return Stream.of(
                Arguments.of("categorical", new Discrete(3), false, Activation.TANH, null, 0.01, 0.0),
                Arguments.of("multi-categorical", new MultiDiscrete(2, 3), false, Activation.TANH, null, 0.01, 0.0),
                Arguments.of("multi-binary", new MultiBinary(3), false, Activation.TANH, null, 0.0, 0.0),
                Arguments.of("gaussian", box, false, Activation.TANH, null, 0.01, 0.0),
                Arguments.of("dict hybrid", hybrid, false, Activation.TANH, null, 0.02, 0.0),
                Arguments.of("value clipping", new Discrete(2), false, Activation.TANH, 0.05, 0.0, 0.0),
                Arguments.of("kl penalty", box, false, Activation.TANH, null, 0.0, 0.7),
                Arguments.of("shared trunk", hybrid, true, Activation.TANH, 0.05, 0.01, 0.3),
                Arguments.of("relu", new Discrete(4), false, Activation.RELU, null, 0.01, 0.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void analyticGradientMatchesFiniteDifferences(String name, Space<?> actions, boolean shared, Activation act,
                                                  Double clipVf, double entCoef, double klBeta) {
        ActionDistribution dist = ActionDistribution.forSpace(actions, name);
        NetLayout layout = new NetLayout(OBS, dist.outDim(), dist.nGauss(), List.of(5, 4), List.of(4), shared, act);
        Rng rng = new Rng(42);
        double[] params = layout.initParams(rng, false, -0.3);
        for (int i = 0; i < params.length; i++) {
            params[i] += 0.3 * rng.nextGaussian();
        }
        Sample s = new Sample(dist, layout, rng);
        Nd4jActorCritic net = new Nd4jActorCritic(layout, DataType.DOUBLE);
        net.setParams(params);
        double[] out = new double[BATCH * dist.outDim()];
        double[] values = new double[BATCH];
        net.forward(s.obs, BATCH, out, values);
        double[] dOut = new double[out.length];
        double[] dValues = new double[BATCH];
        double[] dLogStd = new double[Math.max(1, dist.nGauss())];
        PpoLoss loss = new PpoLoss(dist);
        PpoLoss.Result r = loss.compute(BATCH, out, values, params, layout.logStdOffset(), s.actions, s.oldLogp, s.adv,
                s.returns, s.oldValues, 0.2, clipVf, entCoef, 0.5, klBeta, dOut, dValues, dLogStd);
        double[] grad = net.backward(dOut, dValues);
        for (int i = 0; i < dist.nGauss(); i++) {
            grad[layout.logStdOffset() + i] = dLogStd[i];
        }
        assertEquals(r.loss, s.loss(params, clipVf, entCoef, klBeta), 1e-10, "ND4J forward loss equals the Java forward loss");
        int nonZero = FiniteDifferences.count(FiniteDifferences.assertGradientMatches(name, params, grad,
                p -> s.loss(p, clipVf, entCoef, klBeta)), 0);
        assertTrue(nonZero > params.length / 2, name + ": most gradients are non-zero (" + nonZero + "/" + params.length + ")");
    }

    /** A random minibatch and the loss computed with the plain-Java forward (independent of ND4J). */
    private static final class Sample {
        final ActionDistribution dist;
        final NetLayout layout;
        final double[] obs = new double[BATCH * OBS];
        final double[] actions;
        final double[] oldLogp = new double[BATCH];
        final double[] adv = new double[BATCH];
        final double[] returns = new double[BATCH];
        final double[] oldValues = new double[BATCH];
        final JavaForward fwd;

        Sample(ActionDistribution dist, NetLayout layout, Rng rng) {
            this.dist = dist;
            this.layout = layout;
            this.fwd = new JavaForward(layout);
            this.actions = new double[BATCH * dist.actDim()];
            double[] p = layout.initParams(rng, true, 0.0);
            double[] out = new double[BATCH * dist.outDim()];
            for (int i = 0; i < obs.length; i++) {
                obs[i] = rng.nextGaussian();
            }
            fwd.forward(p, obs, BATCH, out, null);
            for (int b = 0; b < BATCH; b++) {
                dist.sample(out, b * dist.outDim(), p, layout.logStdOffset(), rng, false, actions, b * dist.actDim());
                // old log-probs spread so ratios fall on both sides of the clip range
                oldLogp[b] = dist.logProb(out, b * dist.outDim(), p, layout.logStdOffset(), actions, b * dist.actDim())
                        + 0.4 * rng.nextGaussian();
                adv[b] = rng.nextGaussian();
                returns[b] = rng.nextGaussian();
                oldValues[b] = returns[b] + 0.2 * rng.nextGaussian();
            }
        }

        double loss(double[] params, Double clipVf, double entCoef, double klBeta) {
            double[] out = new double[BATCH * dist.outDim()];
            double[] values = new double[BATCH];
            fwd.forward(params, obs, BATCH, out, values);
            return new PpoLoss(dist).compute(BATCH, out, values, params, layout.logStdOffset(), actions, oldLogp, adv,
                    returns, oldValues, 0.2, clipVf, entCoef, 0.5, klBeta, new double[out.length], new double[BATCH],
                    new double[Math.max(1, dist.nGauss())]).loss;
        }
    }
}
