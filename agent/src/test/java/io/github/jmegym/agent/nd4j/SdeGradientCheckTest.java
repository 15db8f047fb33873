package io.github.jmegym.agent.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.agent.Activation;
import io.github.jmegym.agent.core.ActionDistribution;
import io.github.jmegym.agent.core.JavaForward;
import io.github.jmegym.agent.core.NetLayout;
import io.github.jmegym.agent.core.PpoLoss;
import io.github.jmegym.agent.core.Rng;
import io.github.jmegym.agent.core.Sde;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.DictSpace;
import io.github.jmegym.envs.spaces.Discrete;
import io.github.jmegym.envs.spaces.Space;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The gSDE update's gradients (the log-std matrix through the state-dependent variance, and the unchanged mean
 * path through actor, critic and trunk) against central finite differences of the same loss in float64, with the
 * latent features held at their value under the unperturbed parameters (SB3's detached features,
 * learn_features=False). The analytic gradient is the trainer's path: ND4J forward (with its latent features),
 * Java loss head, ND4J backward, {@link Sde#backward}.
 */
class SdeGradientCheckTest {
    private static final int BATCH = 6;
    private static final int OBS = 3;

    static Stream<Arguments> cases() {
        Map<String, Space<?>> hybrid = new LinkedHashMap<>();
        hybrid.put("kind", new Discrete(3));
        hybrid.put("force", Box.of(new double[] {-1, -2}, new double[] {1, 2}));
        Space<?> box = Box.of(new double[] {-1, -1}, new double[] {1, 1});
        return Stream.of(
                Arguments.of("gaussian", box, List.of(5, 4), false, 0.0, 0.0),
                Arguments.of("gaussian with entropy bonus", box, List.of(5, 4), false, 0.05, 0.0),
                Arguments.of("kl penalty", Box.of(new double[] {-2}, new double[] {2}), List.of(4), false, 0.0, 0.7),
                Arguments.of("no hidden layer (features = observations)", box, List.<Integer>of(), false, 0.01, 0.0),
                Arguments.of("shared trunk, dict hybrid", new DictSpace(hybrid), List.of(5, 4), true, 0.02, 0.3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void analyticGradientMatchesFiniteDifferences(String name, Space<?> actions, List<Integer> hidden, boolean shared,
                                                  double entCoef, double klBeta) {
        ActionDistribution dist = ActionDistribution.forSpace(actions, name);
        int latent = hidden.isEmpty() ? OBS : hidden.get(hidden.size() - 1);
        Sde sde = new Sde(latent, dist.nGauss());
        NetLayout layout = new NetLayout(OBS, dist.outDim(), sde.matrixSize(), hidden, List.of(4), shared, Activation.TANH);
        assertEquals(latent, layout.latentDim());
        Rng rng = new Rng(7);
        double[] params = layout.initParams(rng, false, -0.5);
        for (int i = 0; i < params.length; i++) {
            params[i] += 0.3 * rng.nextGaussian();
        }
        Sample s = new Sample(dist, layout, sde, rng);
        double[] phi = s.latent(params);

        Nd4jActorCritic net = new Nd4jActorCritic(layout, DataType.DOUBLE);
        net.setParams(params);
        double[] out = new double[BATCH * dist.outDim()];
        double[] values = new double[BATCH];
        net.forward(s.obs, BATCH, out, values);
        double[] netPhi = new double[phi.length];
        net.latent(netPhi);
        assertArrayEquals(phi, netPhi, 1e-12, "the ND4J pass keeps the latent features the Java pass computes");
        Nd4jActorCritic floatNet = new Nd4jActorCritic(layout, DataType.FLOAT);
        floatNet.setParams(params);
        floatNet.forward(s.obs, BATCH, new double[out.length], new double[BATCH]);
        floatNet.latent(netPhi);
        assertArrayEquals(phi, netPhi, 1e-5, "and so does the float32 pass of the trainer, to float precision");
        double[] logStd = new double[BATCH * dist.nGauss()];
        sde.logStd(params, layout.logStdOffset(), phi, BATCH, logStd);
        double[] dOut = new double[out.length];
        double[] dValues = new double[BATCH];
        double[] dLogStd = new double[BATCH * dist.nGauss()];
        PpoLoss.Result r = new PpoLoss(dist).compute(BATCH, out, values, logStd, 0, dist.nGauss(), s.actions, s.oldLogp,
                s.adv, s.returns, s.oldValues, 0.2, null, entCoef, 0.5, klBeta, dOut, dValues, dLogStd);
        double[] grad = net.backward(dOut, dValues);
        sde.backward(params, layout.logStdOffset(), phi, BATCH, logStd, dLogStd, grad, layout.logStdOffset());
        assertEquals(r.loss, s.loss(params, phi, entCoef, klBeta), 1e-10, "ND4J forward loss equals the Java forward loss");

        boolean[] nonZeroAt = FiniteDifferences.assertGradientMatches(name, params, grad,
                p -> s.loss(p, phi, entCoef, klBeta));
        int nonZero = FiniteDifferences.count(nonZeroAt, 0);
        int logStdNonZero = FiniteDifferences.count(nonZeroAt, layout.logStdOffset());
        assertTrue(nonZero > params.length / 2, name + ": most gradients are non-zero (" + nonZero + "/" + params.length + ")");
        assertEquals(sde.matrixSize(), logStdNonZero, name + ": every log-std matrix entry gets a gradient");
    }

    /** A random minibatch acted on with gSDE noise, and the loss with the plain-Java forward and given features. */
    private static final class Sample {
        final ActionDistribution dist;
        final NetLayout layout;
        final Sde sde;
        final double[] obs = new double[BATCH * OBS];
        final double[] actions;
        final double[] oldLogp = new double[BATCH];
        final double[] adv = new double[BATCH];
        final double[] returns = new double[BATCH];
        final double[] oldValues = new double[BATCH];
        final JavaForward fwd;

        Sample(ActionDistribution dist, NetLayout layout, Sde sde, Rng rng) {
            this.dist = dist;
            this.layout = layout;
            this.sde = sde;
            this.fwd = new JavaForward(layout);
            this.actions = new double[BATCH * dist.actDim()];
            double[] p = layout.initParams(rng, true, -0.5);
            double[] out = new double[BATCH * dist.outDim()];
            double[] phi = new double[BATCH * sde.latentDim()];
            for (int i = 0; i < obs.length; i++) {
                obs[i] = rng.nextGaussian();
            }
            fwd.forward(p, obs, BATCH, out, null, phi);
            int ng = dist.nGauss();
            double[] logStd = new double[BATCH * ng];
            sde.logStd(p, layout.logStdOffset(), phi, BATCH, logStd);
            double[] e = new double[sde.matrixSize()];
            double[] noise = new double[ng];
            for (int b = 0; b < BATCH; b++) {
                if (b % 2 == 0) {
                    sde.drawExploration(p, layout.logStdOffset(), rng, e, 0);
                }
                sde.noise(phi, b * sde.latentDim(), e, 0, noise, 0);
                double lp = dist.sample(out, b * dist.outDim(), logStd, b * ng, rng, false, noise, 0, actions,
                        b * dist.actDim());
                // old log-probs spread so ratios fall on both sides of the clip range
                oldLogp[b] = lp + 0.4 * rng.nextGaussian();
                adv[b] = rng.nextGaussian();
                returns[b] = rng.nextGaussian();
                oldValues[b] = returns[b] + 0.2 * rng.nextGaussian();
            }
        }

        double[] latent(double[] params) {
            double[] phi = new double[BATCH * sde.latentDim()];
            fwd.forward(params, obs, BATCH, new double[BATCH * dist.outDim()], null, phi);
            return phi;
        }

        double loss(double[] params, double[] phi, double entCoef, double klBeta) {
            double[] out = new double[BATCH * dist.outDim()];
            double[] values = new double[BATCH];
            fwd.forward(params, obs, BATCH, out, values);
            double[] logStd = new double[BATCH * dist.nGauss()];
            sde.logStd(params, layout.logStdOffset(), phi, BATCH, logStd);
            return new PpoLoss(dist).compute(BATCH, out, values, logStd, 0, dist.nGauss(), actions, oldLogp, adv,
                    returns, oldValues, 0.2, null, entCoef, 0.5, klBeta, new double[out.length], new double[BATCH],
                    new double[BATCH * dist.nGauss()]).loss;
        }
    }
}
