package io.github.jmegym.agent.trpo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.agent.Activation;
import io.github.jmegym.agent.core.Rng;
import io.github.jmegym.agent.nd4j.GradientCheckSpaces;
import io.github.jmegym.envs.spaces.Discrete;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The probe sees what the step computed, in order, and a probed step is bit-identical to an unprobed one. */
class TrustRegionProbeTest {
    private static final int N = 32;

    /** Records every call. */
    private static final class Log implements TrustRegionProbe {
        final List<String> calls = new ArrayList<>();
        final List<double[]> trials = new ArrayList<>();
        double[] g;
        double[] fg;
        double surrogate;
        TrustRegionUpdate.Direction dir;
        double maxStep;
        double[] stepParams;
        TrustRegionUpdate.Result result;

        @Override
        public void gradient(double[] g, double surrogate) {
            calls.add("gradient");
            this.g = g;
            this.surrogate = surrogate;
        }

        @Override
        public void fisher(LinearOperator f) {
            calls.add("fisher");
            fg = new double[g.length];
            f.apply(g, fg);
        }

        @Override
        public void direction(TrustRegionUpdate.Direction d, double maxStep) {
            calls.add("direction");
            this.dir = d;
            this.maxStep = maxStep;
        }

        @Override
        public void trial(int k, double step, double kl, double klNewOld, double surrogate, boolean accepted) {
            calls.add("trial");
            trials.add(new double[] {k, step, kl, klNewOld, surrogate, accepted ? 1 : 0});
        }

        @Override
        public void policyStep(double[] params, TrustRegionUpdate.Result r) {
            calls.add("policyStep");
            stepParams = params;
            result = r;
        }
    }

    private static double norm(double[] v) {
        return Math.sqrt(ConjugateGradient.dot(v, v));
    }

    @Test
    void trpoReportsGradientFisherDirectionEachCandidateAndTheStepAndMovesTheParametersAsWithoutAProbe() {
        PolicyFixture f = new PolicyFixture("gaussian", GradientCheckSpaces.box2(), false, Activation.TANH, List.of(5), false,
                N, 3);
        // a large radius first accepted after a few shrinks: small delta with a long line search
        TrustRegionConfig c = TrustRegionConfig.defaults().withCg(15, 0.01).withTargetKl(0.05);
        double[] plain = f.params.clone();
        TrustRegionUpdate.Result r0 = new TrustRegionUpdate(f.layout, f.dist, false, c).trpo(plain, f.batch(),
                new Rng(1));
        TrustRegionUpdate u = new TrustRegionUpdate(f.layout, f.dist, false, c);
        Log log = new Log();
        u.probe(log);
        double[] probed = f.params.clone();
        TrustRegionUpdate.Result r = u.trpo(probed, f.batch(), new Rng(1));

        assertArrayEquals(plain, probed, 0.0, "a probe changes nothing");
        assertEquals(r0, r);
        int k = r.lineSearchSteps();
        assertTrue(k >= 1);
        List<String> expected = new ArrayList<>(List.of("gradient", "fisher", "direction"));
        for (int i = 0; i < k; i++) {
            expected.add("trial");
        }
        expected.add("policyStep");
        assertEquals(expected, log.calls);
        assertEquals(r.gradientNorm(), norm(log.g), 0.0);
        assertEquals(r.surrogateBefore(), log.surrogate, 0.0);
        assertEquals(r.maxStepSize(), log.maxStep, 0.0);
        assertEquals(Math.sqrt(2 * c.targetKl() / log.dir.curvature()), log.maxStep, 0.0);
        assertTrue(ConjugateGradient.dot(log.g, log.fg) > 0, "g^T F g > 0: the operator is the damped Fisher");
        double step = log.maxStep;
        for (int i = 0; i < k; i++) {
            double[] t = log.trials.get(i);
            assertEquals(i, (int) t[0]);
            assertEquals(step, t[1], 0.0, "candidate " + i + " is beta shrink^" + i);
            assertEquals(i == k - 1 && r.stepAccepted(), t[5] == 1, "only the last candidate can be accepted");
            assertTrue(t[3] > 0 && Math.abs(t[3] - t[2]) < 0.5 * t[2], "both KL directions, close to each other");
            step *= c.lineSearchShrink();
        }
        if (r.stepAccepted()) {
            assertEquals(r.stepSize(), log.trials.get(k - 1)[1], 0.0);
            assertEquals(r.kl(), log.trials.get(k - 1)[2], 1e-12);
            assertEquals(r.surrogateAfter(), log.trials.get(k - 1)[4], 0.0);
        }
        assertArrayEquals(probed, log.stepParams, 0.0);
        assertEquals(r, log.result);
    }

    @Test
    void npgReportsTheDirectionWithItsFixedStepAndNoCandidates() {
        PolicyFixture f = new PolicyFixture("categorical", new Discrete(3), false, Activation.TANH, List.of(5, 4), false,
                N, 0);
        TrustRegionConfig c = TrustRegionConfig.defaults().withNpgStepSize(0.05);
        TrustRegionUpdate u = new TrustRegionUpdate(f.layout, f.dist, false, c);
        Log log = new Log();
        u.probe(log);
        double[] params = f.params.clone();
        TrustRegionUpdate.Result r = u.npg(params, f.batch(), new Rng(1));
        assertEquals(List.of("gradient", "fisher", "direction", "policyStep"), log.calls);
        assertEquals(0.05, log.maxStep, 0.0);
        for (int i = 0; i < params.length; i++) {
            assertEquals(f.params[i] + 0.05 * log.dir.direction()[i], params[i], 0.0);
        }
        u.probe(null);
        log.calls.clear();
        u.npg(f.params.clone(), f.batch(), new Rng(1));
        assertFalse(log.calls.contains("gradient"), "a removed probe is not called");
        assertTrue(r.stepAccepted());
    }
}
