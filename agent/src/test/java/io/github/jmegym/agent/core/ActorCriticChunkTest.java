package io.github.jmegym.agent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.jmegym.agent.Activation;
import io.github.jmegym.envs.spaces.Box;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The invariants a sliced update's passes over a rollout rest on: a forward pass run a step at a time
 * ({@link ActorCritic.Pass}: a layer's gemm, or a chunk of rows of its activation, per step), with acting in between
 * as a game does between the units, and log-probabilities evaluated a chunk of rows at a time give the same doubles,
 * bit for bit, as the pass and the evaluation run at once. (A gemm over a chunk of the rows does not: OpenBLAS splits
 * and tiles the rows by the row count, and rows that land on other tiles are summed in another order, so the gemm
 * runs over every row at once; an activation is element by element, so it may be split by row.)
 */
class ActorCriticChunkTest {
    private static final int OBS = 9;

    @ParameterizedTest(name = "{0}, {4} rows")
    @CsvSource({
            "separate tanh 64x64, false, TANH, false, 2048",
            "separate tanh 64x64, false, TANH, false, 2044",
            "shared relu trunk, true, RELU, false, 1998",
            "gsde, false, TANH, true, 903",
            "gsde shared trunk, true, TANH, true, 333",
            "below the gemm threshold, false, TANH, false, 40",
    })
    void aPassRunALayerAtATimeAndChunkedEvaluationsGiveTheDoublesOfThePassRunAtOnce(String name, boolean shared,
            Activation act, boolean sde, int rows) {
        ActionDistribution dist = ActionDistribution.forSpace(Box.of(new double[] {-1, -1, -1},
                new double[] {1, 1, 1}), name);
        List<Integer> hidden = List.of(64, 64);
        int latent = hidden.get(hidden.size() - 1);
        NetLayout layout = new NetLayout(OBS, dist.outDim(), sde ? latent * dist.nGauss() : dist.nGauss(), hidden,
                hidden, shared, act);
        Rng rng = new Rng(11);
        double[] params = layout.initParams(rng, true, -0.5);
        for (int i = 0; i < params.length; i++) {
            params[i] += 0.1 * rng.nextGaussian();
        }
        double[] obs = gaussians(rng, rows * OBS);
        double[] actions = gaussians(rng, rows * dist.actDim());
        ActorCritic once = new ActorCritic(layout, dist, sde ? new Sde(latent, dist.nGauss()) : null);
        ActorCritic.Batch whole = once.forward(params, obs, rows, true);
        double[] logp = new double[rows];
        double[] entropy = new double[rows];
        once.evaluate(whole, actions, logp, entropy);

        ActorCritic sliced = new ActorCritic(layout, dist, sde ? new Sde(latent, dist.nGauss()) : null);
        ActorCritic.Pass pass = sliced.pass(params, obs, rows, true);
        assertThrows(IllegalStateException.class, pass::batch, "a pass not run has no batch");
        long layers = 0;
        int steps = 0;
        double[] acted = new double[8 * dist.actDim()];
        while (!pass.done()) {
            long before = sliced.batchLayers();
            pass.step();
            steps++;
            layers += sliced.batchLayers() - before;
            assertFalse(sliced.batchLayers() - before > 1, name + ": a step ran " + (sliced.batchLayers() - before)
                    + " layers");
            sliced.act(params, gaussians(rng, 8 * OBS), 8, rng, false, sde ? exploration(sliced, params, rng) : null,
                    acted, null, new double[8]);
        }
        long expectedLayers = rows < 64 ? 0 : (shared ? layout.trunk().layers() : 0) + layout.actor().layers()
                + layout.critic().layers();
        assertEquals(expectedLayers, layers, name + ": layers of whole batches");
        int chunks = (rows + ActorCritic.ACTIVATION_ROWS - 1) / ActorCritic.ACTIVATION_ROWS;
        // every hidden layer is activated (the output layers are not): 2 per MLP here, a trunk's replacing the heads'
        long activated = rows < 64 ? 0 : shared ? 2 : 4;
        assertEquals(rows < 64 ? 1 : expectedLayers + activated * chunks, steps,
                name + ": one step per gemm and per " + ActorCritic.ACTIVATION_ROWS + " rows of a layer's activation");
        ActorCritic.Batch b = pass.batch();
        double[] chunkLogp = new double[rows];
        double[] chunkEntropy = new double[rows];
        for (int from = 0; from < rows; from += 100) {
            sliced.evaluate(b, from, Math.min(rows, from + 100), actions, chunkLogp, chunkEntropy);
        }
        assertEquals(rows, sliced.rowsEvaluated(), name + ": rows evaluated");
        assertSameBits(whole.out(), b.out(), name + " out");
        assertSameBits(whole.logStd(), b.logStd(), name + " logStd");
        assertSameBits(whole.values(), b.values(), name + " values");
        assertSameBits(logp, chunkLogp, name + " log-probabilities");
        assertSameBits(entropy, chunkEntropy, name + " entropies");
    }

    private static double[] exploration(ActorCritic model, double[] params, Rng rng) {
        double[] e = new double[8 * model.sde().matrixSize()];
        for (int row = 0; row < 8; row++) {
            model.drawExploration(params, rng, e, row);
        }
        return e;
    }

    private static double[] gaussians(Rng rng, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = rng.nextGaussian();
        }
        return a;
    }

    private static void assertSameBits(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
                    what + ": element " + i + " at once " + expected[i] + ", sliced " + actual[i]);
        }
    }
}
