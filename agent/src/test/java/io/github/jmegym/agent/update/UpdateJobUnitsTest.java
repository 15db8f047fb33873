package io.github.jmegym.agent.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.agent.LagCorrection;
import io.github.jmegym.agent.PpoConfig;
import io.github.jmegym.agent.core.ActionDistribution;
import io.github.jmegym.agent.core.ActorCritic;
import io.github.jmegym.agent.core.Adam;
import io.github.jmegym.agent.core.NetLayout;
import io.github.jmegym.agent.core.RolloutBuffer;
import io.github.jmegym.agent.core.Rng;
import io.github.jmegym.agent.nd4j.Nd4jActorCritic;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.DType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A PPO update run the way TIME_SLICED runs it, one unit per slice, on the default network and a rollout that is not
 * a multiple of {@link UpdateJob#CHUNK_ROWS} rows: preparing and measuring run as units of at most one layer of a
 * forward pass over the rollout or one chunk of rows each, in order, and the update ends bit for bit where the same
 * update run at once (as SYNC and BACKGROUND run it) ends, the metrics stream included, with acting between the
 * units as in a game.
 */
class UpdateJobUnitsTest {
    private static final int OBS_DIM = 8;
    private static final int ENVS = 3;
    private static final int STEPS = 200;

    /** A learner of the default network and a rollout of 600 rows collected by its own policy. */
    static final class Fixture {
        final Learner learner;
        final UpdateRule rule;
        final RolloutBuffer buf;
        final double[] nextObs;

        Fixture(PpoConfig c) {
            ActionDistribution dist = ActionDistribution.forSpace(new Box(-1, 1, new int[] {2}, DType.FLOAT32),
                    "UpdateJobUnitsTest");
            NetLayout layout = new NetLayout(OBS_DIM, dist.outDim(), dist.nGauss(), c.policyHidden(), c.valueHidden(),
                    c.sharedNetwork(), c.activation());
            double[] params = layout.initParams(new Rng(7), c.orthoInit(), c.logStdInit());
            Nd4jActorCritic net = new Nd4jActorCritic(layout, DataType.FLOAT);
            net.setParams(params);
            ActorCritic model = new ActorCritic(layout, dist, null);
            learner = new Learner(c, layout, dist, null, params, net, model, new Adam(params.length), new Rng(8),
                    new Rng(9));
            rule = PpoUpdate.clip(learner);
            buf = new RolloutBuffer(STEPS, ENVS, OBS_DIM, dist.actDim());
            Rng world = new Rng(10);
            double[] obs = new double[ENVS * OBS_DIM];
            double[] actions = new double[ENVS * dist.actDim()];
            double[] logp = new double[ENVS];
            double[] values = new double[ENVS];
            double[] rewards = new double[ENVS];
            boolean[] ended = new boolean[ENVS];
            for (int s = 0; s < STEPS; s++) {
                for (int k = 0; k < obs.length; k++) {
                    obs[k] = world.nextGaussian();
                }
                model.act(params, obs, ENVS, world, false, null, actions, logp, values);
                for (int e = 0; e < ENVS; e++) {
                    rewards[e] = -Math.abs(actions[e * dist.actDim()] - obs[e * OBS_DIM]);
                    ended[e] = world.nextDouble() < 0.02;
                }
                // a behaviour policy a little off the learner's, so that V-trace has ratios to correct
                for (int e = 0; e < ENVS; e++) {
                    logp[e] += 0.1 * world.nextGaussian();
                }
                buf.add(obs, actions, logp, values, rewards, ended, new boolean[ENVS], new double[ENVS], c.gamma());
            }
            nextObs = new double[ENVS * OBS_DIM];
            for (int k = 0; k < nextObs.length; k++) {
                nextObs[k] = world.nextGaussian();
            }
            buf.computeReturnsAndAdvantage(model.values(params, nextObs, ENVS), c.gamma(), c.gaeLambda());
        }

        UpdateJob job() {
            return new UpdateJob(rule, learner, buf, nextObs, 1.0, 1);
        }
    }

    /** One unit a slice ran: its kind, the layers of whole-rollout forward passes and the rows it evaluated. */
    private record Unit(String kind, long layers, long rows) {
    }

    /**
     * Runs the job one unit per slice ({@link OneUnitSlices}), acting with the learner's model between the units (its
     * own random stream); returns the units.
     */
    private static List<Unit> runSliced(Fixture f, UpdateJob job) {
        ActorCritic model = f.learner.model();
        Rng acting = new Rng(11);
        double[] obs = new double[ENVS * OBS_DIM];
        double[] actions = new double[ENVS * f.learner.dist().actDim()];
        List<Integer> perSlice = new ArrayList<>();
        List<Unit> units = OneUnitSlices.run(job, (kind, unit) -> {
            long layers = model.batchLayers();
            long rows = model.rowsEvaluated();
            unit.run();
            Unit u = new Unit(kind, model.batchLayers() - layers, model.rowsEvaluated() - rows);
            for (int k = 0; k < obs.length; k++) {
                obs[k] = acting.nextGaussian();
            }
            model.act(f.learner.params().clone(), obs, ENVS, acting, false, null, actions, null, new double[ENVS]);
            return u;
        }, perSlice);
        assertEquals(Collections.nCopies(units.size(), 1), perSlice, "one unit per 1 ms slice");
        return units;
    }

    static PpoConfig config(LagCorrection lag) {
        return PpoConfig.defaults().withNEnvs(ENVS).withBatchSize(24).withNSteps(STEPS).withEpochs(2)
                .withLagCorrection(lag);
    }

    private static Map<String, Double> withoutTimes(Map<String, Double> m) {
        Map<String, Double> out = new LinkedHashMap<>(m);
        out.keySet().removeIf(k -> k.startsWith("time/"));
        return out;
    }

    @ParameterizedTest
    @EnumSource(value = LagCorrection.class, names = {"NONE", "VTRACE"})
    void preparingAndMeasuringRunAsUnitsOfOneLayerOrOneChunkOfRowsEach(LagCorrection lag) {
        PpoConfig c = config(lag);
        Fixture f = new Fixture(c);
        List<Unit> units = runSliced(f, f.job());
        int rows = STEPS * ENVS;
        int chunks = (rows + UpdateJob.CHUNK_ROWS - 1) / UpdateJob.CHUNK_ROWS;
        NetLayout layout = f.learner.layout();
        boolean vtrace = lag == LagCorrection.VTRACE;
        List<Unit> expected = new ArrayList<>();
        passUnits(UpdateJob.PREPARE, layout.actor(), rows, expected);
        if (vtrace) {
            passUnits(UpdateJob.PREPARE, layout.critic(), rows, expected);
        }
        if (vtrace) {
            for (int k = 0; k < chunks; k++) {
                expected.add(new Unit(UpdateJob.VTRACE, 0, Math.min(UpdateJob.CHUNK_ROWS, rows - k * UpdateJob.CHUNK_ROWS)));
            }
            expected.add(new Unit(UpdateJob.VTRACE, 0, 0));
        }
        for (int k = 0; k < c.epochs() * c.minibatchesPerEpoch(); k++) {
            expected.add(new Unit("minibatch", 0, 0));
        }
        passUnits(UpdateJob.MEASURE_FORWARD, layout.actor(), rows, expected);
        for (int k = 0; k < chunks; k++) {
            // the start's and the end's log-probabilities of the chunk's rows
            expected.add(new Unit(UpdateJob.MEASURE, 0, 2L * Math.min(UpdateJob.CHUNK_ROWS, rows - k * UpdateJob.CHUNK_ROWS)));
        }
        assertEquals(expected, units, lag + ": units in order, with the layers and rows each ran");
        assertTrue(chunks > 1 && rows % UpdateJob.CHUNK_ROWS != 0, "the rollout ends in a partial chunk: " + rows);
    }

    private static void passUnits(String kind, NetLayout.Mlp m, int rows, List<Unit> into) {
        for (int layers : passSteps(m, rows)) {
            into.add(new Unit(kind, layers, 0));
        }
    }

    /**
     * The steps of a forward pass of {@code m} over {@code rows} (at least 64), as the whole-batch layers each runs:
     * per layer its gemm (1), then its activation in chunks of {@link ActorCritic#ACTIVATION_ROWS} rows (0 each).
     */
    static List<Integer> passSteps(NetLayout.Mlp m, int rows) {
        int chunks = (rows + ActorCritic.ACTIVATION_ROWS - 1) / ActorCritic.ACTIVATION_ROWS;
        List<Integer> steps = new ArrayList<>();
        for (int l = 0; l < m.layers(); l++) {
            steps.add(1);
            if (l < m.layers() - 1 || m.activateLast()) {
                steps.addAll(Collections.nCopies(chunks, 0));
            }
        }
        return steps;
    }

    @ParameterizedTest
    @EnumSource(value = LagCorrection.class, names = {"NONE", "VTRACE"})
    void aSlicedUpdateEndsBitForBitWhereTheUpdateRunAtOnceEnds(LagCorrection lag) {
        PpoConfig c = config(lag);
        Fixture atOnce = new Fixture(c);
        UpdateJob whole = atOnce.job();
        whole.runAll();
        Fixture sliced = new Fixture(c);
        UpdateJob job = sliced.job();
        runSliced(sliced, job);
        double[] a = atOnce.learner.params();
        double[] b = sliced.learner.params();
        for (int i = 0; i < a.length; i++) {
            assertEquals(Double.doubleToRawLongBits(a[i]), Double.doubleToRawLongBits(b[i]), lag + ": parameter " + i
                    + " at once " + a[i] + ", sliced " + b[i]);
        }
        assertEquals(withoutTimes(whole.metrics()), withoutTimes(job.metrics()), lag + ": metrics");
        assertEquals(atOnce.learner.metricsRng().state(), sliced.learner.metricsRng().state(),
                "the metrics stream drew the same samples");
        assertEquals(atOnce.learner.shuffleRng().state(), sliced.learner.shuffleRng().state(),
                "the minibatches drew the same orders");
    }
}
