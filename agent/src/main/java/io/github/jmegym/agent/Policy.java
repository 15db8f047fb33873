package io.github.jmegym.agent;

import com.google.gson.JsonObject;
import io.github.jmegym.agent.core.ActionDistribution;
import io.github.jmegym.agent.core.ActorCritic;
import io.github.jmegym.agent.core.JavaForward;
import io.github.jmegym.agent.core.NetLayout;
import io.github.jmegym.agent.core.Rng;
import io.github.jmegym.agent.core.Sde;
import io.github.jmegym.agent.run.AtomicFiles;
import io.github.jmegym.agent.run.Checkpoint;
import io.github.jmegym.envs.Json;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.Space;
import io.github.jmegym.envs.spaces.Spaces;
import io.github.jmegym.envs.wrappers.RunningMeanStd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A trained PPO policy for inference: maps an observation to an action with the plain-Java forward kernel (no ND4J,
 * no trainer needed; a few microseconds per call). Load one with {@link #load(Path)}; the trainer hands out
 * snapshots with {@link PpoTrainer#policy()}. Not thread-safe (scratch buffers and the sampling generator are
 * reused); use one per thread.
 */
public final class Policy {
    private final NetLayout layout;
    private final ActionDistribution dist;
    private final Box observationSpace;
    private final Space<?> actionSpace;
    private final double[] params;
    private final RunningMeanStd obsNorm;
    private final double clipObs;
    private final JavaForward kernel;
    /** The forward pass, gSDE noise and action draws, shared with the trainer's rollouts. */
    private final ActorCritic actor;
    private final double[] value = new double[1];
    private final double[] act;
    private final double[] obsBuf;
    private Rng rng = new Rng(0);
    /** gSDE (null without): latent features, log-stds, noise and the held exploration matrix (null until drawn). */
    private final Sde sde;
    private double[] exploration;

    /**
     * A policy over given parameters (copied).
     *
     * @param obsNorm observation statistics, or null when observations are not normalized
     * @param clipObs clip of normalized observations
     */
    public Policy(NetLayout layout, Box observationSpace, Space<?> actionSpace, double[] params, RunningMeanStd obsNorm,
                  double clipObs) {
        this(layout, observationSpace, actionSpace, params, obsNorm, clipObs, false);
    }

    /**
     * A policy over given parameters (copied), with or without gSDE.
     *
     * @param obsNorm observation statistics, or null when observations are not normalized
     * @param clipObs clip of normalized observations
     * @param useSde whether the layout's log-std parameters are gSDE's {@code [latentDim x nGauss]} matrix
     *        ({@link PpoConfig#useSde()}); stochastic actions then use an exploration matrix held until
     *        {@link #resetNoise()}
     */
    public Policy(NetLayout layout, Box observationSpace, Space<?> actionSpace, double[] params, RunningMeanStd obsNorm,
                  double clipObs, boolean useSde) {
        this.layout = layout;
        this.observationSpace = observationSpace;
        this.actionSpace = actionSpace;
        this.dist = ActionDistribution.forSpace(actionSpace, "Policy");
        if (params.length != layout.paramCount()) {
            throw new IllegalArgumentException("Policy: " + params.length + " parameters; the layout needs " + layout.paramCount());
        }
        int expectedLogStd = useSde ? layout.latentDim() * dist.nGauss() : dist.nGauss();
        if (observationSpace.size() != layout.obsDim() || dist.outDim() != layout.outDim()
                || layout.nLogStd() != expectedLogStd || (useSde && dist.nGauss() == 0)) {
            throw new IllegalArgumentException("Policy: spaces " + observationSpace + " / " + actionSpace
                    + (useSde ? " with gSDE" : "") + " do not fit the network layout " + layout);
        }
        this.sde = useSde ? new Sde(layout.latentDim(), dist.nGauss()) : null;
        this.params = params.clone();
        this.obsNorm = obsNorm == null ? null : obsNorm.copy();
        this.clipObs = clipObs;
        this.kernel = new JavaForward(layout);
        this.actor = new ActorCritic(layout, dist, sde);
        this.act = new double[dist.actDim()];
        this.obsBuf = new double[layout.obsDim()];
    }

    /** Reseeds the generator used by stochastic {@link #act}. */
    public Policy seed(long seed) {
        this.rng = new Rng(seed);
        this.exploration = null;
        return this;
    }

    /** Whether stochastic actions use gSDE (state-dependent exploration). */
    public boolean usesSde() {
        return sde != null;
    }

    /**
     * With gSDE, redraws the exploration matrix that stochastic {@link #act} calls hold (as SB3's
     * {@code policy.reset_noise()}; call it at episode start or every few steps); without gSDE, does nothing.
     */
    public void resetNoise() {
        if (sde != null) {
            if (exploration == null) {
                exploration = new double[sde.matrixSize()];
            }
            actor.drawExploration(params, rng, exploration, 0);
        }
    }

    /** The observation space the policy was trained on. */
    public Box observationSpace() {
        return observationSpace;
    }

    /** The action space the policy acts in. */
    public Space<?> actionSpace() {
        return actionSpace;
    }

    /** The network layout. */
    public NetLayout layout() {
        return layout;
    }

    /** The flat parameters (a copy). */
    public double[] params() {
        return params.clone();
    }

    /** The observation statistics (a copy), or null. */
    public RunningMeanStd observationStats() {
        return obsNorm == null ? null : obsNorm.copy();
    }

    /**
     * The action for one observation: the distribution's mode when {@code deterministic}, else a sample (with gSDE:
     * the mean plus {@code phi(s) E}, {@code E} the held exploration matrix, drawn on first use; see
     * {@link #resetNoise()}).
     *
     * @param observation an element of {@link #observationSpace()} ({@code double[]})
     * @return an element of {@link #actionSpace()} (Box actions clipped to bounds)
     */
    public Object act(Object observation, boolean deterministic) {
        prepare(observation);
        if (sde != null && !deterministic && exploration == null) {
            resetNoise();
        }
        actor.act(params, obsBuf, 1, rng, deterministic, exploration, act, null, null);
        return dist.toEnvAction(act, 0);
    }

    /** The critic's value estimate of one observation. */
    public double value(Object observation) {
        prepare(observation);
        kernel.forward(params, obsBuf, 1, null, value);
        return value[0];
    }

    private void prepare(Object observation) {
        double[] o = observationSpace.require(observation, "Policy.act(observation)");
        if (o.length != obsBuf.length) {
            throw new IllegalArgumentException("Policy.act: observation has " + o.length + " values; expected " + obsBuf.length);
        }
        System.arraycopy(o, 0, obsBuf, 0, obsBuf.length);
        if (obsNorm != null) {
            obsNorm.normalize(obsBuf, 1, clipObs);
        }
    }

    /** The JSON form stored as {@code policy.json} in checkpoints. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("format", "jmegym-ppo-policy");
        o.addProperty("format_version", 1);
        JsonObject l = new JsonObject();
        l.addProperty("obs_dim", layout.obsDim());
        l.addProperty("out_dim", layout.outDim());
        l.addProperty("n_log_std", layout.nLogStd());
        l.add("policy_hidden", Json.GSON.toJsonTree(layout.policyHidden()));
        l.add("value_hidden", Json.GSON.toJsonTree(layout.valueHidden()));
        l.addProperty("shared", layout.shared());
        l.addProperty("activation", layout.activation().name());
        l.addProperty("sde", sde != null);
        o.add("layout", l);
        o.add("observation_space", observationSpace.toJson());
        o.add("action_space", actionSpace.toJson());
        o.add("params", Json.array(params));
        if (obsNorm != null) {
            JsonObject n = new JsonObject();
            n.add("mean", Json.array(obsNorm.mean()));
            n.add("var", Json.array(obsNorm.var()));
            n.addProperty("count", obsNorm.count());
            n.addProperty("clip", clipObs);
            o.add("obs_norm", n);
        }
        return o;
    }

    /** Reads the JSON form; {@code where} names the file in errors. */
    public static Policy fromJson(JsonObject o, String where) {
        try {
            if (!"jmegym-ppo-policy".equals(o.get("format").getAsString())) {
                throw new IllegalArgumentException(where + ": not a jmegym PPO policy (format " + o.get("format") + ")");
            }
            JsonObject l = o.getAsJsonObject("layout");
            List<Integer> ph = Arrays.stream(Json.ints(l.getAsJsonArray("policy_hidden"))).boxed().toList();
            List<Integer> vh = Arrays.stream(Json.ints(l.getAsJsonArray("value_hidden"))).boxed().toList();
            NetLayout layout = new NetLayout(l.get("obs_dim").getAsInt(), l.get("out_dim").getAsInt(),
                    l.get("n_log_std").getAsInt(), ph, vh, l.get("shared").getAsBoolean(),
                    Activation.valueOf(l.get("activation").getAsString()));
            Space<?> obs = Spaces.fromJson(o.getAsJsonObject("observation_space"));
            if (!(obs instanceof Box box)) {
                throw new IllegalArgumentException(where + ": observation space " + obs + " is not a Box");
            }
            Space<?> actSpace = Spaces.fromJson(o.getAsJsonObject("action_space"));
            double[] params = Json.doubles(o.getAsJsonArray("params"));
            RunningMeanStd norm = null;
            double clip = 10;
            if (o.has("obs_norm")) {
                JsonObject n = o.getAsJsonObject("obs_norm");
                norm = new RunningMeanStd(Json.doubles(n.getAsJsonArray("mean")), Json.doubles(n.getAsJsonArray("var")),
                        n.get("count").getAsDouble());
                clip = n.get("clip").getAsDouble();
            }
            for (double p : params) {
                if (!Double.isFinite(p)) {
                    throw new IllegalArgumentException(where + ": parameters contain " + p);
                }
            }
            boolean useSde = l.has("sde") && l.get("sde").getAsBoolean();
            return new Policy(layout, box, actSpace, params, norm, clip, useSde);
        } catch (NullPointerException | ClassCastException | IllegalStateException | UnsupportedOperationException e) {
            throw new IllegalArgumentException(where + ": malformed policy (" + e + ")", e);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(where)) {
                throw e;
            }
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    /** Writes this policy as a standalone JSON file (atomically). */
    public void save(Path file) {
        AtomicFiles.writeString(file, Json.GSON.toJson(toJson()));
    }

    /**
     * Loads a policy from a run folder (its latest checkpoint), a checkpoint folder (digests verified) or a
     * policy JSON file written by {@link #save(Path)}.
     */
    public static Policy load(Path path) {
        if (Files.isRegularFile(path)) {
            try {
                String text = Files.readString(path);
                return fromJson(Checkpoint.parse(path, text), path.toString());
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read policy " + path + ": " + e, e);
            }
        }
        Path ckpt = Checkpoint.resolve(path);
        String text = Checkpoint.readVerified(ckpt, Checkpoint.POLICY).get(Checkpoint.POLICY);
        Path file = ckpt.resolve(Checkpoint.POLICY);
        return fromJson(Checkpoint.parse(file, text), file.toString());
    }
}
