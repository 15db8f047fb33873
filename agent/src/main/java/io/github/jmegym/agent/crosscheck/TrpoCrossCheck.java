package io.github.jmegym.agent.crosscheck;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.jmegym.agent.Algo;
import io.github.jmegym.agent.trpo.LinearOperator;
import io.github.jmegym.agent.trpo.TrustRegionProbe;
import io.github.jmegym.agent.trpo.TrustRegionUpdate;
import io.github.jmegym.agent.update.TrustRegionRule;
import io.github.jmegym.agent.update.UpdateJob;
import io.github.jmegym.envs.Json;
import java.util.EnumSet;
import java.util.Map;

/**
 * One TRPO or NPG update of the Java trainer on a rollout, initial weights and critic permutations handed in by
 * another implementation (sb3-contrib's {@code TRPO} through {@code python -m jmegym.crosscheck trpo}), reporting
 * every intermediate.
 *
 * <p>It builds the trainer's learner, update rule and filled buffer from the input ({@link HandedIn}, which
 * describes the common fields) and runs the update through {@link UpdateJob} with a {@link TrustRegionProbe} that
 * records the policy step's gradient, the damped Fisher products of the handed-in vectors ({@code fisher_vectors}:
 * flat parameter vectors, critic entries 0; the reference's {@code g} among them, so both sides multiply the same
 * vectors), the conjugate-gradient direction, the step
 * size, each line-search candidate and the accepted parameters, then each critic minibatch, the critic's epochs in
 * the handed-in orders ({@code critic_permutations}, one array per critic epoch). Nothing is recomputed here.
 */
public final class TrpoCrossCheck {
    private TrpoCrossCheck() {
    }

    /**
     * Runs the update and returns the report.
     *
     * @throws IllegalArgumentException for malformed input, naming the field
     */
    public static JsonObject run(JsonObject in) {
        HandedIn h = new HandedIn(in, "crosscheck trpo", EnumSet.of(Algo.TRPO, Algo.NPG));
        TrustRegionRule rule = (TrustRegionRule) h.rule;
        int n = h.buffer.size();
        JsonArray vs = HandedIn.field(in, "fisher_vectors").getAsJsonArray();
        double[][] vectors = new double[vs.size()][];
        for (int k = 0; k < vectors.length; k++) {
            vectors[k] = Json.doubles(vs.get(k).getAsJsonArray());
            if (vectors[k].length != h.params.length) {
                throw new IllegalArgumentException("crosscheck input 'fisher_vectors[" + k + "]': "
                        + vectors[k].length + " values; expected " + h.params.length + " (the flat parameters)");
            }
        }
        Recorder rec = new Recorder(HandedIn.permutations(in, "critic_permutations", n), vectors);
        rule.probe(rec);
        UpdateJob job = h.job();
        job.runAll();
        rule.probe(null);
        JsonObject out = h.out;
        out.add("policy", rec.policy);
        out.add("trials", rec.trials);
        out.add("critic", rec.critic);
        out.add("final_params", Json.array(h.params));
        JsonObject m = new JsonObject();
        for (Map.Entry<String, Double> e : job.metrics().entrySet()) {
            m.addProperty(e.getKey(), e.getValue());
        }
        out.add("metrics", m);
        return out;
    }

    /** Records what the update reports and hands in the reference's critic permutations. */
    private static final class Recorder implements TrustRegionProbe {
        private final int[][] perms;
        private final double[][] vectors;
        final JsonObject policy = new JsonObject();
        final JsonArray trials = new JsonArray();
        final JsonArray critic = new JsonArray();

        Recorder(int[][] perms, double[][] vectors) {
            this.perms = perms;
            this.vectors = vectors;
        }

        @Override
        public void gradient(double[] g, double surrogate) {
            policy.add("gradient", Json.array(g));
            policy.addProperty("surrogate", surrogate);
        }

        @Override
        public void fisher(LinearOperator f) {
            JsonArray products = new JsonArray();
            double[] out = new double[vectors.length == 0 ? 0 : vectors[0].length];
            for (double[] v : vectors) {
                f.apply(v, out);
                products.add(Json.array(out));
            }
            policy.add("fisher_products", products);
        }

        @Override
        public void direction(TrustRegionUpdate.Direction d, double maxStep) {
            policy.add("direction", Json.array(d.direction()));
            policy.addProperty("curvature", d.curvature());
            policy.addProperty("max_step", maxStep);
            policy.addProperty("cg_steps", d.cg().steps());
            policy.addProperty("cg_residual", d.cg().residualSquaredNorm());
        }

        @Override
        public void trial(int k, double step, double kl, double klNewOld, double surrogate, boolean accepted) {
            JsonObject o = new JsonObject();
            o.addProperty("k", k);
            o.addProperty("step", step);
            o.addProperty("kl", kl);
            o.addProperty("kl_new_old", klNewOld);
            o.addProperty("surrogate", surrogate);
            o.addProperty("accepted", accepted);
            trials.add(o);
        }

        @Override
        public void policyStep(double[] params, TrustRegionUpdate.Result r) {
            policy.add("params", Json.array(params));
            policy.addProperty("accepted", r.stepAccepted());
            policy.addProperty("step", r.stepSize());
        }

        @Override
        public void criticPermutation(int epoch, int[] perm) {
            HandedIn.permutation(perms, "critic_permutations", epoch, perm);
        }

        @Override
        public void criticMinibatch(int epoch, int minibatch, double valueLoss, double[] params) {
            JsonObject o = new JsonObject();
            o.addProperty("epoch", epoch);
            o.addProperty("minibatch", minibatch);
            o.addProperty("value_loss", valueLoss);
            o.add("params", Json.array(params));
            critic.add(o);
        }
    }
}
