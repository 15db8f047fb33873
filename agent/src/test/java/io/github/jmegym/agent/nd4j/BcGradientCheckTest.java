package io.github.jmegym.agent.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.agent.Activation;
import io.github.jmegym.agent.core.ActionDistribution;
import io.github.jmegym.agent.core.BcLoss;
import io.github.jmegym.agent.core.JavaForward;
import io.github.jmegym.agent.core.NetLayout;
import io.github.jmegym.agent.core.Rng;
import io.github.jmegym.agent.core.Sde;
import io.github.jmegym.envs.spaces.Discrete;
import io.github.jmegym.envs.spaces.MultiBinary;
import io.github.jmegym.envs.spaces.MultiDiscrete;
import io.github.jmegym.envs.spaces.Space;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The behaviour-cloning gradient (ND4J forward + {@link BcLoss} head + ND4J backward, the path of
 * {@code PpoTrainer.cloneFrom}) against central finite differences of the same loss computed by the plain-Java forward,
 * in float64, for every kind of action distribution, with and without the value regression, and under gSDE's
 * state-dependent Gaussian (latent features held constant, as the analytic gradient treats them).
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

    @Test
    void bcGradientUnderGsdeMatchesFiniteDifferencesWithLatentFeaturesHeld() {
        Space<?> actions = GradientCheckSpaces.box2();
        ActionDistribution dist = ActionDistribution.forSpace(actions, "gsde");
        int latent = 4;
        Sde sde = new Sde(latent, dist.nGauss());
        NetLayout layout = new NetLayout(OBS, dist.outDim(), sde.matrixSize(), List.of(5, latent), List.of(4), false,
                Activation.TANH);
        Rng rng = new Rng(11);
        double[] params = layout.initParams(rng, false, -0.5);
        for (int i = 0; i < params.length; i++) {
            params[i] += 0.3 * rng.nextGaussian();
        }
        double[] obs = new double[BATCH * OBS];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = rng.nextGaussian();
        }
        double[] act = new double[BATCH * dist.actDim()];
        double[] returns = new double[BATCH];
        for (int i = 0; i < act.length; i++) {
            act[i] = 0.8 * rng.nextGaussian();
        }
        for (int b = 0; b < BATCH; b++) {
            returns[b] = 3 * rng.nextGaussian();
        }
        Nd4jActorCritic net = new Nd4jActorCritic(layout, DataType.DOUBLE);
        net.setParams(params);
        double[] out = new double[BATCH * dist.outDim()];
        double[] values = new double[BATCH];
        net.forward(obs, BATCH, out, values);
        double[] phi = new double[BATCH * latent];
        net.latent(phi);
        double[] logStd = new double[BATCH * sde.nGauss()];
        sde.logStd(params, layout.logStdOffset(), phi, BATCH, logStd);
        double[] dOut = new double[out.length];
        double[] dValues = new double[BATCH];
        double[] dLogStd = new double[BATCH * sde.nGauss()];
        BcLoss.Result r = new BcLoss(dist).compute(BATCH, out, values, logStd, 0, sde.nGauss(), act, returns, 1.0,
                dOut, dValues, dLogStd);
        double[] grad = net.backward(dOut, dValues);
        sde.backward(params, layout.logStdOffset(), phi, BATCH, logStd, dLogStd, grad, layout.logStdOffset());
        JavaForward fwd = new JavaForward(layout);
        double[] javaPhi = new double[phi.length];
        fwd.forward(params, obs, BATCH, new double[out.length], new double[BATCH], javaPhi);
        for (int i = 0; i < phi.length; i++) {
            assertEquals(javaPhi[i], phi[i], 1e-12, "ND4J latent features equal the Java forward's");
        }
        java.util.function.ToDoubleFunction<double[]> loss = p -> {
            double[] o = new double[BATCH * dist.outDim()];
            double[] v = new double[BATCH];
            fwd.forward(p, obs, BATCH, o, v);
            double[] ls = new double[BATCH * sde.nGauss()];
            sde.logStd(p, layout.logStdOffset(), phi, BATCH, ls);
            return new BcLoss(dist).compute(BATCH, o, v, ls, 0, sde.nGauss(), act, returns, 1.0,
                    new double[o.length], new double[BATCH], new double[BATCH * sde.nGauss()]).loss();
        };
        assertEquals(r.loss(), loss.applyAsDouble(params), 1e-10, "ND4J forward loss equals the Java forward loss");
        boolean[] nonZero = FiniteDifferences.assertGradientMatches("gsde", params, grad, loss);
        int logStdNonZero = FiniteDifferences.count(nonZero, layout.logStdOffset())
                - FiniteDifferences.count(nonZero, layout.logStdOffset() + sde.matrixSize());
        assertEquals(sde.matrixSize(), logStdNonZero, "every entry of the log-std matrix gets a gradient");
        assertTrue(FiniteDifferences.count(nonZero, 0) > params.length / 2, "most gradients are non-zero");
    }
}
