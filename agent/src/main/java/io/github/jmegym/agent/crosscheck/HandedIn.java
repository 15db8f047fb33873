package io.github.jmegym.agent.crosscheck;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.jmegym.agent.Algo;
import io.github.jmegym.agent.PpoConfig;
import io.github.jmegym.agent.Policy;
import io.github.jmegym.agent.core.ActionDistribution;
import io.github.jmegym.agent.core.ActorCritic;
import io.github.jmegym.agent.core.Adam;
import io.github.jmegym.agent.core.NetLayout;
import io.github.jmegym.agent.core.Rng;
import io.github.jmegym.agent.core.RolloutBuffer;
import io.github.jmegym.agent.core.Sde;
import io.github.jmegym.agent.nd4j.Nd4jActorCritic;
import io.github.jmegym.agent.update.Learner;
import io.github.jmegym.agent.update.UpdateJob;
import io.github.jmegym.agent.update.UpdateRule;
import io.github.jmegym.agent.update.UpdateRules;
import io.github.jmegym.envs.Json;
import io.github.jmegym.envs.wrappers.RunningMeanStd;
import java.util.Arrays;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What every {@code ./jmegym crosscheck <algo>} builds from its input before the update: the trainer's
 * {@link Learner} and update rule (as {@code PpoTrainer} builds them) from the handed-in config and weights, and a
 * {@link RolloutBuffer} filled step by step from the handed-in rollout (raw rewards and truncation values, so the
 * time-limit bootstrap and GAE run in the buffer, as in training). It writes the rollout-level quantities to the
 * report: the Java network's values and log-probabilities of the rollout, the last and truncation values, gSDE's
 * actions, the normalized observations, the buffer's rewards, advantages and returns.
 *
 * <p>Input fields: {@code config} (a {@link PpoConfig} file's fields), {@code policy} (the {@code policy.json}
 * form, whose {@code params} are the initial weights), {@code progress_remaining}, {@code rollout} with
 * {@code n_steps}, {@code n_envs} and the flat row-major arrays {@code obs}, {@code actions}, {@code rewards} (as the
 * env gave them), {@code terminated}, {@code truncated}, {@code truncation_values}, {@code terminal_obs} (the final
 * observations of truncated rows, zeros elsewhere), {@code values}, {@code log_probs}, {@code last_values},
 * {@code next_obs}, and optionally {@code exploration} (gSDE: the exploration matrix of each sub-env) and
 * {@code obs_norm} ({@code raw}: the raw observation batches of {@code n_envs} rows, in the order the normalizer saw
 * them).
 */
final class HandedIn {
    final PpoConfig config;
    final NetLayout layout;
    final ActionDistribution dist;
    final double[] params;
    final Learner learner;
    final UpdateRule rule;
    final RolloutBuffer buffer;
    final double[] nextObs;
    final double progressRemaining;
    /** The report so far (the rollout-level quantities). */
    final JsonObject out = new JsonObject();

