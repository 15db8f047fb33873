package io.github.jmegym.agent.trpo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.agent.Activation;
import io.github.jmegym.agent.core.NetLayout;
import io.github.jmegym.agent.core.Rng;
import io.github.jmegym.agent.nd4j.GradientCheckSpaces;
import io.github.jmegym.envs.spaces.Discrete;
import io.github.jmegym.envs.spaces.Space;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The TRPO step (natural direction, line search, restore) and the NPG step on small random policies. */
class TrustRegionUpdateTest {
    private static final int N = 32;

    /** Mean KL(old || new) of the fixture's batch, recomputed from the parameters with the acting kernel. */
    private static double meanKl(PolicyFixture f, double[] oldParams, double[] newParams) {
        DistributionGeometry geo = new DistributionGeometry(f.dist);
        double[] oldOut = new double[f.n * f.dist.outDim()];
        double[] newOut = new double[oldOut.length];
        double[] oldLs = f.evaluate(oldParams, oldOut);
        double[] newLs = f.evaluate(newParams, newOut);
        return geo.meanKl(f.n, oldOut, oldLs, newOut, newLs);
    }

    @Test
    void lineSearchRejectingEveryCandidateRestoresTheParametersBitForBit() {
        double[] params = {0.1, 1.0 / 3, -7e-5, 123.456};
        double[] before = params.clone();
        double[] d = {0.7, -0.3, 1e-3, 0.9};
        int[] calls = {0};
        BacktrackingLineSearch.Outcome o = BacktrackingLineSearch.search(params, d, 1.3, 0.8, 10, cand -> {
            calls[0]++;
            assertNotEquals(before[0], cand[0], "candidates move");
            return false;
        });
        assertFalse(o.accepted());
        assertEquals(10, o.candidates());
        assertEquals(10, calls[0]);
        assertEquals(0.0, o.step());
        assertArrayEquals(before, params, 0.0, "old parameters restored exactly");
    }

    @Test
    void lineSearchKeepsTheFirstCandidateThatPasses() {
        double[] params = {1, 2};
        double[] d = {1, -1};
        // accept once the step is at most 0.3: 1, 0.8, ..., 0.8^6 = 0.262
        BacktrackingLineSearch.Outcome o = BacktrackingLineSearch.search(params, d, 1.0, 0.8, 10,
                cand -> cand[0] - 1 <= 0.3);
        assertTrue(o.accepted());
        assertEquals(7, o.candidates());
        assertEquals(Math.pow(0.8, 6), o.step(), 1e-15);
        assertEquals(1 + o.step(), params[0], 0.0);
        assertEquals(2 - o.step(), params[1], 0.0);
    }

