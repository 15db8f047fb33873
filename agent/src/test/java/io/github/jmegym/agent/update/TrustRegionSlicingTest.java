package io.github.jmegym.agent.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.agent.Algo;
import io.github.jmegym.agent.Metrics;
import io.github.jmegym.agent.PpoConfig;
import io.github.jmegym.agent.Presets;
import io.github.jmegym.agent.core.ActionDistribution;
import io.github.jmegym.agent.core.ActorCritic;
import io.github.jmegym.agent.core.Adam;
import io.github.jmegym.agent.core.NetLayout;
import io.github.jmegym.agent.core.RolloutBuffer;
import io.github.jmegym.agent.core.Rng;
import io.github.jmegym.agent.nd4j.Nd4jActorCritic;
import io.github.jmegym.agent.trpo.FisherOperator;
import io.github.jmegym.agent.trpo.LinearOperator;
import io.github.jmegym.agent.trpo.TrustRegionProbe;
import io.github.jmegym.agent.trpo.TrustRegionUpdate;
import io.github.jmegym.envs.spaces.Discrete;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A TRPO or NPG update run the way TIME_SLICED runs it, in slices of a small budget, on CartPole's zoo network and a
 * reduced rollout: the policy step is spread over many units of bounded work (at most one Fisher-vector product
 * each), and the update ends bit for bit where the same update run at once (as SYNC and BACKGROUND run it) ends.
 */
class TrustRegionSlicingTest {
    private static final int OBS_DIM = 4;

    /** A learner of the preset's network at {@code seed} and a rollout collected by its own policy. */
    private static final class Fixture {
        final PpoConfig config;
        final Learner learner;
        final TrustRegionRule rule;
        final RolloutBuffer buf;
        final double[] nextObs;

        Fixture(PpoConfig c, long seed) {
            config = c;
            ActionDistribution dist = ActionDistribution.forSpace(new Discrete(2), "TrustRegionSlicingTest");
            NetLayout layout = new NetLayout(OBS_DIM, dist.outDim(), dist.nGauss(), c.policyHidden(), c.valueHidden(),
                    c.sharedNetwork(), c.activation());
            double[] params = layout.initParams(new Rng(seed), c.orthoInit(), c.logStdInit());
            Nd4jActorCritic net = new Nd4jActorCritic(layout, DataType.FLOAT);
            net.setParams(params);
            ActorCritic model = new ActorCritic(layout, dist, null);
            learner = new Learner(c, layout, dist, null, params, net, model, new Adam(params.length),
                    new Rng(seed + 1), new Rng(seed + 2));
            rule = c.algo() == Algo.NPG ? TrustRegionRule.npg(learner) : TrustRegionRule.trpo(learner);
            int nEnvs = c.nEnvs();
            buf = new RolloutBuffer(c.nSteps(), nEnvs, OBS_DIM, dist.actDim());
            Rng world = new Rng(seed + 3);
            double[] obs = new double[nEnvs * OBS_DIM];
            double[] actions = new double[nEnvs * dist.actDim()];
            double[] logp = new double[nEnvs];
            double[] values = new double[nEnvs];
            double[] rewards = new double[nEnvs];
            boolean[] ended = new boolean[nEnvs];
            for (int s = 0; s < c.nSteps(); s++) {
                for (int k = 0; k < obs.length; k++) {
                    obs[k] = world.nextGaussian();
                }
                model.act(params, obs, nEnvs, world, false, null, actions, logp, values);
                for (int e = 0; e < nEnvs; e++) {
                    // reward for pushing against the pole's lean: advantages with a direction to learn
                    rewards[e] = (actions[e] == 1) == (obs[e * OBS_DIM + 2] > 0) ? 1 : 0;
                    ended[e] = world.nextDouble() < 0.05;
                }
                buf.add(obs, actions, logp, values, rewards, ended, new boolean[nEnvs], new double[nEnvs], c.gamma());
            }
            nextObs = new double[nEnvs * OBS_DIM];
            for (int k = 0; k < nextObs.length; k++) {
                nextObs[k] = world.nextGaussian();
            }
            buf.computeReturnsAndAdvantage(model.values(params, nextObs, nEnvs), c.gamma(), c.gaeLambda());
        }

        UpdateJob job() {
            return new UpdateJob(rule, learner, buf, nextObs, 1.0, 0);
        }
    }

    /** One unit a slice ran: its kind and the Fisher-vector products it applied. */
    private record Unit(String kind, long fisherProducts) {
    }

    /** Runs the job one unit per slice ({@link OneUnitSlices}); returns the units in order. */
    private static List<Unit> runSliced(Fixture f, UpdateJob job, List<Integer> unitsPerSlice) {
        FisherOperator[] fisher = new FisherOperator[1];
        f.rule.probe(new TrustRegionProbe() {
            @Override
            public void fisher(LinearOperator dampedFisher) {
                fisher[0] = (FisherOperator) dampedFisher;
            }
        });
        List<Unit> units = OneUnitSlices.run(job, (kind, unit) -> {
            long before = fisher[0] == null ? 0 : fisher[0].products();
            unit.run();
            long after = fisher[0] == null ? 0 : fisher[0].products();
            return new Unit(kind, after - before);
        }, unitsPerSlice);
        f.rule.probe(null);
        return units;
    }

