package io.github.jmegym.agent;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.jmegym.agent.trpo.TrustRegionConfig;
import io.github.jmegym.agent.trpo.VtraceConfig;
import io.github.jmegym.envs.Json;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;

/**
 * The hyperparameters of PPO (immutable; validated on construction; Gson round trip through {@link #toJson()} and
 * {@link #fromJson(String, String)}). Defaults are Stable-Baselines3's PPO defaults.
 *
 * <p>Each field is declared once: its component carries a {@link Setting} with its documentation, its default and (for
 * integers) its range, from which {@link #FIELD_DOCS}, {@link #defaults()} and the range checks of construction and
 * JSON reading are derived. The validated copies {@code withX(value)} (one per field, from
 * {@link PpoConfigBuilder.With}) and the builder ({@link #builder()}) are generated from the components at compile
 * time, so a new field is a new annotated component and, when it has constraints beyond a range, a check in the
 * compact constructor; nothing else lists the fields.
 */
@RecordBuilder
public record PpoConfig(
        @Setting(def = "1000000", min = 1,
                doc = "env steps of a full run: the default length of learn() and ./jmegym train, and the horizon of learning-rate and clip-range annealing (zoo n_timesteps)")
        long totalSteps,
        @Setting(def = "1", min = 1, max = PpoConfig.MAX_N_ENVS,
                doc = "number of vector sub-envs collecting in parallel (1 to 4096)")
        int nEnvs,
        @Setting(def = "2048", min = 1, max = PpoConfig.MAX_ROLLOUT,
                doc = "steps collected per sub-env per rollout; a rollout holds nSteps * nEnvs transitions (>= 1; nSteps * nEnvs at most 4194304)")
        int nSteps,
        @Setting(def = "64", min = 1, max = PpoConfig.MAX_ROLLOUT,
                doc = "minibatch size; must divide nSteps * nEnvs (>= 1)")
        int batchSize,
        @Setting(def = "10", min = 1, max = Integer.MAX_VALUE,
                doc = "passes over each rollout, each reshuffled into minibatches (>= 1)")
        int epochs,
        @Setting(def = "0.99",
                doc = "discount factor in [0, 1]")
        double gamma,
        @Setting(def = "0.95",
                doc = "GAE lambda in [0, 1] (1 = Monte-Carlo advantages, 0 = one-step TD)")
        double gaeLambda,
        @Setting(def = "0.2",
                doc = "PPO ratio clip epsilon (> 0)")
        double clipRange,
        @Setting(def = "false",
                doc = "anneal clipRange linearly to 0 over totalSteps (zoo lin_0.2)")
        boolean annealClipRange,
        @Setting(def = "null",
                doc = "value-function clip around the rollout's values (SB3 clip_range_vf, absolute units), or null for no value clipping")
        Double clipRangeVf,
        @Setting(def = "0.0",
                doc = "entropy bonus coefficient (>= 0)")
        double entCoef,
        @Setting(def = "0.5",
                doc = "value-loss coefficient (>= 0)")
        double vfCoef,
        @Setting(def = "0.5",
                doc = "global gradient-norm clip (> 0)")
        double maxGradNorm,
        @Setting(def = "3.0E-4",
                doc = "Adam learning rate (> 0)")
        double learningRate,
        @Setting(def = "false",
                doc = "anneal learningRate linearly to 0 over totalSteps (zoo lin_1e-3)")
        boolean annealLearningRate,
        @Setting(def = "1.0E-5",
                doc = "Adam epsilon (> 0; SB3's PPO uses 1e-5)")
        double adamEpsilon,
        @Setting(def = "null",
                doc = "KL target (> 0) for klMode, or null for no KL control")
        Double targetKl,
        @Setting(def = "\"EARLY_STOP_MINIBATCH\"",
                doc = "what targetKl does: EARLY_STOP_MINIBATCH (SB3: stop the update before the optimizer step of a minibatch whose approx KL exceeds 1.5 * targetKl), EARLY_STOP_EPOCH (CleanRL: stop after an epoch whose approx KL exceeds targetKl) or ADAPTIVE_PENALTY (PPO-KL: loss + beta * KL, beta doubled when KL > 1.5 * targetKl and halved when KL < targetKl / 1.5)")
        KlMode klMode,
        @Setting(def = "1.0",
                doc = "initial KL-penalty coefficient beta for ADAPTIVE_PENALTY (> 0)")
        double klBetaInit,
        @Setting(def = "true",
                doc = "normalize advantages per minibatch to mean 0, std 1")
        boolean normalizeAdvantage,
        @Setting(def = "false",
                doc = "with normalizeAdvantage, normalize once over the whole rollout before the epochs (as Spinning Up's PPO buffer) instead of per minibatch (SB3, CleanRL); a different estimator, kept for comparisons (jmegym.crosscheck ppo catches it)")
        boolean normalizeAdvantageOverBatch,
        @Setting(def = "false",
                doc = "normalize observations with running mean/std (saved with the model), then clip to +-clipObservation")
        boolean normalizeObservation,
        @Setting(def = "false",
                doc = "scale rewards by the running std of the discounted return (as SB3 VecNormalize), then clip to +-clipReward")
        boolean normalizeReward,
        @Setting(def = "10.0",
                doc = "clip of normalized observations (> 0)")
        double clipObservation,
        @Setting(def = "10.0",
                doc = "clip of normalized rewards (> 0)")
        double clipReward,
        @Setting(def = "[64, 64]",
                doc = "hidden layer widths of the actor (or of the shared trunk when sharedNetwork), at most 16 layers, each 1 to 4096 wide")
        List<Integer> policyHidden,
        @Setting(def = "[64, 64]",
                doc = "hidden layer widths of the critic (ignored when sharedNetwork), at most 16 layers, each 1 to 4096 wide")
        List<Integer> valueHidden,
        @Setting(def = "\"TANH\"",
                doc = "hidden activation: TANH or RELU")
        Activation activation,
        @Setting(def = "true",
                doc = "orthogonal init (gain sqrt(2) hidden, 0.01 policy output, 1 value output, zero biases) as SB3; otherwise PyTorch's default uniform init")
        boolean orthoInit,
        @Setting(def = "false",
                doc = "one trunk for actor and critic (heads on the last hidden layer) instead of separate networks")
        boolean sharedNetwork,
        @Setting(def = "0.0",
                doc = "initial log standard deviation of Gaussian (Box) actions")
        double logStdInit,
        @Setting(def = "\"SYNC\"",
                doc = "when the update runs: SYNC (collection waits), BACKGROUND (a thread updates while the frozen policy collects the next rollout) or TIME_SLICED (minibatches in slices of at most sliceBudgetMillis per act call)")
        UpdateMode updateMode,
        @Setting(def = "2.0",
                doc = "time budget per act call for TIME_SLICED updates, in milliseconds (> 0): the most a call gives; a call takes an even share of the last update's work (or the warm-up's) over half a rollout")
        double sliceBudgetMillis,
        @Setting(def = "0", min = 0,
                doc = "env steps between checkpoints of ./jmegym train (0 = only at the end; >= 0)")
        long checkpointEvery,
        @Setting(def = "false",
                doc = "generalized state-dependent exploration (gSDE, SB3 use_sde) for Box actions: the noise is phi(s) E, phi the actor's last hidden layer and E a latentDim x actionDim matrix drawn from N(0, exp(logStd)) with the log-std matrix initialized to logStdInit")
        boolean useSde,
        @Setting(def = "-1", min = -1, max = Integer.MAX_VALUE,
                doc = "with useSde, redraw each sub-env's exploration matrix every sdeSampleFreq steps (>= 1), or -1 for only at the start of each rollout")
        int sdeSampleFreq,
        @Setting(def = "\"ppo\"",
                doc = "the update rule: ppo (PPO-clip with klMode), ppo-kl (unclipped surrogate with the adaptive KL penalty of klBetaInit and targetKl), trpo (TRPO step within delta, then nCriticUpdates Adam epochs of the critic) or npg (natural gradient step npgStepSize, then the critic)")
        Algo algo,
        @Setting(def = "0.01",
                doc = "trpo: trust-region radius, the most mean KL(old || new) an accepted step may reach (> 0; sb3-contrib target_kl)")
        double delta,
        @Setting(def = "15", min = 1, max = Integer.MAX_VALUE,
                doc = "trpo/npg: conjugate-gradient iterations for the natural direction (>= 1)")
        int cgMaxSteps,
        @Setting(def = "0.1",
                doc = "trpo/npg: damping added to the Fisher matrix, F + cgDamping I (>= 0)")
        double cgDamping,
        @Setting(def = "0.8",
                doc = "trpo: factor the step shrinks by after a rejected line-search candidate, in (0, 1)")
        double lineSearchShrink,
        @Setting(def = "10", min = 1, max = Integer.MAX_VALUE,
                doc = "trpo: line-search candidates before the step is abandoned (>= 1)")
        int lineSearchMaxIter,
        @Setting(def = "10", min = 1, max = Integer.MAX_VALUE,
                doc = "trpo/npg: epochs of critic regression (Adam, minibatches of batchSize, no gradient clipping) after the policy step (>= 1)")
        int nCriticUpdates,
        @Setting(def = "0.1",
                doc = "npg: the fixed step alpha along the natural direction (> 0)")
        double npgStepSize,
        @Setting(def = "\"none\"",
                doc = "how an update treats a rollout collected by an older policy (BACKGROUND, TIME_SLICED): none, or vtrace (V-trace targets and rho-truncated advantages, PPO ratio clipped around the policy at the update start)")
        LagCorrection lagCorrection,
        @Setting(def = "1.0",
                doc = "vtrace: clip of the importance weights in the temporal differences and the advantages (> 0)")
        double rhoBar,
        @Setting(def = "1.0",
                doc = "vtrace: clip of the trace-cutting weights (> 0, <= rhoBar)")
        double cBar) implements PpoConfigBuilder.With {

    /** Upper bound of nEnvs: each sub-env is a live env object stepped every vector step. */
    public static final int MAX_N_ENVS = 4096;
    /** Upper bound of nSteps * nEnvs, the transitions one rollout buffer holds in memory. */
    public static final int MAX_ROLLOUT = 1 << 22;
    /** Upper bound of a hidden layer's width (a 4096 x 4096 layer is 16.8 M weights, times 3 with Adam's moments). */
    public static final int MAX_LAYER_WIDTH = 4096;
    /** Upper bound of the number of hidden layers. */
    public static final int MAX_LAYERS = 16;

    /** The {@link Setting} of every field (documentation, default, integer range), in declaration order. */
    private static final Map<String, Setting> SETTINGS = ConfigRecords.settings(PpoConfig.class);
    private static final Map<String, String> BOUND_REASONS = Map.of(
            "nEnvs", " (each sub-env is a live env stepped every vector step)",
            "nSteps", " (a rollout of nSteps * nEnvs transitions is held in memory)",
            "batchSize", " (a minibatch is part of one rollout of at most " + MAX_ROLLOUT + " transitions)");

    /**
     * One sentence per field ({@link Setting#doc()}), written next to the values in every run's {@code config.json}
     * under {@value #DOC_KEY}.
     */
    public static final Map<String, String> FIELD_DOCS = ConfigRecords.docs(PpoConfig.class);
    /** The key of the field documentation inside a config file; ignored when reading. */
    public static final String DOC_KEY = "_doc";

    /** Validates every field; messages name the field, the value and the expectation. */
    public PpoConfig {
        inRange("totalSteps", totalSteps);
        inRange("nEnvs", nEnvs);
        inRange("nSteps", nSteps);
        inRange("batchSize", batchSize);
        inRange("epochs", epochs);
        unit("gamma", gamma);
        unit("gaeLambda", gaeLambda);
        positive("clipRange", clipRange);
        if (clipRangeVf != null) {
            positive("clipRangeVf", clipRangeVf);
        }
        nonNegative("entCoef", entCoef);
        nonNegative("vfCoef", vfCoef);
        positive("maxGradNorm", maxGradNorm);
        positive("learningRate", learningRate);
        positive("adamEpsilon", adamEpsilon);
        if (targetKl != null) {
            positive("targetKl", targetKl);
        }
        nonNull("klMode", klMode);
        positive("klBetaInit", klBetaInit);
        positive("clipObservation", clipObservation);
        positive("clipReward", clipReward);
        policyHidden = hidden("policyHidden", policyHidden);
        valueHidden = hidden("valueHidden", valueHidden);
        nonNull("activation", activation);
        finite("logStdInit", logStdInit);
        nonNull("updateMode", updateMode);
        positive("sliceBudgetMillis", sliceBudgetMillis);
        inRange("checkpointEvery", checkpointEvery);
        if (sdeSampleFreq != -1 && sdeSampleFreq < 1) {
            throw new IllegalArgumentException("PpoConfig: sdeSampleFreq=" + sdeSampleFreq
                    + "; expected -1 (redraw the exploration matrix only at rollout start) or a step count >= 1");
        }
        long rollout = (long) nSteps * nEnvs;
        if (rollout > MAX_ROLLOUT) {
            throw new IllegalArgumentException("PpoConfig: nSteps * nEnvs = " + nSteps + " * " + nEnvs + " = " + rollout
                    + " transitions per rollout; expected at most " + MAX_ROLLOUT
                    + " (the rollout buffer holds them all in memory); use fewer envs or steps per rollout");
        }
        if (rollout % batchSize != 0) {
            throw new IllegalArgumentException("PpoConfig: batchSize=" + batchSize + " does not divide nSteps * nEnvs = "
                    + nSteps + " * " + nEnvs + " = " + rollout + "; use a batch size that divides it");
        }
        if (klMode == KlMode.ADAPTIVE_PENALTY && targetKl == null) {
            throw new IllegalArgumentException("PpoConfig: klMode=ADAPTIVE_PENALTY needs a targetKl (> 0); got null");
        }
        nonNull("algo", algo);
        nonNull("lagCorrection", lagCorrection);
        if (algo == Algo.PPO_KL && targetKl == null) {
            throw new IllegalArgumentException("PpoConfig: algo=ppo-kl needs a targetKl (> 0), the KL the adaptive "
                    + "penalty steers to, e.g. 0.01; got null");
        }
        trustRegion(delta, cgMaxSteps, cgDamping, lineSearchShrink, lineSearchMaxIter, nCriticUpdates, npgStepSize,
                normalizeAdvantage);
        vtrace(rhoBar, cBar);
    }

    /** The trust-region settings of trpo and npg, from delta, cgMaxSteps, ... (validated). */
    public TrustRegionConfig trustRegion() {
        return trustRegion(delta, cgMaxSteps, cgDamping, lineSearchShrink, lineSearchMaxIter, nCriticUpdates,
                npgStepSize, normalizeAdvantage);
    }

    /** The V-trace clips of lagCorrection=vtrace ({@code rhoBarPg = rhoBar}). */
    public VtraceConfig vtrace() {
        return vtrace(rhoBar, cBar);
    }

    private static TrustRegionConfig trustRegion(double delta, int cgMaxSteps, double cgDamping,
                                                 double lineSearchShrink, int lineSearchMaxIter, int nCriticUpdates,
                                                 double npgStepSize, boolean normalizeAdvantage) {
        try {
            return TrustRegionConfig.defaults().withTargetKl(delta).withCg(cgMaxSteps, cgDamping)
                    .withLineSearch(lineSearchShrink, lineSearchMaxIter).withNpgStepSize(npgStepSize)
                    .withNCriticUpdates(nCriticUpdates).withNormalizeAdvantage(normalizeAdvantage);
        } catch (IllegalArgumentException e) {
            // the same checks, reported under this record's field names (TrustRegionConfig's targetKl is delta)
            throw new IllegalArgumentException(e.getMessage().replaceFirst("^TrustRegionConfig: targetKl=",
                    "PpoConfig: delta=").replaceFirst("^TrustRegionConfig: ", "PpoConfig: "), e);
        }
    }

    private static VtraceConfig vtrace(double rhoBar, double cBar) {
        try {
            return new VtraceConfig(rhoBar, cBar, rhoBar);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replaceFirst("^VtraceConfig: ", "PpoConfig: "), e);
        }
    }

    /** Stable-Baselines3's PPO defaults: every field's {@link Setting#def()}. */
    public static PpoConfig defaults() {
        RecordComponent[] comps = PpoConfig.class.getRecordComponents();
        Object[] values = new Object[comps.length];
        for (int i = 0; i < comps.length; i++) {
            values[i] = value(comps[i], JsonParser.parseString(SETTINGS.get(comps[i].getName()).def()),
                    "PpoConfig @Setting default");
        }
        return ConfigRecords.construct(PpoConfig.class, values, null);
    }

    /**
     * A builder that starts from {@link #defaults()}: {@code PpoConfig.builder().nEnvs(8).nSteps(256).build()}. Only
     * {@code build()} validates, so intermediate states may be inconsistent (a batch size that does not yet divide the
     * rollout, say).
     */
    public static PpoConfigBuilder builder() {
        return PpoConfigBuilder.builder(defaults());
    }

    /** Number of transitions per rollout ({@code nSteps * nEnvs}). */
    public int rolloutSize() {
        return nSteps * nEnvs;
    }

    /** Minibatches per epoch. */
    public int minibatchesPerEpoch() {
        return rolloutSize() / batchSize;
    }

    /** The JSON form: every field, then the field documentation under {@value #DOC_KEY}. */
    public JsonObject toJson() {
        JsonObject o = Json.GSON.toJsonTree(this).getAsJsonObject();
        for (String k : FIELD_DOCS.keySet()) {
            if (!o.has(k)) {
                o.add(k, com.google.gson.JsonNull.INSTANCE);
            }
        }
        o.add(DOC_KEY, Json.GSON.toJsonTree(FIELD_DOCS));
        return o;
    }

    /** The pretty-printed JSON written to {@code config.json}. */
    public String toJsonString() {
        return Json.PRETTY.toJson(toJson());
    }

    /**
     * Reads a config: the fields given override {@code base} (so a file may hold only some fields); keys starting with
     * {@code _} are comments ({@value #DOC_KEY}, {@code _source}). Strict: duplicate keys, unknown keys (with the
     * closest known one suggested), integers that overflow or have a fraction, numbers given as strings and unknown
     * enum constants (the allowed ones listed) all throw with {@code where} (a file name, say), the field and the value
     * in the message.
     */
    public static PpoConfig fromJson(String json, String where, PpoConfig base) {
        JsonObject parsed = ConfigJson.parseObject(json, where);
        RecordComponent[] comps = PpoConfig.class.getRecordComponents();
        Object[] values = ConfigRecords.values(base);
        for (Map.Entry<String, JsonElement> e : parsed.entrySet()) {
            String key = e.getKey();
            if (key.startsWith("_")) {
                continue;
            }
            int i = ConfigRecords.indexOf(comps, key);
            if (i < 0) {
                throw ConfigJson.unknownKey(where, key, FIELD_DOCS.keySet());
            }
            values[i] = value(comps[i], e.getValue(), where);
        }
        return ConfigRecords.construct(PpoConfig.class, values, where);
    }

    /** {@code fromJson(json, where, defaults())}. */
    public static PpoConfig fromJson(String json, String where) {
        return fromJson(json, where, defaults());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object value(RecordComponent c, JsonElement v, String where) {
        String name = c.getName();
        Class<?> t = c.getType();
        Setting range = SETTINGS.get(name);
        if (t == long.class) {
            return ConfigJson.integer(v, name, where, range.min(), range.max());
        }
        if (t == int.class) {
            return (int) ConfigJson.integer(v, name, where, range.min(), range.max());
        }
        if (t == double.class) {
            return ConfigJson.real(v, name, where);
        }
        if (t == Double.class) {
            return v.isJsonNull() ? null : ConfigJson.real(v, name, where);
        }
        if (t == boolean.class) {
            return ConfigJson.bool(v, name, where);
        }
        if (t.isEnum()) {
            return ConfigJson.constant(v, (Class) t, name, where);
        }
        if (t == List.class) {
            return ConfigJson.integers(v, name, where, 1, MAX_LAYER_WIDTH, MAX_LAYERS);
        }
        throw new IllegalStateException("PpoConfig: no JSON reader for field " + name + " of type " + t);
    }

    private static void inRange(String name, long v) {
        Setting r = SETTINGS.get(name);
        if (v < r.min() || v > r.max()) {
            throw new IllegalArgumentException("PpoConfig: " + name + "=" + v + "; expected an integer in [" + r.min()
                    + ", " + r.max() + "]" + (r.max() < Integer.MAX_VALUE ? BOUND_REASONS.getOrDefault(name, "") : ""));
        }
    }

    private static void positive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("PpoConfig: " + name + "=" + v + "; expected a finite number > 0");
        }
    }

    private static void nonNegative(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("PpoConfig: " + name + "=" + v + "; expected a finite number >= 0");
        }
    }

    private static void unit(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException("PpoConfig: " + name + "=" + v + "; expected a number in [0, 1]");
        }
    }

    private static void finite(String name, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("PpoConfig: " + name + "=" + v + "; expected a finite number");
        }
    }

    private static void nonNull(String name, Object v) {
        if (v == null) {
            throw new IllegalArgumentException("PpoConfig: " + name + " is null; expected a value");
        }
    }

    private static List<Integer> hidden(String name, List<Integer> v) {
        if (v == null) {
            throw new IllegalArgumentException("PpoConfig: " + name + " is null; expected a list of layer widths, e.g. [64, 64]");
        }
        for (Integer w : v) {
            if (w == null || w < 1 || w > MAX_LAYER_WIDTH) {
                throw new IllegalArgumentException("PpoConfig: " + name + "=" + v + "; expected layer widths in [1, "
                        + MAX_LAYER_WIDTH + "] (a wider layer's weights and Adam state would exhaust memory)");
            }
        }
        if (v.size() > MAX_LAYERS) {
            throw new IllegalArgumentException("PpoConfig: " + name + "=" + v + "; expected at most " + MAX_LAYERS
                    + " hidden layers");
        }
        return List.copyOf(v);
    }
}
