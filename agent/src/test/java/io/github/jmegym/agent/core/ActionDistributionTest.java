package io.github.jmegym.agent.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.DictSpace;
import io.github.jmegym.envs.spaces.Discrete;
import io.github.jmegym.envs.spaces.MultiBinary;
import io.github.jmegym.envs.spaces.MultiDiscrete;
import io.github.jmegym.envs.spaces.Space;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Log-probabilities and entropies of every distribution against closed forms; sampling and env actions. */
class ActionDistributionTest {
    private static final double LN2PI = Math.log(2 * Math.PI);

    @Test
    void categoricalLogProbAndEntropyMatchClosedForm() {
        ActionDistribution d = ActionDistribution.forSpace(new Discrete(3, 1), "test");
        double[] logits = {0.5, -1.0, 2.0};
        double z = Math.exp(0.5) + Math.exp(-1.0) + Math.exp(2.0);
        double[] p = {Math.exp(0.5) / z, Math.exp(-1.0) / z, Math.exp(2.0) / z};
        assertEquals(Math.log(p[2]), d.logProb(logits, 0, new double[0], 0, new double[] {2}, 0), 1e-12);
        double h = -(p[0] * Math.log(p[0]) + p[1] * Math.log(p[1]) + p[2] * Math.log(p[2]));
        assertEquals(h, d.entropy(logits, 0, new double[0], 0), 1e-12);
        assertEquals(3, d.toEnvAction(new double[] {2}, 0), "env action is start + index");
    }

    @Test
    void multiCategoricalIsTheSumOfIndependentCategoricals() {
        ActionDistribution d = ActionDistribution.forSpace(new MultiDiscrete(2, 3), "test");
        double[] logits = {0.0, 1.0, 0.3, 0.3, -0.6};
        double l1 = 1.0 - Math.log(1 + Math.E);
        double z2 = 2 * Math.exp(0.3) + Math.exp(-0.6);
        double l2 = -0.6 - Math.log(z2);
        assertEquals(l1 + l2, d.logProb(logits, 0, new double[0], 0, new double[] {1, 2}, 0), 1e-12);
        double p1 = Math.E / (1 + Math.E);
        double h1 = -(p1 * Math.log(p1) + (1 - p1) * Math.log(1 - p1));
        double q = Math.exp(0.3) / z2;
        double r = Math.exp(-0.6) / z2;
        double h2 = -(2 * q * Math.log(q) + r * Math.log(r));
        assertEquals(h1 + h2, d.entropy(logits, 0, new double[0], 0), 1e-12);
        assertArrayEquals(new int[] {1, 2}, (int[]) d.toEnvAction(new double[] {1, 2}, 0));
    }

    @Test
    void diagonalGaussianMatchesClosedFormAndActionsAreClipped() {
        Box box = Box.of(new double[] {-1, -1}, new double[] {1, 1});
        ActionDistribution d = ActionDistribution.forSpace(box, "test");
        double[] mean = {0.2, -0.5};
        double[] logStd = {Math.log(0.5), 0.0};
        double[] x = {1.7, -0.1};
        double expected = 0;
        double[] sd = {0.5, 1.0};
        for (int i = 0; i < 2; i++) {
            expected += -0.5 * Math.pow((x[i] - mean[i]) / sd[i], 2) - Math.log(sd[i]) - 0.5 * LN2PI;
        }
        assertEquals(expected, d.logProb(mean, 0, logStd, 0, x, 0), 1e-12);
        assertEquals(Math.log(0.5) + 0.0 + 2 * (0.5 + 0.5 * LN2PI), d.entropy(mean, 0, logStd, 0), 1e-12);
        double[] env = (double[]) d.toEnvAction(x, 0);
        assertArrayEquals(new double[] {1.0, (float) -0.1}, env, 1e-7, "clipped to the bounds");
    }

    @Test
    void gaussianSamplesHaveTheRequestedMeanAndStd() {
        ActionDistribution d = ActionDistribution.forSpace(Box.of(new double[] {-9}, new double[] {9}), "test");
        Rng rng = new Rng(7);
        double[] act = new double[1];
        double s = 0;
        double s2 = 0;
        int n = 20000;
        for (int i = 0; i < n; i++) {
            d.sample(new double[] {1.5}, 0, new double[] {Math.log(0.3)}, 0, rng, false, act, 0);
            s += act[0];
            s2 += act[0] * act[0];
        }
        double m = s / n;
        assertEquals(1.5, m, 0.01);
        assertEquals(0.3, Math.sqrt(s2 / n - m * m), 0.01);
    }

