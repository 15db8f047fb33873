package io.github.jmegym.agent.crosscheck;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.jmegym.agent.Algo;
import io.github.jmegym.agent.core.PpoLoss;
import io.github.jmegym.agent.update.PpoUpdate;
import io.github.jmegym.agent.update.UpdateJob;
import io.github.jmegym.envs.Json;
import java.util.EnumSet;
import java.util.Map;

/**
 * One PPO update of the Java trainer on a rollout, initial weights and minibatch permutations handed in by another
 * implementation (Stable-Baselines3 through {@code python -m jmegym.crosscheck ppo}), reporting every intermediate.
 *
 * <p>It builds the trainer's learner, update rule and filled buffer from the input ({@link HandedIn}, which also
 * describes the input's common fields) and runs the update through {@link UpdateJob} with a {@link PpoUpdate.Probe}
 * that replaces the drawn permutations with the given ones ({@code permutations}, one array per epoch) and records
 * each minibatch and epoch. Nothing of the loss is recomputed here.
 */
public final class PpoCrossCheck {
    private PpoCrossCheck() {
    }

    /**
     * Runs the update and returns the report.
     *
     * @throws IllegalArgumentException for malformed input, naming the field
     */
    public static JsonObject run(JsonObject in) {
        HandedIn h = new HandedIn(in, "crosscheck ppo", EnumSet.of(Algo.PPO, Algo.PPO_KL));
        PpoUpdate ppo = (PpoUpdate) h.rule;
        JsonObject out = h.out;
        int n = h.buffer.size();
        Recorder rec = new Recorder(HandedIn.permutations(in, "permutations", n));
        ppo.probe(rec);
        UpdateJob job = h.job();
        job.runAll();
        ppo.probe(null);
        out.add("minibatches", rec.minibatches);
        out.add("epochs", rec.epochs);
        out.add("final_params", Json.array(h.params));
        JsonObject m = new JsonObject();
        for (Map.Entry<String, Double> e : job.metrics().entrySet()) {
            m.addProperty(e.getKey(), e.getValue());
        }
        out.add("metrics", m);
        out.addProperty("kl_beta_next", ppo.klBeta());
        return out;
    }

    /** Hands in the reference's permutations and records what the update reports. */
    private static final class Recorder implements PpoUpdate.Probe {
        private final int[][] perms;
        final JsonArray minibatches = new JsonArray();
        final JsonArray epochs = new JsonArray();

        Recorder(int[][] perms) {
            this.perms = perms;
        }

        @Override
        public void permutation(int epoch, int[] perm) {
            HandedIn.permutation(perms, "permutations", epoch, perm);
        }

        @Override
        public void minibatch(int epoch, int minibatch, double[] advantages, PpoLoss.Result r, double[] ratios,
                              double gradNorm, boolean stopped) {
            JsonObject o = new JsonObject();
            o.addProperty("epoch", epoch);
            o.addProperty("minibatch", minibatch);
            o.add("advantages", Json.array(advantages));
            o.add("ratio", Json.array(ratios));
            o.addProperty("policy_loss", r.policyLoss);
            o.addProperty("value_loss", r.valueLoss);
            o.addProperty("entropy", r.entropy);
            o.addProperty("approx_kl", r.approxKl);
            o.addProperty("clip_fraction", r.clipFraction);
            o.addProperty("loss", r.loss);
            o.addProperty("grad_norm", gradNorm);
            o.addProperty("stopped", stopped);
            minibatches.add(o);
        }

        @Override
        public void epochEnd(int epoch, double[] params, boolean stopped) {
            JsonObject o = new JsonObject();
            o.addProperty("epoch", epoch);
            o.add("params", Json.array(params));
            o.addProperty("stopped", stopped);
            epochs.add(o);
        }
    }
}
