package io.github.jmegym.agent.trpo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.agent.core.ActionDistribution;
import io.github.jmegym.agent.core.Rng;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.DictSpace;
import io.github.jmegym.envs.spaces.Discrete;
import io.github.jmegym.envs.spaces.MultiBinary;
import io.github.jmegym.envs.spaces.MultiDiscrete;
import io.github.jmegym.envs.spaces.Space;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** KL and total-variation distance of action distributions against closed forms. */
class DistributionGeometryTest {
    private static final double[] NONE = new double[0];

    private static DistributionGeometry geometry(Space<?> s) {
        return new DistributionGeometry(ActionDistribution.forSpace(s, "test"));
    }

    private static double[] softmax(double... logits) {
        double lse = ActionDistribution.logSumExp(logits, 0, logits.length);
        double[] p = new double[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - lse);
        }
        return p;
    }

    /** {@code 0.5 sum |p - q|}. */
    private static double halfL1(double[] p, double[] q) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            s += 0.5 * Math.abs(p[i] - q[i]);
        }
        return s;
    }

    /** The standard normal CDF by Simpson's rule (error below 1e-12 on the arguments used here). */
    private static double phi(double x) {
        int m = 20_000;
        double h = x / m;
        double s = 0;
        for (int i = 0; i <= m; i++) {
            double t = i * h;
            double w = (i == 0 || i == m) ? 1 : (i % 2 == 1 ? 4 : 2);
            s += w * Math.exp(-0.5 * t * t);
        }
        return 0.5 + s * h / 3 / Math.sqrt(2 * Math.PI);
    }

    @Test
    void klOfGaussiansAndCategoricalsHasTheClosedForm() {
        DistributionGeometry g = geometry(Box.of(new double[] {-1}, new double[] {1}));
        // KL(N(0, 1) || N(1, 2^2)) = log 2 + (1 + 1) / 8 - 1/2
        assertEquals(Math.log(2) + 0.25 - 0.5, g.kl(new double[] {0}, 0, new double[] {0}, 0, new double[] {1}, 0,
                new double[] {Math.log(2)}, 0), 1e-14);
        DistributionGeometry c = geometry(new Discrete(3));
        double[] lp = {0.2, -1, 0.5};
        double[] lq = {1, 0, -0.3};
        double[] p = softmax(lp);
        double[] q = softmax(lq);
        double expected = 0;
        for (int i = 0; i < 3; i++) {
            expected += p[i] * Math.log(p[i] / q[i]);
        }
        assertEquals(expected, c.kl(lp, 0, NONE, 0, lq, 0, NONE, 0), 1e-14);
        assertEquals(0.0, c.kl(lp, 0, NONE, 0, lp, 0, NONE, 0), 1e-15);
    }

    @Test
    void tvOfTwoCategoricalsIsHalfTheL1DistanceExactly() {
        DistributionGeometry g = geometry(new Discrete(4));
        double[] lp = {0.3, -0.2, 1.1, 0.0};
        double[] lq = {-0.5, 0.4, 0.9, 0.2};
        double[] p = softmax(lp);
        double[] q = softmax(lq);
        assertEquals(halfL1(p, q), g.totalVariation(lp, 0, NONE, 0, lq, 0, NONE, 0, 1, new Rng(0)), 1e-15);
    }

    @Test
    void tvOfBernoullisIsTheDifferenceOfProbabilitiesAndOfTheirProductOverOutcomes() {
        // a MultiBinary element is a two-logit categorical: P(1) = sigmoid(l1 - l0)
        double[] lp = {0.0, 0.8};
        double[] lq = {0.0, -0.4};
        double p = 1 / (1 + Math.exp(-0.8));
        double q = 1 / (1 + Math.exp(0.4));
        assertEquals(Math.abs(p - q), geometry(new MultiBinary(1)).totalVariation(lp, 0, NONE, 0, lq, 0, NONE, 0, 1,
                new Rng(0)), 1e-15);
        double[] lp2 = {0.0, 0.8, 0.0, -1.0};
        double[] lq2 = {0.0, -0.4, 0.0, 0.3};
        double p2 = 1 / (1 + Math.exp(1.0));
        double q2 = 1 / (1 + Math.exp(-0.3));
        double expected = 0;
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                double pp = (a == 1 ? p : 1 - p) * (b == 1 ? p2 : 1 - p2);
                double qq = (a == 1 ? q : 1 - q) * (b == 1 ? q2 : 1 - q2);
                expected += 0.5 * Math.abs(pp - qq);
            }
        }
        assertEquals(expected, geometry(new MultiBinary(2)).totalVariation(lp2, 0, NONE, 0, lq2, 0, NONE, 0, 1,
                new Rng(0)), 1e-15);
    }

    @ParameterizedTest(name = "mu difference {0}, sigma {1}")
    @CsvSource({"0.5, 1.0", "1.0, 0.5", "3.0, 2.0"})
    void tvOfOneDimensionalGaussiansWithEqualSigmasMatchesTheNormalCdf(double dMu, double sigma) {
        DistributionGeometry g = geometry(Box.of(new double[] {-1}, new double[] {1}));
        double[] ls = {Math.log(sigma)};
        double tv = g.totalVariation(new double[] {0.2}, 0, ls, 0, new double[] {0.2 + dMu}, 0, ls, 0, 200_000, new Rng(1));
        double expected = 2 * phi(Math.abs(dMu) / (2 * sigma)) - 1;
        assertEquals(expected, tv, 0.005, "2 Phi(|dmu| / (2 sigma)) - 1 = " + expected);
    }

    private static DictSpace hybrid() {
        Map<String, Space<?>> m = new LinkedHashMap<>();
        m.put("kind", new Discrete(3));
        m.put("force", Box.of(new double[] {-1}, new double[] {1}));
        return new DictSpace(m);
    }

    @Test
    void tvOfAHybridSumsTheCategoricalPartExactlyAndIntegratesTheGaussianPart() {
        DistributionGeometry g = geometry(hybrid());
        double[] p = {0.3, -0.2, 1.1, 0.0};
        double[] sameGaussian = {-0.5, 0.4, 0.9, 0.0};
        double[] ls = {0.0};
        double[] cp = softmax(0.3, -0.2, 1.1);
        double[] cq = softmax(-0.5, 0.4, 0.9);
        assertEquals(halfL1(cp, cq), g.totalVariation(p, 0, ls, 0, sameGaussian, 0, ls, 0, 8, new Rng(2)), 1e-12,
                "equal Gaussian parts: the categorical TV, whatever the draws");
        double[] sameCategorical = {0.3, -0.2, 1.1, 1.0};
        assertEquals(2 * phi(0.5) - 1, g.totalVariation(p, 0, ls, 0, sameCategorical, 0, ls, 0, 200_000, new Rng(3)),
                0.005, "equal categorical parts: the Gaussian TV");
        // both differ: against sum_c integral (p_c N(x; 0, 1) - q_c N(x; 1, e^0.3))^+ dx on a fine grid
        double[] q = {-0.5, 0.4, 0.9, 1.0};
        double[] lq = {0.3};
        double sq = Math.exp(0.3);
        double expected = 0;
        double h = 1e-3;
        for (double x = -12; x <= 14; x += h) {
            double np = Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
            double z = (x - 1) / sq;
            double nq = Math.exp(-0.5 * z * z) / (sq * Math.sqrt(2 * Math.PI));
            for (int c = 0; c < 3; c++) {
                expected += Math.max(0, cp[c] * np - cq[c] * nq) * h;
            }
        }
        assertEquals(expected, g.totalVariation(p, 0, ls, 0, q, 0, lq, 0, 200_000, new Rng(4)), 0.005);
    }

    @Test
    void tvWithMoreJointOutcomesThanEnumeratedSamplesEveryPart() {
        DistributionGeometry g = geometry(new MultiDiscrete(20, 20, 20));
        assertTrue(20 * 20 * 20 > DistributionGeometry.MAX_ENUMERATED_OUTCOMES);
        Rng r = new Rng(5);
        double[] p = new double[60];
        for (int i = 0; i < 60; i++) {
            p[i] = 0.5 * r.nextGaussian();
        }
        double[] q = p.clone();
        for (int i = 0; i < 20; i++) {
            q[i] += 0.6 * r.nextGaussian(); // only the first head differs: the TV is that head's
        }
        double[] hp = softmax(java.util.Arrays.copyOf(p, 20));
        double[] hq = softmax(java.util.Arrays.copyOf(q, 20));
        assertEquals(halfL1(hp, hq), g.totalVariation(p, 0, NONE, 0, q, 0, NONE, 0, 100_000, new Rng(6)), 0.01);
    }

    @Test
    void tvIsDeterministicForAFixedSeed() {
        DistributionGeometry g = geometry(hybrid());
        double[] p = {0.3, -0.2, 1.1, 0.0};
        double[] q = {-0.5, 0.4, 0.9, 1.0};
        double[] ls = {0.0};
        double a = g.totalVariation(p, 0, ls, 0, q, 0, ls, 0, 64, new Rng(7));
        double b = g.totalVariation(p, 0, ls, 0, q, 0, ls, 0, 64, new Rng(7));
        assertEquals(a, b, 0.0);
    }
}