    /**
     * Builds everything and fills {@link #out}.
     *
     * @param command the command's name for messages ({@code "crosscheck ppo"})
     * @param algos the algorithms the command runs
     * @throws IllegalArgumentException for malformed input, naming the field
     */
    HandedIn(JsonObject in, String command, Set<Algo> algos) {
        config = PpoConfig.fromJson(field(in, "config").toString(), "crosscheck input 'config'");
        if (!algos.contains(config.algo())) {
            throw new IllegalArgumentException(command + ": config algo=" + config.algo().id() + "; expected one of "
                    + algos.stream().map(Algo::id).sorted().toList());
        }
        Policy policy = Policy.fromJson(field(in, "policy").getAsJsonObject(), "crosscheck input 'policy'");
        dist = ActionDistribution.forSpace(policy.actionSpace(), command);
        int obsDim = policy.observationSpace().size();
        int latentDim = config.policyHidden().isEmpty() ? obsDim
                : config.policyHidden().get(config.policyHidden().size() - 1);
        Sde sde = config.useSde() ? new Sde(latentDim, dist.nGauss()) : null;
        layout = new NetLayout(obsDim, dist.outDim(), sde != null ? sde.matrixSize() : dist.nGauss(),
                config.policyHidden(), config.valueHidden(), config.sharedNetwork(), config.activation());
        if (!layout.equals(policy.layout())) {
            throw new IllegalArgumentException(command + ": the config's network " + layout
                    + " differs from the handed-in policy's " + policy.layout()
                    + "; policyHidden, valueHidden, activation and useSde must describe the same network");
        }
        params = policy.params();
        Nd4jActorCritic net = new Nd4jActorCritic(layout, DataType.FLOAT);
        net.setParams(params);
        ActorCritic model = new ActorCritic(layout, dist, sde);
        learner = new Learner(config, layout, dist, sde, params, net, model, new Adam(params.length), new Rng(0),
                new Rng(1));
        rule = UpdateRules.create(learner, command);

        JsonObject ro = field(in, "rollout").getAsJsonObject();
        int nSteps = integer(ro, "n_steps");
        int nEnvs = integer(ro, "n_envs");
        if (nSteps != config.nSteps() || nEnvs != config.nEnvs()) {
            throw new IllegalArgumentException(command + ": rollout of " + nSteps + " x " + nEnvs
                    + " steps; the config says nSteps=" + config.nSteps() + ", nEnvs=" + config.nEnvs());
        }
        int n = nSteps * nEnvs;
        int actDim = dist.actDim();
        double[] obs = doubles(ro, "obs", n * obsDim);
        double[] actions = doubles(ro, "actions", n * actDim);
        double[] rewards = doubles(ro, "rewards", n);
        boolean[] terminated = booleans(ro, "terminated", n);
        boolean[] truncated = booleans(ro, "truncated", n);
        double[] truncValues = doubles(ro, "truncation_values", n);
        double[] terminalObs = doubles(ro, "terminal_obs", n * obsDim);
        double[] values = doubles(ro, "values", n);
        double[] logProbs = doubles(ro, "log_probs", n);
        double[] lastValues = doubles(ro, "last_values", nEnvs);
        nextObs = doubles(ro, "next_obs", nEnvs * obsDim);
        progressRemaining = number(in, "progress_remaining");

        out.addProperty("dtype", net.dtype().name().toLowerCase(java.util.Locale.ROOT));
        if (in.has("obs_norm") && !in.get("obs_norm").isJsonNull()) {
            out.add("normalized_obs", Json.array(normalizedObs(in.getAsJsonObject("obs_norm"), obsDim, nEnvs,
                    config.clipObservation())));
        }

        // The acting policy's view of the rollout, recomputed with the handed-in weights.
        ActorCritic.Batch start = model.forward(params, obs, n, true);
        double[] javaLogp = new double[n];
        double[] entropy = new double[n];
        model.evaluate(start, actions, javaLogp, entropy);
        out.add("values", Json.array(start.values()));
        out.add("log_probs", Json.array(javaLogp));
        out.add("last_values", Json.array(model.values(params, nextObs, nEnvs)));
        double[] javaTrunc = new double[n];
        double[] tv = model.values(params, terminalObs, n);
        for (int i = 0; i < n; i++) {
            javaTrunc[i] = truncated[i] && !terminated[i] ? tv[i] : 0.0;
        }
        out.add("truncation_values", Json.array(javaTrunc));
        if (sde != null && in.has("exploration")) {
            out.add("sde_actions", Json.array(sdeActions(model, params, obs, nSteps, nEnvs, obsDim, actDim,
                    doubles(in, "exploration", nEnvs * sde.matrixSize()))));
        }

        // The buffer as the trainer fills it: the handed-in (reference) values, log-probs and truncation values.
        buffer = new RolloutBuffer(nSteps, nEnvs, obsDim, actDim);
        boolean[] term = new boolean[nEnvs];
        boolean[] trunc = new boolean[nEnvs];
        for (int t = 0; t < nSteps; t++) {
            int r0 = t * nEnvs;
            for (int e = 0; e < nEnvs; e++) {
                term[e] = terminated[r0 + e];
                trunc[e] = truncated[r0 + e];
            }
            buffer.add(Arrays.copyOfRange(obs, r0 * obsDim, (r0 + nEnvs) * obsDim),
                    Arrays.copyOfRange(actions, r0 * actDim, (r0 + nEnvs) * actDim),
                    Arrays.copyOfRange(logProbs, r0, r0 + nEnvs), Arrays.copyOfRange(values, r0, r0 + nEnvs),
                    Arrays.copyOfRange(rewards, r0, r0 + nEnvs), term, trunc,
                    Arrays.copyOfRange(truncValues, r0, r0 + nEnvs), config.gamma());
        }
        buffer.computeReturnsAndAdvantage(lastValues, config.gamma(), config.gaeLambda());
        out.add("rewards", Json.array(buffer.rewards));
        out.add("advantages", Json.array(buffer.advantages));
        out.add("returns", Json.array(buffer.returns));
    }