    @Test
    void categoricalSamplesFollowTheSoftmax() {
        ActionDistribution d = ActionDistribution.forSpace(new Discrete(3), "test");
        Rng rng = new Rng(3);
        int[] counts = new int[3];
        double[] act = new double[1];
        double[] logits = {0.0, Math.log(2), Math.log(5)};
        for (int i = 0; i < 16000; i++) {
            d.sample(logits, 0, new double[0], 0, rng, false, act, 0);
            counts[(int) act[0]]++;
        }
        assertEquals(2000, counts[0], 150);
        assertEquals(4000, counts[1], 200);
        assertEquals(10000, counts[2], 250);
        d.sample(logits, 0, new double[0], 0, rng, true, act, 0);
        assertEquals(2, (int) act[0], "deterministic takes the mode");
    }

    @Test
    void dictHybridConcatenatesItsPartsInOrder() {
        Map<String, Space<?>> m = new LinkedHashMap<>();
        m.put("move", new Discrete(2));
        m.put("aim", Box.of(new double[] {-1}, new double[] {1}));
        m.put("keys", new MultiBinary(2));
        ActionDistribution d = ActionDistribution.forSpace(new DictSpace(m), "test");
        assertEquals(2 + 2 + 2 + 1, d.outDim());
        assertEquals(4, d.actDim());
        double[] out = {0.1, 0.4, 0.0, 1.0, -1.0, -1.0, 0.25};
        double[] logStd = {-0.2};
        double[] act = {1, 1, 0, 0.6};
        double lpMove = 0.4 - Math.log(Math.exp(0.1) + Math.exp(0.4));
        double lpKey1 = 1.0 - Math.log(1 + Math.E);
        double lpKey2 = -1.0 - Math.log(2 * Math.exp(-1.0));
        double sd = Math.exp(-0.2);
        double lpAim = -0.5 * Math.pow((0.6 - 0.25) / sd, 2) + 0.2 - 0.5 * LN2PI;
        assertEquals(lpMove + lpKey1 + lpKey2 + lpAim, d.logProb(out, 0, logStd, 0, act, 0), 1e-12);
        ActionDistribution.Evaluation e = d.newEvaluation();
        d.evaluate(out, 0, logStd, 0, act, 0, e);
        assertEquals(d.logProb(out, 0, logStd, 0, act, 0), e.logProb(), 0.0, "evaluate gives logProb's value exactly");
        double hMove = -(Math.exp(lpMove) * lpMove + (1 - Math.exp(lpMove)) * Math.log1p(-Math.exp(lpMove)));
        assertTrue(e.entropy() > hMove, "the entropy sums the parts: " + e.entropy());
        d.evaluate(out, 0, logStd, 0, null, 0, e);
        assertTrue(Double.isNaN(e.logProb()), "no action, no log-probability");
        Object a = d.toEnvAction(act, 0);
        assertInstanceOf(Map.class, a);
        Map<?, ?> am = (Map<?, ?>) a;
        assertEquals(1, am.get("move"));
        assertArrayEquals(new double[] {(float) 0.6}, (double[]) am.get("aim"), 1e-7);
        assertArrayEquals(new int[] {1, 0}, (int[]) am.get("keys"));
        assertTrue(new DictSpace(m).contains(a));
    }

    @Test
    void unsupportedActionSpaceIsRejectedWithItsName() {
        Space<String> odd = new Space<>() {
            @Override
            public String whyNotContained(Object x) {
                return null;
            }

            @Override
            public String sample() {
                return "a";
            }

            @Override
            public void seed(long seed) {
            }

            @Override
            public int flatDim() {
                return 1;
            }

            @Override
            public com.google.gson.JsonObject toJson() {
                return new com.google.gson.JsonObject();
            }

            @Override
            public String toString() {
                return "Text()";
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ActionDistribution.forSpace(odd, "make(Odd-v0)"));
        assertTrue(e.getMessage().contains("make(Odd-v0)") && e.getMessage().contains("Text()"), e.getMessage());
    }
}
