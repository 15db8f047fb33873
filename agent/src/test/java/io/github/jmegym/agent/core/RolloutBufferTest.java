package io.github.jmegym.agent.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RolloutBufferTest {
    private static final double G = 0.9;
    private static final double L = 0.5;

    private static void add(RolloutBuffer b, double r, double v, boolean term, boolean trunc, double finalV) {
        b.add(new double[] {0}, new double[] {0}, new double[] {0}, new double[] {v}, new double[] {r},
                new boolean[] {term}, new boolean[] {trunc}, new double[] {finalV}, G);
    }

    @Test
    void gaeMatchesHandComputedValuesWithoutEpisodeEnds() {
        RolloutBuffer b = new RolloutBuffer(3, 1, 1, 1);
        add(b, 1, 0.5, false, false, 0);
        add(b, 0, 0.2, false, false, 0);
        add(b, 2, 0.1, false, false, 0);
        b.computeReturnsAndAdvantage(new double[] {0.3}, G, L);
        double d2 = 2 + G * 0.3 - 0.1;          // 2.17
        double d1 = 0 + G * 0.1 - 0.2;          // -0.11
        double d0 = 1 + G * 0.2 - 0.5;          // 0.68
        double a2 = d2;
        double a1 = d1 + G * L * a2;
        double a0 = d0 + G * L * a1;
        assertArrayEquals(new double[] {a0, a1, a2}, b.advantages, 1e-12);
        assertArrayEquals(new double[] {a0 + 0.5, a1 + 0.2, a2 + 0.1}, b.returns, 1e-12);
    }

    @Test
    void terminationCutsTheRecursionWithoutBootstrap() {
        RolloutBuffer b = new RolloutBuffer(3, 1, 1, 1);
        add(b, 1, 0.5, false, false, 0);
        add(b, 1, 0.4, true, false, 99);   // terminal: final value 99 must be ignored
        add(b, 1, 0.3, false, false, 0);   // first step of the next episode
        b.computeReturnsAndAdvantage(new double[] {0.7}, G, L);
        double a2 = 1 + G * 0.7 - 0.3;
        double a1 = 1 - 0.4;                 // no bootstrap, no look past the end
        double a0 = (1 + G * 0.4 - 0.5) + G * L * a1;
        assertArrayEquals(new double[] {a0, a1, a2}, b.advantages, 1e-12);
    }

    @Test
    void truncationBootstrapsWithTheValueOfTheFinalObservation() {
        RolloutBuffer b = new RolloutBuffer(3, 1, 1, 1);
        add(b, 1, 0.5, false, false, 0);
        add(b, 1, 0.4, false, true, 2.0);   // time limit: reward + gamma * V(final_obs) = 1 + 1.8
        add(b, 1, 0.3, false, false, 0);
        b.computeReturnsAndAdvantage(new double[] {0.7}, G, L);
        double a2 = 1 + G * 0.7 - 0.3;
        double a1 = 1 + G * 2.0 - 0.4;
        double a0 = (1 + G * 0.4 - 0.5) + G * L * a1;
        assertArrayEquals(new double[] {a0, a1, a2}, b.advantages, 1e-12);
        assertArrayEquals(new double[] {1, 2.8, 1}, b.rewards, 1e-12);
    }

    @Test
    void subEnvsAreIndependentRows() {
        RolloutBuffer b = new RolloutBuffer(2, 2, 1, 1);
        b.add(new double[2], new double[2], new double[2], new double[] {0, 1}, new double[] {1, 0},
                new boolean[] {true, false}, new boolean[] {false, false}, new double[2], G);
        b.add(new double[2], new double[2], new double[2], new double[] {0, 1}, new double[] {1, 0},
                new boolean[] {false, false}, new boolean[] {false, false}, new double[2], G);
        b.computeReturnsAndAdvantage(new double[] {0, 1}, G, 1.0);
        // env 0: step 0 terminal -> A = 1 - 0; step 1 -> A = 1 + 0.9*0 - 0
        // env 1: V = 1 everywhere, reward 0: delta = 0.9 - 1 = -0.1 per step, A1 = -0.1, A0 = -0.1 + 0.9 * -0.1
        assertArrayEquals(new double[] {1, -0.1 - 0.09, 1, -0.1}, b.advantages, 1e-12);
    }

    @Test
    void gaeOnAPartialBufferThrows() {
        RolloutBuffer b = new RolloutBuffer(2, 1, 1, 1);
        add(b, 1, 0, false, false, 0);
        assertThrows(IllegalStateException.class, () -> b.computeReturnsAndAdvantage(new double[] {0}, G, L));
    }
}