    /** The update job of the rule on the buffer, as the trainer starts it. */
    UpdateJob job() {
        return new UpdateJob(rule, learner, buffer, nextObs, progressRemaining, 0);
    }

    /** The trainer's normalization of each raw batch: update the running statistics with it, then normalize it. */
    private static double[] normalizedObs(JsonObject norm, int obsDim, int nEnvs, double clip) {
        double[] raw = Json.doubles(field(norm, "raw").getAsJsonArray());
        int rows = nEnvs * obsDim;
        if (raw.length % rows != 0) {
            throw new IllegalArgumentException("crosscheck input 'obs_norm.raw': " + raw.length
                    + " values; expected batches of n_envs x obs_dim = " + rows);
        }
        RunningMeanStd rms = new RunningMeanStd(obsDim);
        double[] batch = new double[rows];
        for (int b = 0; b < raw.length / rows; b++) {
            System.arraycopy(raw, b * rows, batch, 0, rows);
            rms.update(batch, nEnvs);
            rms.normalize(batch, nEnvs, clip);
            System.arraycopy(batch, 0, raw, b * rows, rows);
        }
        return raw;
    }

    /** The trainer's gSDE actions of each rollout step with the handed-in exploration matrices. */
    private static double[] sdeActions(ActorCritic model, double[] params, double[] obs, int nSteps, int nEnvs,
                                       int obsDim, int actDim, double[] exploration) {
        double[] acts = new double[nSteps * nEnvs * actDim];
        double[] a = new double[nEnvs * actDim];
        for (int t = 0; t < nSteps; t++) {
            double[] o = Arrays.copyOfRange(obs, t * nEnvs * obsDim, (t + 1) * nEnvs * obsDim);
            model.act(params, o, nEnvs, new Rng(0), false, exploration, a, null, null);
            System.arraycopy(a, 0, acts, t * nEnvs * actDim, a.length);
        }
        return acts;
    }

    /** Per-epoch permutations of {@code 0..n-1} from the input field {@code name}, each checked. */
    static int[][] permutations(JsonObject in, String name, int n) {
        JsonArray a = field(in, name).getAsJsonArray();
        int[][] p = new int[a.size()][];
        for (int e = 0; e < p.length; e++) {
            p[e] = Json.ints(a.get(e).getAsJsonArray());
            boolean[] seen = new boolean[n];
            for (int i : p[e]) {
                if (p[e].length != n || i < 0 || i >= n || seen[i]) {
                    throw new IllegalArgumentException("crosscheck input '" + name + "[" + e
                            + "]': not a permutation of 0.." + (n - 1));
                }
                seen[i] = true;
            }
        }
        return p;
    }

    /** Hands epoch {@code epoch}'s given permutation into {@code perm}, failing when there are too few. */
    static void permutation(int[][] perms, String name, int epoch, int[] perm) {
        if (epoch >= perms.length) {
            throw new IllegalArgumentException("crosscheck input '" + name + "': " + perms.length
                    + " given; the update runs epoch " + (epoch + 1));
        }
        System.arraycopy(perms[epoch], 0, perm, 0, perm.length);
    }

    static JsonElement field(JsonObject o, String name) {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            throw new IllegalArgumentException("crosscheck input: missing field '" + name + "'");
        }
        return e;
    }

    static int integer(JsonObject o, String name) {
        return field(o, name).getAsInt();
    }

    static double number(JsonObject o, String name) {
        return field(o, name).getAsDouble();
    }

    static double[] doubles(JsonObject o, String name, int expected) {
        double[] d = Json.doubles(field(o, name).getAsJsonArray());
        if (d.length != expected) {
            throw new IllegalArgumentException("crosscheck input '" + name + "': " + d.length + " values; expected "
                    + expected);
        }
        return d;
    }

    private static boolean[] booleans(JsonObject o, String name, int expected) {
        JsonArray a = field(o, name).getAsJsonArray();
        if (a.size() != expected) {
            throw new IllegalArgumentException("crosscheck input '" + name + "': " + a.size() + " values; expected "
                    + expected);
        }
        boolean[] b = new boolean[expected];
        for (int i = 0; i < expected; i++) {
            b[i] = a.get(i).getAsBoolean();
        }
        return b;
    }
}
