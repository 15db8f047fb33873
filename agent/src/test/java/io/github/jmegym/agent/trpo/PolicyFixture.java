package io.github.jmegym.agent.trpo;

import io.github.jmegym.agent.Activation;
import io.github.jmegym.agent.core.ActionDistribution;
import io.github.jmegym.agent.core.JavaForward;
import io.github.jmegym.agent.core.NetLayout;
import io.github.jmegym.agent.core.Rng;
import io.github.jmegym.agent.core.Sde;
import io.github.jmegym.agent.nd4j.GradientCheckSpaces;
import io.github.jmegym.envs.spaces.DictSpace;
import io.github.jmegym.envs.spaces.Discrete;
import io.github.jmegym.envs.spaces.MultiBinary;
import io.github.jmegym.envs.spaces.MultiDiscrete;
import io.github.jmegym.envs.spaces.Space;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * A small random policy (every action-space kind, both layouts, both activations, gSDE) with a batch of observations,
 * actions sampled from it, their log-probabilities and advantages, for the tests of this package.
 */
final class PolicyFixture {
    static final int OBS = 3;

    final String name;
    final ActionDistribution dist;
    final NetLayout layout;
    final boolean useSde;
    final int n;
    final double[] params;
    final double[] obs;
    final double[] actions;
    final double[] logProbs;
    final double[] advantages;

    /** The cases: one per distribution kind, plus shared trunk, ReLU, no hidden layer and gSDE. */
    static Stream<Arguments> cases() {
        DictSpace hybrid = GradientCheckSpaces.hybrid();
        Space<?> box = GradientCheckSpaces.box2();
        return Stream.of(
                Arguments.of("categorical", new Discrete(3), false, Activation.TANH, List.of(5, 4), false),
                Arguments.of("multi-categorical", new MultiDiscrete(2, 3), false, Activation.TANH, List.of(5, 4), false),
                Arguments.of("multi-binary", new MultiBinary(3), false, Activation.TANH, List.of(5, 4), false),
                Arguments.of("gaussian", box, false, Activation.TANH, List.of(5, 4), false),
                Arguments.of("dict hybrid", hybrid, false, Activation.TANH, List.of(5, 4), false),
                Arguments.of("shared trunk hybrid", hybrid, true, Activation.TANH, List.of(5, 4), false),
                Arguments.of("relu hybrid", hybrid, false, Activation.RELU, List.of(5, 4), false),
                Arguments.of("linear policy", new Discrete(4), false, Activation.TANH, List.of(), false),
                Arguments.of("gsde", box, false, Activation.TANH, List.of(5, 4), true),
                Arguments.of("gsde shared trunk", box, true, Activation.RELU, List.of(4), true));
    }

    PolicyFixture(String name, Space<?> actions, boolean shared, Activation act, List<Integer> hidden, boolean useSde,
                  int n, long seed) {
        this.name = name;
        this.dist = ActionDistribution.forSpace(actions, name);
        this.useSde = useSde;
        int latent = hidden.isEmpty() ? OBS : hidden.get(hidden.size() - 1);
        this.layout = new NetLayout(OBS, dist.outDim(), useSde ? latent * dist.nGauss() : dist.nGauss(), hidden,
                List.of(4), shared, act);
        this.n = n;
        Rng rng = new Rng(seed);
        params = layout.initParams(rng, false, -0.3);
        for (int i = 0; i < params.length; i++) {
            params[i] += 0.3 * rng.nextGaussian();
        }
        obs = new double[n * OBS];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = rng.nextGaussian();
        }
        this.actions = new double[n * dist.actDim()];
        this.logProbs = new double[n];
        this.advantages = new double[n];
        double[] out = new double[n * dist.outDim()];
        double[] ls = evaluate(params, out);
        for (int b = 0; b < n; b++) {
            logProbs[b] = dist.sample(out, b * dist.outDim(), ls, b * dist.nGauss(), rng, false, this.actions,
                    b * dist.actDim());
            advantages[b] = rng.nextGaussian();
        }
    }

    /** The outputs (into {@code out}) and per-sample log-stds at {@code p}, with the acting kernel. */
    double[] evaluate(double[] p, double[] out) {
        double[] phi = new double[n * layout.latentDim()];
        new JavaForward(layout).forward(p, obs, n, out, null, phi);
        return logStdsWith(p, phi);
    }

    /** Per-sample log-stds at {@code p} with the given latent features (gSDE) or the log-std parameters. */
    double[] logStdsWith(double[] p, double[] phi) {
        int ng = dist.nGauss();
        double[] ls = new double[n * ng];
        if (useSde) {
            new Sde(layout.latentDim(), ng).logStd(p, layout.logStdOffset(), phi, n, ls);
        } else {
            for (int b = 0; b < n; b++) {
                System.arraycopy(p, layout.logStdOffset(), ls, b * ng, ng);
            }
        }
        return ls;
    }

    TrustRegionUpdate.Batch batch() {
        return new TrustRegionUpdate.Batch(obs, actions, logProbs, advantages, n);
    }

    /** A random direction in parameter space. */
    double[] direction(long seed) {
        Rng rng = new Rng(seed);
        double[] v = new double[params.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        return v;
    }
}