    /**
     * Without damping the natural direction on a batch smaller than the network is huge along directions the
     * quadratic model barely sees; its full step leaves the trust region, so with one candidate allowed the step is
     * rejected and the parameters stay exactly as they were.
     */
    @Test
    void trpoStepThatBreaksTheTrustRegionIsRejectedAndTheOldParametersKeptBitForBit() {
        PolicyFixture f = new PolicyFixture("categorical", new Discrete(3), false, Activation.TANH, List.of(5, 4), false,
                N, 0);
        TrustRegionConfig c = TrustRegionConfig.defaults().withCg(15, 0.0).withLineSearch(0.8, 1);
        TrustRegionUpdate u = new TrustRegionUpdate(f.layout, f.dist, false, c);
        double[] params = f.params.clone();
        TrustRegionUpdate.Direction dir = u.direction(params, f.batch());
        assertArrayEquals(f.params, params, 0.0, "direction() does not move the parameters");
        double beta = dir.maxStep(c.targetKl());
        double[] candidate = params.clone();
        for (int i = 0; i < candidate.length; i++) {
            candidate[i] += beta * dir.direction()[i];
        }
        double candidateKl = meanKl(f, f.params, candidate);
        assertTrue(candidateKl > c.targetKl(), "the full step's KL " + candidateKl + " exceeds delta");

        TrustRegionUpdate.Result r = u.trpo(params, f.batch(), new Rng(1));
        assertFalse(r.stepAccepted());
        assertEquals(1, r.lineSearchSteps());
        assertEquals(beta, r.maxStepSize(), 0.0);
        assertEquals(0.0, r.stepSize());
        assertEquals(0.0, r.kl());
        assertEquals(r.surrogateBefore(), r.surrogateAfter());
        assertArrayEquals(f.params, params, 0.0, "old parameters restored exactly");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.jmegym.agent.trpo.PolicyFixture#cases")
    void everyAcceptedTrpoStepStaysInsideTheTrustRegionAndImprovesTheSurrogate(String name, Space<?> actions,
                                                                               boolean shared, Activation act,
                                                                               List<Integer> hidden, boolean useSde) {
        TrustRegionConfig c = TrustRegionConfig.defaults();
        int accepted = 0;
        for (int seed = 0; seed < 3; seed++) {
            PolicyFixture f = new PolicyFixture(name, actions, shared, act, hidden, useSde, N, 100 + seed);
            TrustRegionUpdate u = new TrustRegionUpdate(f.layout, f.dist, useSde, c);
            double[] params = f.params.clone();
            Rng rng = new Rng(seed);
            for (int step = 0; step < 3; step++) {
                double[] before = params.clone();
                TrustRegionUpdate.Result r = u.trpo(params, f.batch(), rng);
                if (!r.stepAccepted()) {
                    assertArrayEquals(before, params, 0.0, name + ": rejected step restores the parameters");
                    continue;
                }
                accepted++;
                assertTrue(r.kl() <= c.targetKl(), name + ": KL " + r.kl() + " <= delta");
                assertEquals(meanKl(f, before, params), r.kl(), 1e-12, name + ": reported KL is the parameters' KL");
                assertTrue(r.klMax() >= r.kl());
                assertTrue(r.surrogateAfter() > r.surrogateBefore(), name + ": surrogate improved");
                assertTrue(r.tvDistance() > 0 && r.tvDistance() < 1, name + ": TV " + r.tvDistance());
                int k = r.lineSearchSteps();
                assertTrue(k >= 1 && k <= c.lineSearchMaxIter());
                assertEquals(r.maxStepSize() * Math.pow(c.lineSearchShrink(), k - 1), r.stepSize(), 1e-12 * r.maxStepSize());
                NetLayout.Mlp critic = f.layout.critic();
                for (int i = critic.offset(); i < critic.offset() + critic.paramCount(); i++) {
                    assertEquals(before[i], params[i], 0.0, name + ": critic parameter " + i + " untouched");
                }
            }
        }
        assertTrue(accepted >= 5, name + ": most steps accepted (" + accepted + "/9)");
    }

    @Test
    void npgStepsAlphaAlongTheNaturalDirectionWithoutLineSearch() {
        PolicyFixture f = new PolicyFixture("hybrid", GradientCheckSpaces.hybrid(), false, Activation.TANH,
                List.of(5, 4), false, N, 3);
        TrustRegionConfig c = TrustRegionConfig.defaults().withNpgStepSize(0.05);
        TrustRegionUpdate u = new TrustRegionUpdate(f.layout, f.dist, false, c);
        double[] params = f.params.clone();
        TrustRegionUpdate.Direction dir = u.direction(params, f.batch());
        TrustRegionUpdate.Result r = u.npg(params, f.batch(), new Rng(2));
        for (int i = 0; i < params.length; i++) {
            assertEquals(f.params[i] + 0.05 * dir.direction()[i], params[i], 0.0);
        }
        assertTrue(r.stepAccepted());
        assertEquals(0, r.lineSearchSteps());
        assertEquals(0.05, r.stepSize());
        assertEquals(meanKl(f, f.params, params), r.kl(), 1e-12);
        assertTrue(ConjugateGradient.dot(dir.gradient(), dir.direction()) > 0, "s is an ascent direction");
    }

    @Test
    void aFixedSeedGivesTheSameStepAndMetrics() {
        PolicyFixture f = new PolicyFixture("hybrid", GradientCheckSpaces.hybrid(), true, Activation.TANH,
                List.of(5, 4), false, N, 4);
        double[] a = f.params.clone();
        double[] b = f.params.clone();
        double[] c = f.params.clone();
        TrustRegionUpdate.Result ra = new TrustRegionUpdate(f.layout, f.dist, false, TrustRegionConfig.defaults())
                .trpo(a, f.batch(), new Rng(9));
        TrustRegionUpdate.Result rb = new TrustRegionUpdate(f.layout, f.dist, false, TrustRegionConfig.defaults())
                .trpo(b, f.batch(), new Rng(9));
        TrustRegionUpdate.Result rc = new TrustRegionUpdate(f.layout, f.dist, false, TrustRegionConfig.defaults())
                .trpo(c, f.batch(), new Rng(10));
        assertTrue(ra.stepAccepted());
        assertEquals(ra, rb);
        assertArrayEquals(a, b, 0.0);
        assertArrayEquals(a, c, 0.0, "the seed only drives the TV metric's draws");
        assertNotEquals(ra.tvDistance(), rc.tvDistance());
        assertEquals(ra.kl(), rc.kl(), 0.0);
    }

    @Test
    void eachLineSearchStepTestsOneCandidateAndAnEndedSearchTakesNoMore() {
        double[] params = {1, 2};
        int[] tests = {0};
        BacktrackingLineSearch s = new BacktrackingLineSearch(params, new double[] {1, -1}, 1.0, 0.5, 3, cand -> {
            tests[0]++;
            return false;
        });
        for (int k = 1; k <= 3; k++) {
            s.step();
            assertEquals(k, tests[0], "one acceptance test per step");
        }
        assertTrue(s.done());
        assertEquals(new BacktrackingLineSearch.Outcome(false, 3, 0.0), s.outcome());
        assertArrayEquals(new double[] {1, 2}, params, 0.0, "restored with the last rejection");
        assertThrows(IllegalStateException.class, s::step);
    }

    @Test
    void aSteppedPolicyStepIsTheStepRunAtOnceAndAnAbandonedOneCannotGoOn() {
        PolicyFixture f = new PolicyFixture("gaussian", GradientCheckSpaces.box2(), false, Activation.TANH, List.of(5),
                false, N, 3);
        TrustRegionConfig c = TrustRegionConfig.defaults().withCg(15, 0.01).withTargetKl(0.05);
        double[] atOnce = f.params.clone();
        TrustRegionUpdate.Result r0 = new TrustRegionUpdate(f.layout, f.dist, false, c).trpo(atOnce, f.batch(),
                new Rng(1));
        TrustRegionUpdate u = new TrustRegionUpdate(f.layout, f.dist, false, c);
        double[] stepped = f.params.clone();
        TrustRegionUpdate.Step st = u.startTrpo(stepped, f.batch(), new Rng(1));
        List<String> units = new java.util.ArrayList<>();
        while (!st.done()) {
            units.add(st.nextUnit());
            st.step();
        }
        assertEquals(r0, st.result());
        assertArrayEquals(atOnce, stepped, 0.0);
        assertEquals(1 + r0.cgSteps() + 1 + r0.lineSearchSteps() + (r0.stepAccepted() ? 1 : 0), units.size(),
                "units: " + units);
        assertThrows(IllegalStateException.class, st::step, "a finished step runs no more units");

        TrustRegionUpdate.Step first = u.startTrpo(f.params.clone(), f.batch(), new Rng(1));
        first.step();
        u.startTrpo(f.params.clone(), f.batch(), new Rng(1));
        IllegalStateException e = assertThrows(IllegalStateException.class, first::step);
        assertTrue(e.getMessage().contains("later step"), e.getMessage());
        assertThrows(IllegalStateException.class, first::result, "no result before the end");
    }

    @Test
    void advantagesAreNormalizedWithTheUnbiasedStd() {
        double[] a = {1, 2, 3, 4, 10};
        double[] z = TrustRegionUpdate.normalized(a, 5);
        double mean = 4;
        double std = Math.sqrt((9 + 4 + 1 + 0 + 36) / 4.0);
        for (int i = 0; i < 5; i++) {
            assertEquals((a[i] - mean) / (std + 1e-8), z[i], 1e-15);
        }
    }

    @Test
    void keepCriticGradientZeroesEverythingButTheCritic() {
        NetLayout layout = new NetLayout(3, 4, 2, List.of(5), List.of(4), true, Activation.TANH);
        double[] g = new double[layout.paramCount()];
        java.util.Arrays.fill(g, 1.0);
        TrustRegionUpdate.keepCriticGradient(layout, g);
        NetLayout.Mlp c = layout.critic();
        for (int i = 0; i < g.length; i++) {
            boolean critic = i >= c.offset() && i < c.offset() + c.paramCount();
            assertEquals(critic ? 1.0 : 0.0, g[i], "entry " + i);
        }
    }
}