    private static PpoConfig config(String variant) {
        PpoConfig c = Presets.forEnv("CartPole-v1", variant.equals("npg") ? Algo.NPG : Algo.TRPO)
                .withBatchSize(64).withNSteps(64).withNEnvs(2).withNCriticUpdates(3);
        return variant.equals("trpo-rejected") ? c.withDelta(1e-300) : c;
    }

    /** The fixture of a variant: seed 5, the same rollout for every call. */
    private static Fixture fixture(String variant) {
        return new Fixture(config(variant), 5);
    }

    private static Map<String, Double> withoutTimes(Map<String, Double> m) {
        Map<String, Double> out = new LinkedHashMap<>(m);
        out.keySet().removeIf(k -> k.startsWith("time/"));
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"trpo", "npg", "trpo-rejected"})
    void aSlicedTrustRegionUpdateEndsBitForBitWhereTheUpdateRunAtOnceEnds(String variant) {
        Fixture atOnce = fixture(variant);
        UpdateJob whole = atOnce.job();
        whole.runAll();
        Fixture sliced = fixture(variant);
        UpdateJob job = sliced.job();
        List<Integer> perSlice = new ArrayList<>();
        List<Unit> units = runSliced(sliced, job, perSlice);

        long policyUnits = units.stream().map(Unit::kind).filter(k -> !k.equals(UpdateJob.PREPARE)
                && !k.equals(TrustRegionRule.CRITIC_STEP) && !k.equals(UpdateJob.MEASURE_FORWARD)
                && !k.equals(UpdateJob.MEASURE)).count();
        assertTrue(policyUnits >= 4, variant + ": the policy step ran in " + policyUnits + " units");
        assertEquals(Collections.nCopies(units.size(), 1), perSlice, "one unit per 1 ms slice");
        double[] a = atOnce.learner.params();
        double[] b = sliced.learner.params();
        for (int i = 0; i < a.length; i++) {
            assertEquals(Double.doubleToRawLongBits(a[i]), Double.doubleToRawLongBits(b[i]), variant + ": parameter "
                    + i + " at once " + a[i] + ", sliced " + b[i]);
        }
        assertEquals(withoutTimes(whole.metrics()), withoutTimes(job.metrics()), variant + ": metrics");
        assertEquals(atOnce.learner.metricsRng().state(), sliced.learner.metricsRng().state(),
                "the metrics stream drew the same samples");
        assertEquals(atOnce.learner.shuffleRng().state(), sliced.learner.shuffleRng().state(),
                "the critic drew the same minibatch orders");
    }

    @ParameterizedTest
    @ValueSource(strings = {"trpo", "npg", "trpo-rejected"})
    void thePolicyStepRunsAsItsNamedUnitsEachWithAtMostOneFisherVectorProduct(String variant) {
        Fixture f = fixture(variant);
        UpdateJob job = f.job();
        PpoConfig c = f.config;
        List<Unit> units = runSliced(f, job, new ArrayList<>());
        Map<String, Double> m = job.metrics();
        int cgSteps = m.get(Metrics.CG_STEPS).intValue();
        int candidates = variant.equals("npg") ? 1 : m.get(Metrics.LINE_SEARCH_STEPS).intValue();
        boolean moved = m.get(Metrics.STEP_ACCEPTED) == 1.0;
        assertEquals(!variant.equals("trpo-rejected"), moved, variant + ": step accepted");
        assertTrue(cgSteps >= 1, "conjugate gradient iterated: " + cgSteps);

        List<Unit> expected = new ArrayList<>();
        int rows = c.nSteps() * c.nEnvs();
        int passSteps = UpdateJobUnitsTest.passSteps(f.learner.layout().actor(), rows).size();
        for (int k = 0; k < passSteps; k++) {
            expected.add(new Unit(UpdateJob.PREPARE, 0));
        }
        expected.add(new Unit(TrustRegionUpdate.LINEARIZE, 0));
        for (int k = 0; k < cgSteps; k++) {
            expected.add(new Unit(TrustRegionUpdate.CG_ITERATION, 1));
        }
        expected.add(new Unit(TrustRegionUpdate.CURVATURE, 1));
        for (int k = 0; k < candidates; k++) {
            expected.add(new Unit(TrustRegionUpdate.CANDIDATE, 0));
        }
        if (moved) {
            expected.add(new Unit(TrustRegionUpdate.DISTANCES, 0));
        }
        for (int k = 0; k < c.nCriticUpdates() * c.minibatchesPerEpoch(); k++) {
            expected.add(new Unit(TrustRegionRule.CRITIC_STEP, 0));
        }
        for (int k = 0; k < passSteps; k++) {
            expected.add(new Unit(UpdateJob.MEASURE_FORWARD, 0));
        }
        for (int k = 0; k < (rows + UpdateJob.CHUNK_ROWS - 1) / UpdateJob.CHUNK_ROWS; k++) {
            expected.add(new Unit(UpdateJob.MEASURE, 0));
        }
        assertEquals(expected, units, variant + ": units in order, with their Fisher-vector products");
    }
}
