package io.github.jmegym.agent.trpo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.agent.Activation;
import io.github.jmegym.agent.core.JavaForward;
import io.github.jmegym.agent.core.NetLayout;
import io.github.jmegym.agent.core.Sde;
import io.github.jmegym.agent.nd4j.FiniteDifferences;
import io.github.jmegym.agent.nd4j.Nd4jActorCritic;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.Space;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The Fisher-vector product {@code J^T M J v} (forward-mode {@code J v}, the distribution's Fisher {@code M}, reverse
 * mode {@code J^T u}) against central finite differences of the gradient of the mean {@code KL(pi_old || pi_theta)}
 * at {@code theta = theta_old}, the Hessian-vector product sb3-contrib's TRPO takes with autograd. The KL's gradient
 * is taken with the trainer's ND4J backward pass, independent of {@link PolicyJacobian}; with gSDE the latent features
 * in the variance are held at their old values, as SB3 detaches them.
 */
class FisherVectorProductTest {
    private static final int N = 6;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.jmegym.agent.trpo.PolicyFixture#cases")
    void fisherVectorProductIsTheFiniteDifferenceOfTheKlGradient(String name, Space<?> actions, boolean shared,
                                                                  Activation act, List<Integer> hidden, boolean useSde) {
        PolicyFixture f = new PolicyFixture(name, actions, shared, act, hidden, useSde, N, 7);
        double[] v = f.direction(11);
        double[] fv = fisherProduct(f, v, 0.0);
        KlOracle kl = new KlOracle(f);
        int nonZero = FiniteDifferences.count(FiniteDifferences.assertGradientMatches(name, f.params.clone(), fv,
                p -> ConjugateGradient.dot(kl.gradient(p), v)), 0);
        int policyParams = f.layout.paramCount() - f.layout.critic().paramCount();
        assertTrue(nonZero > policyParams / 2, name + ": most policy entries are non-zero (" + nonZero + "/" + policyParams + ")");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.jmegym.agent.trpo.PolicyFixture#cases")
    void quadraticFormMatchesSecondDifferencesOfTheKl(String name, Space<?> actions, boolean shared, Activation act,
                                                     List<Integer> hidden, boolean useSde) {
        PolicyFixture f = new PolicyFixture(name, actions, shared, act, hidden, useSde, N, 8);
        double[] v = f.direction(12);
        double vfv = ConjugateGradient.dot(v, fisherProduct(f, v, 0.0));
        KlOracle kl = new KlOracle(f);
        double h = 1e-3;
        double[] up = f.params.clone();
        double[] down = f.params.clone();
        for (int i = 0; i < v.length; i++) {
            up[i] += h * v[i];
            down[i] -= h * v[i];
        }
        double second = (kl.value(up) + kl.value(down) - 2 * kl.value(f.params)) / (h * h);
        assertTrue(vfv > 0, name + ": v^T F v = " + vfv + " > 0");
        assertEquals(second, vfv, 1e-4 * vfv, name + ": v^T F v against KL(theta + h v) + KL(theta - h v)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.jmegym.agent.trpo.PolicyFixture#cases")
    void jacobianProductsAreAdjointAndMatchTheNd4jBackwardPass(String name, Space<?> actions, boolean shared,
                                                               Activation act, List<Integer> hidden, boolean useSde) {
        PolicyFixture f = new PolicyFixture(name, actions, shared, act, hidden, useSde, N, 9);
        int od = f.dist.outDim();
        int ng = f.dist.nGauss();
        PolicyJacobian jac = new PolicyJacobian(f.layout, f.dist, f.useSde);
        jac.linearize(f.params, f.obs, N);
        double[] out = new double[N * od];
        double[] ls = f.evaluate(f.params, out);
        assertArrayEquals(out, jac.outputs(), 1e-12, name + ": outputs as JavaForward computes them");
        assertArrayEquals(ls, java.util.Arrays.copyOf(jac.logStds(), N * ng), 1e-12, name + ": log-stds");

        double[] v = f.direction(13);
        double[] jvOut = new double[N * od];
        double[] jvLs = new double[N * ng];
        jac.jvp(v, jvOut, jvLs);
        double[] uOut = f.direction(14);
        uOut = java.util.Arrays.copyOf(uOut, N * od);
        double[] uLs = java.util.Arrays.copyOf(f.direction(15), N * ng);
        double[] jtu = new double[v.length];
        jac.vjp(uOut.clone(), uLs, jtu);
        assertEquals(ConjugateGradient.dot(uOut, jvOut) + ConjugateGradient.dot(uLs, jvLs),
                ConjugateGradient.dot(jtu, v), 1e-10, name + ": u . J v = J^T u . v");

        Nd4jActorCritic net = new Nd4jActorCritic(f.layout, DataType.DOUBLE);
        net.setParams(f.params);
        net.forward(f.obs, N, new double[N * od], new double[N]);
        double[] expected = net.backward(uOut.clone(), new double[N]);
        logStdBackward(f, f.params, latent(f, f.params), ls, uLs, expected);
        assertArrayEquals(expected, jtu, 1e-10, name + ": J^T u as the trainer's ND4J backward pass gives it");
    }

    @Test
    void dampingAddsThatMultipleOfTheDirection() {
        PolicyFixture f = new PolicyFixture("gaussian", Box.of(new double[] {-1}, new double[] {1}), false,
                Activation.TANH, List.of(4), false, N, 3);
        double[] v = f.direction(4);
        double[] plain = fisherProduct(f, v, 0.0);
        double[] damped = fisherProduct(f, v, 0.1);
        for (int i = 0; i < v.length; i++) {
            assertEquals(plain[i] + 0.1 * v[i], damped[i], 1e-14);
        }
        NetLayout.Mlp c = f.layout.critic();
        for (int i = c.offset(); i < c.offset() + c.paramCount(); i++) {
            assertEquals(0.0, plain[i], "critic parameter " + i + " does not change the policy");
        }
    }

    static double[] fisherProduct(PolicyFixture f, double[] v, double damping) {
        PolicyJacobian jac = new PolicyJacobian(f.layout, f.dist, f.useSde);
        jac.linearize(f.params.clone(), f.obs, f.n);
        double[] fv = new double[v.length];
        new FisherOperator(jac, new DistributionGeometry(f.dist), damping).apply(v, fv);
        return fv;
    }

    private static double[] latent(PolicyFixture f, double[] p) {
        double[] phi = new double[f.n * f.layout.latentDim()];
        new JavaForward(f.layout).forward(p, f.obs, f.n, new double[f.n * f.dist.outDim()], null, phi);
        return phi;
    }

    /** Writes the log-std part of the gradient: summed over samples, or through gSDE's variance (phi constant). */
    private static void logStdBackward(PolicyFixture f, double[] p, double[] phi, double[] ls, double[] dLs,
                                       double[] grad) {
        int off = f.layout.logStdOffset();
        int ng = f.dist.nGauss();
        if (f.useSde) {
            new Sde(f.layout.latentDim(), ng).backward(p, off, phi, f.n, ls, dLs, grad, off);
            return;
        }
        for (int g = 0; g < ng; g++) {
            grad[off + g] = 0;
            for (int b = 0; b < f.n; b++) {
                grad[off + g] += dLs[b * ng + g];
            }
        }
    }

    /**
     * The mean {@code KL(pi_old || pi_theta)} of the fixture's batch and its gradient in {@code theta} (ND4J forward
     * and backward, {@link DistributionGeometry#klGradient}), with gSDE's latent features held at the old ones.
     */
    static final class KlOracle {
        private final PolicyFixture f;
        private final DistributionGeometry geo;
        private final double[] oldOut;
        private final double[] oldLs;
        private final double[] oldPhi;
        private final Nd4jActorCritic net;

        KlOracle(PolicyFixture f) {
            this.f = f;
            this.geo = new DistributionGeometry(f.dist);
            this.oldOut = new double[f.n * f.dist.outDim()];
            this.oldPhi = latent(f, f.params);
            this.oldLs = f.evaluate(f.params, oldOut);
            this.net = new Nd4jActorCritic(f.layout, DataType.DOUBLE);
        }

        double value(double[] p) {
            double[] out = new double[oldOut.length];
            new JavaForward(f.layout).forward(p, f.obs, f.n, out, null);
            double[] ls = f.logStdsWith(p, oldPhi);
            return geo.meanKl(f.n, oldOut, oldLs, out, ls);
        }

        double[] gradient(double[] p) {
            int od = f.dist.outDim();
            int ng = f.dist.nGauss();
            double[] out = new double[oldOut.length];
            net.setParams(p);
            net.forward(f.obs, f.n, out, new double[f.n]);
            double[] ls = f.logStdsWith(p, oldPhi);
            double[] dOut = new double[out.length];
            double[] dLs = new double[f.n * ng];
            for (int b = 0; b < f.n; b++) {
                geo.klGradient(oldOut, b * od, oldLs, b * ng, out, b * od, ls, b * ng, 1.0 / f.n, dOut, b * od, dLs, b * ng);
            }
            double[] grad = net.backward(dOut, new double[f.n]);
            logStdBackward(f, p, oldPhi, ls, dLs, grad);
            return grad;
        }
    }
}
