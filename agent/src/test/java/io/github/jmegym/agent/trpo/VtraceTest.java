package io.github.jmegym.agent.trpo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.github.jmegym.agent.core.RolloutBuffer;
import io.github.jmegym.agent.core.Rng;
import org.junit.jupiter.api.Test;

/** V-trace targets and advantages: golden numbers, time limits, and the on-policy reduction to GAE(lambda = 1). */
class VtraceTest {
    private static final double GAMMA = 0.9;

    /**
     * Two sub-envs, three steps (row t * 2 + e). Sub-env 0 terminates at t = 1; sub-env 1 is truncated at t = 1 with
     * V(final observation) = 2, so its reward there is trained as 1 + 0.9 * 2 = 2.8.
     */
    @Test
    void matchesHandComputedTargetsWithTerminationAndTruncation() {
        double[] rewards = {1, 0, 2, 1, 0.5, 1};
        double[] values = {0.5, 0.2, 0.4, 0.1, 0.3, 0.6};
        boolean[] terminated = {false, false, true, false, false, false};
        boolean[] truncated = {false, false, false, true, false, false};
        double[] truncationValues = {0, 0, 99, 2.0, 0, 0}; // 99: a terminal step's final value is ignored
        double[] lastValues = {1.0, 0.5};
        double[] rhos = {2.0, 0.8, 0.5, 1.5, 1.0, 0.25};
        double[] logRhos = new double[6];
        for (int i = 0; i < 6; i++) {
            logRhos[i] = Math.log(rhos[i]);
        }
        // sub-env 0, backwards:
        //   t2: rho 1    delta = 0.5 + 0.9 * 1.0 - 0.3 = 1.1;            v = 0.3 + 1.1 = 1.4;  pg = 1.1
        //   t1: rho 0.5  done: delta = 0.5 (2 - 0.4) = 0.8;               v = 0.4 + 0.8 = 1.2;  pg = 0.8
        //   t0: rho 2->1 delta = 1 + 0.9 * 0.4 - 0.5 = 0.86, acc = 0.86 + 0.9 * 1 * 0.8 = 1.58; v = 2.08;
        //                pg = 1 + 0.9 * 1.2 - 0.5 = 1.58
        // sub-env 1:
        //   t2: rho 0.25 delta = 0.25 (1 + 0.9 * 0.5 - 0.6) = 0.2125;    v = 0.8125;           pg = 0.2125
        //   t1: rho 1.5->1, truncated: delta = 2.8 - 0.1 = 2.7;          v = 2.8;              pg = 2.7
        //   t0: rho 0.8  delta = 0.8 (0 + 0.9 * 0.1 - 0.2) = -0.088, acc = -0.088 + 0.9 * 0.8 * 2.7 = 1.856;
        //                v = 2.056; pg = 0.8 (0 + 0.9 * 2.8 - 0.2) = 1.856
        Vtrace.Targets t = Vtrace.compute(3, 2, logRhos, rewards, terminated, truncated, truncationValues, values,
                lastValues, GAMMA, VtraceConfig.defaults());
        assertArrayEquals(new double[] {2.08, 2.056, 1.2, 2.8, 1.4, 0.8125}, t.vs(), 1e-12);
        assertArrayEquals(new double[] {1.58, 1.856, 0.8, 2.7, 1.1, 0.2125}, t.pgAdvantages(), 1e-12);
    }

    @Test
    void higherClipsLetLargeImportanceWeightsThrough() {
        // one step, rho = 2: with rhoBar = 3 the TD is doubled, with rhoBarPg = 1.5 the advantage is scaled by 1.5
        Vtrace.Targets t = Vtrace.compute(1, 1, new double[] {Math.log(2)}, new double[] {1}, new boolean[] {false},
                new double[] {0.5}, new double[] {1.0}, GAMMA, new VtraceConfig(3.0, 1.0, 1.5));
        double td = 1 + 0.9 * 1.0 - 0.5;
        assertArrayEquals(new double[] {0.5 + 2 * td}, t.vs(), 1e-12);
        assertArrayEquals(new double[] {1.5 * td}, t.pgAdvantages(), 1e-12);
    }

    /**
     * On-policy ({@code log rho = 0}) V-trace is GAE(lambda = 1) of the rollout buffer: {@code v_t} are its returns
     * (discounted rewards to the episode end or the bootstrap value, time limits bootstrapped) and the
     * policy-gradient advantages are its advantages {@code v_t - V(x_t)}.
     */
    @Test
    void onPolicyTargetsAreGaeWithLambdaOne() {
        int nSteps = 7;
        int nEnvs = 3;
        Rng rng = new Rng(3);
        RolloutBuffer buf = new RolloutBuffer(nSteps, nEnvs, 1, 1);
        int n = nSteps * nEnvs;
        double[] rewards = new double[n];
        double[] values = new double[n];
        boolean[] terminated = new boolean[n];
        boolean[] truncated = new boolean[n];
        double[] truncationValues = new double[n];
        for (int t = 0; t < nSteps; t++) {
            double[] r = new double[nEnvs];
            double[] v = new double[nEnvs];
            boolean[] te = new boolean[nEnvs];
            boolean[] tr = new boolean[nEnvs];
            double[] tv = new double[nEnvs];
            for (int e = 0; e < nEnvs; e++) {
                r[e] = rng.nextGaussian();
                v[e] = rng.nextGaussian();
                double u = rng.nextDouble();
                te[e] = u < 0.15;
                tr[e] = u > 0.8;
                tv[e] = rng.nextGaussian();
                int i = t * nEnvs + e;
                rewards[i] = r[e];
                values[i] = v[e];
                terminated[i] = te[e];
                truncated[i] = tr[e];
                truncationValues[i] = tv[e];
            }
            buf.add(new double[nEnvs], new double[nEnvs], new double[nEnvs], v, r, te, tr, tv, GAMMA);
        }
        double[] lastValues = {0.3, -1.2, 0.7};
        buf.computeReturnsAndAdvantage(lastValues, GAMMA, 1.0);
        for (VtraceConfig clips : new VtraceConfig[] {VtraceConfig.defaults(), new VtraceConfig(2.0, 1.5, 3.0)}) {
            Vtrace.Targets fromFlags = Vtrace.compute(nSteps, nEnvs, new double[n], rewards, terminated, truncated,
                    truncationValues, values, lastValues, GAMMA, clips);
            assertArrayEquals(buf.returns, fromFlags.vs(), 1e-12, "v_t = GAE(1) returns");
            assertArrayEquals(buf.advantages, fromFlags.pgAdvantages(), 1e-12, "pg advantages = GAE(1) advantages");
            Vtrace.Targets fromBuffer = Vtrace.compute(nSteps, nEnvs, new double[n], buf.rewards, buf.dones,
                    buf.values, lastValues, GAMMA, clips);
            assertArrayEquals(fromFlags.vs(), fromBuffer.vs(), 0.0, "the buffer's arrays give the same targets");
            assertArrayEquals(fromFlags.pgAdvantages(), fromBuffer.pgAdvantages(), 0.0);
        }
    }
}
