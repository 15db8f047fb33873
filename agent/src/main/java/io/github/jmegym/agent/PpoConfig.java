package io.github.jmegym.agent;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.jmegym.agent.trpo.TrustRegionConfig;
import io.github.jmegym.agent.trpo.VtraceConfig;
import io.github.jmegym.envs.Json;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hyperparameters of PPO (immutable; validated on construction; Gson round trip through {@link #toJson()} and
 * {@link #fromJson(String, String)}). Defaults are Stable-Baselines3's PPO defaults.
 *
 * @param totalSteps env steps of a full run: the default length of learn() and ./jmegym train, and the horizon of learning-rate and clip-range annealing (zoo n_timesteps) (default 1_000_000)
 * @param nEnvs number of vector sub-envs collecting in parallel (1 to 4096) (default 1)
 * @param nSteps steps collected per sub-env per rollout; a rollout holds nSteps * nEnvs transitions (>= 1; nSteps * nEnvs at most 4194304) (default 2048)
 * @param batchSize minibatch size; must divide nSteps * nEnvs (>= 1) (default 64)
 * @param epochs passes over each rollout, each reshuffled into minibatches (>= 1) (default 10)
 * @param gamma discount factor in [0, 1] (default 0.99)
 * @param gaeLambda GAE lambda in [0, 1] (1 = Monte-Carlo advantages, 0 = one-step TD) (default 0.95)
 * @param clipRange PPO ratio clip epsilon (> 0) (default 0.2)
 * @param annealClipRange anneal clipRange linearly to 0 over totalSteps (zoo lin_0.2) (default false)
 * @param clipRangeVf value-function clip around the rollout's values (SB3 clip_range_vf, absolute units), or null for no value clipping (default null)
 * @param entCoef entropy bonus coefficient (>= 0) (default 0.0)
 * @param vfCoef value-loss coefficient (>= 0) (default 0.5)
 * @param maxGradNorm global gradient-norm clip (> 0) (default 0.5)
 * @param learningRate Adam learning rate (> 0) (default 3e-4)
 * @param annealLearningRate anneal learningRate linearly to 0 over totalSteps (zoo lin_1e-3) (default false)
 * @param adamEpsilon Adam epsilon (> 0; SB3's PPO uses 1e-5) (default 1e-5)
 * @param targetKl KL target (> 0) for klMode, or null for no KL control (default null)
 * @param klMode what targetKl does: EARLY_STOP_MINIBATCH (SB3: stop the update before the optimizer step of a minibatch whose approx KL exceeds 1.5 * targetKl), EARLY_STOP_EPOCH (CleanRL: stop after an epoch whose approx KL exceeds targetKl) or ADAPTIVE_PENALTY (PPO-KL: loss + beta * KL, beta doubled when KL > 1.5 * targetKl and halved when KL < targetKl / 1.5) (default KlMode.EARLY_STOP_MINIBATCH)
 * @param klBetaInit initial KL-penalty coefficient beta for ADAPTIVE_PENALTY (> 0) (default 1.0)
 * @param normalizeAdvantage normalize advantages per minibatch to mean 0, std 1 (default true)
 * @param normalizeAdvantageOverBatch with normalizeAdvantage, normalize once over the whole rollout before the epochs (as Spinning Up's PPO buffer) instead of per minibatch (SB3, CleanRL); a different estimator, kept for comparisons (jmegym.crosscheck ppo catches it) (default false)
 * @param normalizeObservation normalize observations with running mean/std (saved with the model), then clip to +-clipObservation (default false)
 * @param normalizeReward scale rewards by the running std of the discounted return (as SB3 VecNormalize), then clip to +-clipReward (default false)
 * @param clipObservation clip of normalized observations (> 0) (default 10.0)
 * @param clipReward clip of normalized rewards (> 0) (default 10.0)
 * @param policyHidden hidden layer widths of the actor (or of the shared trunk when sharedNetwork), at most 16 layers, each 1 to 4096 wide (default List.of(64, 64))
 * @param valueHidden hidden layer widths of the critic (ignored when sharedNetwork), at most 16 layers, each 1 to 4096 wide (default List.of(64, 64))
 * @param activation hidden activation: TANH or RELU (default Activation.TANH)
 * @param orthoInit orthogonal init (gain sqrt(2) hidden, 0.01 policy output, 1 value output, zero biases) as SB3; otherwise PyTorch's default uniform init (default true)
 * @param sharedNetwork one trunk for actor and critic (heads on the last hidden layer) instead of separate networks (default false)
 * @param logStdInit initial log standard deviation of Gaussian (Box) actions (default 0.0)
 * @param updateMode when the update runs: SYNC (collection waits), BACKGROUND (a thread updates while the frozen policy collects the next rollout) or TIME_SLICED (minibatches in slices of at most sliceBudgetMillis per act call) (default UpdateMode.SYNC)
 * @param sliceBudgetMillis time budget per act call for TIME_SLICED updates, in milliseconds (> 0) (default 2.0)
 * @param checkpointEvery env steps between checkpoints of ./jmegym train (0 = only at the end; >= 0) (default 0)
 * @param useSde generalized state-dependent exploration (gSDE, SB3 use_sde) for Box actions: the noise is phi(s) E, phi the actor's last hidden layer and E a latentDim x actionDim matrix drawn from N(0, exp(logStd)) with the log-std matrix initialized to logStdInit (default false)
 * @param sdeSampleFreq with useSde, redraw each sub-env's exploration matrix every sdeSampleFreq steps (>= 1), or -1 for only at the start of each rollout (default -1)
 * @param algo the update rule: ppo (PPO-clip with klMode), ppo-kl (unclipped surrogate with the adaptive KL penalty of klBetaInit and targetKl), trpo (TRPO step within delta, then nCriticUpdates Adam epochs of the critic) or npg (natural gradient step npgStepSize, then the critic) (default Algo.PPO)
 * @param delta trpo: trust-region radius, the most mean KL(old || new) an accepted step may reach (> 0; sb3-contrib target_kl) (default 0.01)
 * @param cgMaxSteps trpo/npg: conjugate-gradient iterations for the natural direction (>= 1) (default 15)
 * @param cgDamping trpo/npg: damping added to the Fisher matrix, F + cgDamping I (>= 0) (default 0.1)
 * @param lineSearchShrink trpo: factor the step shrinks by after a rejected line-search candidate, in (0, 1) (default 0.8)
 * @param lineSearchMaxIter trpo: line-search candidates before the step is abandoned (>= 1) (default 10)
 * @param nCriticUpdates trpo/npg: epochs of critic regression (Adam, minibatches of batchSize, no gradient clipping) after the policy step (>= 1) (default 10)
 * @param npgStepSize npg: the fixed step alpha along the natural direction (> 0) (default 0.1)
 * @param lagCorrection how an update treats a rollout collected by an older policy (BACKGROUND, TIME_SLICED): none, or vtrace (V-trace targets and rho-truncated advantages, PPO ratio clipped around the policy at the update start) (default LagCorrection.NONE)
 * @param rhoBar vtrace: clip of the importance weights in the temporal differences and the advantages (> 0) (default 1.0)
 * @param cBar vtrace: clip of the trace-cutting weights (> 0, <= rhoBar) (default 1.0)
 */
public record PpoConfig(
        long totalSteps,
        int nEnvs,
        int nSteps,
        int batchSize,
        int epochs,
        double gamma,
        double gaeLambda,
        double clipRange,
        boolean annealClipRange,
        Double clipRangeVf,
        double entCoef,
        double vfCoef,
        double maxGradNorm,
        double learningRate,
        boolean annealLearningRate,
        double adamEpsilon,
        Double targetKl,
        KlMode klMode,
        double klBetaInit,
        boolean normalizeAdvantage,
        boolean normalizeAdvantageOverBatch,
        boolean normalizeObservation,
        boolean normalizeReward,
        double clipObservation,
        double clipReward,
        List<Integer> policyHidden,
        List<Integer> valueHidden,
        Activation activation,
        boolean orthoInit,
        boolean sharedNetwork,
        double logStdInit,
        UpdateMode updateMode,
        double sliceBudgetMillis,
        long checkpointEvery,
        boolean useSde,
        int sdeSampleFreq,
        Algo algo,
        double delta,
        int cgMaxSteps,
        double cgDamping,
        double lineSearchShrink,
        int lineSearchMaxIter,
        int nCriticUpdates,
        double npgStepSize,
        LagCorrection lagCorrection,
        double rhoBar,
        double cBar) {

    /** Upper bound of nEnvs: each sub-env is a live env object stepped every vector step. */
    public static final int MAX_N_ENVS = 4096;
    /** Upper bound of nSteps * nEnvs, the transitions one rollout buffer holds in memory. */
    public static final int MAX_ROLLOUT = 1 << 22;
    /** Upper bound of a hidden layer's width (a 4096 x 4096 layer is 16.8 M weights, times 3 with Adam's moments). */
    public static final int MAX_LAYER_WIDTH = 4096;
    /** Upper bound of the number of hidden layers. */
    public static final int MAX_LAYERS = 16;

    /** Allowed ranges of the integer fields, shared by the constructor and {@link #fromJson}. */
    private static final Map<String, long[]> INT_RANGES = Map.of(
            "totalSteps", new long[] {1, Long.MAX_VALUE},
            "nEnvs", new long[] {1, MAX_N_ENVS},
            "nSteps", new long[] {1, MAX_ROLLOUT},
            "batchSize", new long[] {1, MAX_ROLLOUT},
            "epochs", new long[] {1, Integer.MAX_VALUE},
            "checkpointEvery", new long[] {0, Long.MAX_VALUE},
            "sdeSampleFreq", new long[] {-1, Integer.MAX_VALUE},
            "cgMaxSteps", new long[] {1, Integer.MAX_VALUE},
            "lineSearchMaxIter", new long[] {1, Integer.MAX_VALUE},
            "nCriticUpdates", new long[] {1, Integer.MAX_VALUE});
    private static final Map<String, String> BOUND_REASONS = Map.of(
            "nEnvs", " (each sub-env is a live env stepped every vector step)",
            "nSteps", " (a rollout of nSteps * nEnvs transitions is held in memory)",
            "batchSize", " (a minibatch is part of one rollout of at most " + MAX_ROLLOUT + " transitions)");

    /** One sentence per field, written next to the values in every run's {@code config.json} under {@value #DOC_KEY}. */
    public static final Map<String, String> FIELD_DOCS;
    /** The key of the field documentation inside a config file; ignored when reading. */
    public static final String DOC_KEY = "_doc";

    static {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("totalSteps", "env steps of a full run: the default length of learn() and ./jmegym train, and the horizon of learning-rate and clip-range annealing (zoo n_timesteps)");
        d.put("nEnvs", "number of vector sub-envs collecting in parallel (1 to 4096)");
        d.put("nSteps", "steps collected per sub-env per rollout; a rollout holds nSteps * nEnvs transitions (>= 1; nSteps * nEnvs at most 4194304)");
        d.put("batchSize", "minibatch size; must divide nSteps * nEnvs (>= 1)");
        d.put("epochs", "passes over each rollout, each reshuffled into minibatches (>= 1)");
        d.put("gamma", "discount factor in [0, 1]");
        d.put("gaeLambda", "GAE lambda in [0, 1] (1 = Monte-Carlo advantages, 0 = one-step TD)");
        d.put("clipRange", "PPO ratio clip epsilon (> 0)");
        d.put("annealClipRange", "anneal clipRange linearly to 0 over totalSteps (zoo lin_0.2)");
        d.put("clipRangeVf", "value-function clip around the rollout's values (SB3 clip_range_vf, absolute units), or null for no value clipping");
        d.put("entCoef", "entropy bonus coefficient (>= 0)");
        d.put("vfCoef", "value-loss coefficient (>= 0)");
        d.put("maxGradNorm", "global gradient-norm clip (> 0)");
        d.put("learningRate", "Adam learning rate (> 0)");
        d.put("annealLearningRate", "anneal learningRate linearly to 0 over totalSteps (zoo lin_1e-3)");
        d.put("adamEpsilon", "Adam epsilon (> 0; SB3's PPO uses 1e-5)");
        d.put("targetKl", "KL target (> 0) for klMode, or null for no KL control");
        d.put("klMode", "what targetKl does: EARLY_STOP_MINIBATCH (SB3: stop the update before the optimizer step of a minibatch whose approx KL exceeds 1.5 * targetKl), EARLY_STOP_EPOCH (CleanRL: stop after an epoch whose approx KL exceeds targetKl) or ADAPTIVE_PENALTY (PPO-KL: loss + beta * KL, beta doubled when KL > 1.5 * targetKl and halved when KL < targetKl / 1.5)");
        d.put("klBetaInit", "initial KL-penalty coefficient beta for ADAPTIVE_PENALTY (> 0)");
        d.put("normalizeAdvantage", "normalize advantages per minibatch to mean 0, std 1");
        d.put("normalizeAdvantageOverBatch", "with normalizeAdvantage, normalize once over the whole rollout before the epochs (as Spinning Up's PPO buffer) instead of per minibatch (SB3, CleanRL); a different estimator, kept for comparisons (jmegym.crosscheck ppo catches it)");
        d.put("normalizeObservation", "normalize observations with running mean/std (saved with the model), then clip to +-clipObservation");
        d.put("normalizeReward", "scale rewards by the running std of the discounted return (as SB3 VecNormalize), then clip to +-clipReward");
        d.put("clipObservation", "clip of normalized observations (> 0)");
        d.put("clipReward", "clip of normalized rewards (> 0)");
        d.put("policyHidden", "hidden layer widths of the actor (or of the shared trunk when sharedNetwork), at most 16 layers, each 1 to 4096 wide");
        d.put("valueHidden", "hidden layer widths of the critic (ignored when sharedNetwork), at most 16 layers, each 1 to 4096 wide");
        d.put("activation", "hidden activation: TANH or RELU");
        d.put("orthoInit", "orthogonal init (gain sqrt(2) hidden, 0.01 policy output, 1 value output, zero biases) as SB3; otherwise PyTorch's default uniform init");
        d.put("sharedNetwork", "one trunk for actor and critic (heads on the last hidden layer) instead of separate networks");
        d.put("logStdInit", "initial log standard deviation of Gaussian (Box) actions");
        d.put("updateMode", "when the update runs: SYNC (collection waits), BACKGROUND (a thread updates while the frozen policy collects the next rollout) or TIME_SLICED (minibatches in slices of at most sliceBudgetMillis per act call)");
        d.put("sliceBudgetMillis", "time budget per act call for TIME_SLICED updates, in milliseconds (> 0)");
        d.put("checkpointEvery", "env steps between checkpoints of ./jmegym train (0 = only at the end; >= 0)");
        d.put("useSde", "generalized state-dependent exploration (gSDE, SB3 use_sde) for Box actions: the noise is phi(s) E, phi the actor's last hidden layer and E a latentDim x actionDim matrix drawn from N(0, exp(logStd)) with the log-std matrix initialized to logStdInit");
        d.put("sdeSampleFreq", "with useSde, redraw each sub-env's exploration matrix every sdeSampleFreq steps (>= 1), or -1 for only at the start of each rollout");
        d.put("algo", "the update rule: ppo (PPO-clip with klMode), ppo-kl (unclipped surrogate with the adaptive KL penalty of klBetaInit and targetKl), trpo (TRPO step within delta, then nCriticUpdates Adam epochs of the critic) or npg (natural gradient step npgStepSize, then the critic)");
        d.put("delta", "trpo: trust-region radius, the most mean KL(old || new) an accepted step may reach (> 0; sb3-contrib target_kl)");
        d.put("cgMaxSteps", "trpo/npg: conjugate-gradient iterations for the natural direction (>= 1)");
        d.put("cgDamping", "trpo/npg: damping added to the Fisher matrix, F + cgDamping I (>= 0)");
        d.put("lineSearchShrink", "trpo: factor the step shrinks by after a rejected line-search candidate, in (0, 1)");
        d.put("lineSearchMaxIter", "trpo: line-search candidates before the step is abandoned (>= 1)");
        d.put("nCriticUpdates", "trpo/npg: epochs of critic regression (Adam, minibatches of batchSize, no gradient clipping) after the policy step (>= 1)");
        d.put("npgStepSize", "npg: the fixed step alpha along the natural direction (> 0)");
        d.put("lagCorrection", "how an update treats a rollout collected by an older policy (BACKGROUND, TIME_SLICED): none, or vtrace (V-trace targets and rho-truncated advantages, PPO ratio clipped around the policy at the update start)");
        d.put("rhoBar", "vtrace: clip of the importance weights in the temporal differences and the advantages (> 0)");
        d.put("cBar", "vtrace: clip of the trace-cutting weights (> 0, <= rhoBar)");
        FIELD_DOCS = java.util.Collections.unmodifiableMap(d);
    }

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

    /** A copy with one field replaced (validated): every {@code withX} is this. */
    private PpoConfig with(String field, Object value) {
        RecordComponent[] comps = PpoConfig.class.getRecordComponents();
        Object[] values = values(this, comps);
        int i = indexOf(comps, field);
        if (i < 0) {
            throw new IllegalStateException("PpoConfig has no field " + field);
        }
        values[i] = value;
        return construct(comps, values, "PpoConfig");
    }

    private static Object[] values(PpoConfig c, RecordComponent[] comps) {
        Object[] values = new Object[comps.length];
        try {
            for (int i = 0; i < comps.length; i++) {
                values[i] = comps[i].getAccessor().invoke(c);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("PpoConfig: cannot read the fields of the base config", e);
        }
        return values;
    }

    /** The canonical constructor; its validation messages prefixed by {@code where} unless that is the record. */
    private static PpoConfig construct(RecordComponent[] comps, Object[] values, String where) {
        Class<?>[] types = new Class<?>[comps.length];
        for (int i = 0; i < comps.length; i++) {
            types[i] = comps[i].getType();
        }
        try {
            return PpoConfig.class.getDeclaredConstructor(types).newInstance(values);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw where.equals("PpoConfig") ? iae : new IllegalArgumentException(where + ": " + iae.getMessage(), iae);
            }
            throw new IllegalStateException("PpoConfig: the constructor failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("PpoConfig: cannot call the canonical constructor", e);
        }
    }

    /** Stable-Baselines3's PPO defaults. */
    public static PpoConfig defaults() {
        return new PpoConfig(
                1_000_000L,
                1,
                2048,
                64,
                10,
                0.99,
                0.95,
                0.2,
                false,
                null,
                0.0,
                0.5,
                0.5,
                3e-4,
                false,
                1e-5,
                null,
                KlMode.EARLY_STOP_MINIBATCH,
                1.0,
                true,
                false,
                false,
                false,
                10.0,
                10.0,
                List.of(64, 64),
                List.of(64, 64),
                Activation.TANH,
                true,
                false,
                0.0,
                UpdateMode.SYNC,
                2.0,
                0L,
                false,
                -1,
                Algo.PPO,
                0.01,
                15,
                0.1,
                0.8,
                10,
                10,
                0.1,
                LagCorrection.NONE,
                1.0,
                1.0);
    }

    /** A copy with totalSteps replaced (validated). */
    public PpoConfig withTotalSteps(long value) {
        return with("totalSteps", value);
    }

    /** A copy with nEnvs replaced (validated). */
    public PpoConfig withNEnvs(int value) {
        return with("nEnvs", value);
    }

    /** A copy with nSteps replaced (validated). */
    public PpoConfig withNSteps(int value) {
        return with("nSteps", value);
    }

    /** A copy with batchSize replaced (validated). */
    public PpoConfig withBatchSize(int value) {
        return with("batchSize", value);
    }

    /** A copy with epochs replaced (validated). */
    public PpoConfig withEpochs(int value) {
        return with("epochs", value);
    }

    /** A copy with gamma replaced (validated). */
    public PpoConfig withGamma(double value) {
        return with("gamma", value);
    }

    /** A copy with gaeLambda replaced (validated). */
    public PpoConfig withGaeLambda(double value) {
        return with("gaeLambda", value);
    }

    /** A copy with clipRange replaced (validated). */
    public PpoConfig withClipRange(double value) {
        return with("clipRange", value);
    }

    /** A copy with annealClipRange replaced (validated). */
    public PpoConfig withAnnealClipRange(boolean value) {
        return with("annealClipRange", value);
    }

    /** A copy with clipRangeVf replaced (validated). */
    public PpoConfig withClipRangeVf(Double value) {
        return with("clipRangeVf", value);
    }

    /** A copy with entCoef replaced (validated). */
    public PpoConfig withEntCoef(double value) {
        return with("entCoef", value);
    }

    /** A copy with vfCoef replaced (validated). */
    public PpoConfig withVfCoef(double value) {
        return with("vfCoef", value);
    }

    /** A copy with maxGradNorm replaced (validated). */
    public PpoConfig withMaxGradNorm(double value) {
        return with("maxGradNorm", value);
    }

    /** A copy with learningRate replaced (validated). */
    public PpoConfig withLearningRate(double value) {
        return with("learningRate", value);
    }

    /** A copy with annealLearningRate replaced (validated). */
    public PpoConfig withAnnealLearningRate(boolean value) {
        return with("annealLearningRate", value);
    }

    /** A copy with adamEpsilon replaced (validated). */
    public PpoConfig withAdamEpsilon(double value) {
        return with("adamEpsilon", value);
    }

    /** A copy with targetKl replaced (validated). */
    public PpoConfig withTargetKl(Double value) {
        return with("targetKl", value);
    }

    /** A copy with klMode replaced (validated). */
    public PpoConfig withKlMode(KlMode value) {
        return with("klMode", value);
    }

    /** A copy with klBetaInit replaced (validated). */
    public PpoConfig withKlBetaInit(double value) {
        return with("klBetaInit", value);
    }

    /** A copy with normalizeAdvantage replaced (validated). */
    public PpoConfig withNormalizeAdvantage(boolean value) {
        return with("normalizeAdvantage", value);
    }

    /** A copy with normalizeAdvantageOverBatch replaced (validated). */
    public PpoConfig withNormalizeAdvantageOverBatch(boolean value) {
        return with("normalizeAdvantageOverBatch", value);
    }

    /** A copy with normalizeObservation replaced (validated). */
    public PpoConfig withNormalizeObservation(boolean value) {
        return with("normalizeObservation", value);
    }

    /** A copy with normalizeReward replaced (validated). */
    public PpoConfig withNormalizeReward(boolean value) {
        return with("normalizeReward", value);
    }

    /** A copy with clipObservation replaced (validated). */
    public PpoConfig withClipObservation(double value) {
        return with("clipObservation", value);
    }

    /** A copy with clipReward replaced (validated). */
    public PpoConfig withClipReward(double value) {
        return with("clipReward", value);
    }

    /** A copy with policyHidden replaced (validated). */
    public PpoConfig withPolicyHidden(List<Integer> value) {
        return with("policyHidden", value);
    }

    /** A copy with valueHidden replaced (validated). */
    public PpoConfig withValueHidden(List<Integer> value) {
        return with("valueHidden", value);
    }

    /** A copy with activation replaced (validated). */
    public PpoConfig withActivation(Activation value) {
        return with("activation", value);
    }

    /** A copy with orthoInit replaced (validated). */
    public PpoConfig withOrthoInit(boolean value) {
        return with("orthoInit", value);
    }

    /** A copy with sharedNetwork replaced (validated). */
    public PpoConfig withSharedNetwork(boolean value) {
        return with("sharedNetwork", value);
    }

    /** A copy with logStdInit replaced (validated). */
    public PpoConfig withLogStdInit(double value) {
        return with("logStdInit", value);
    }

    /** A copy with updateMode replaced (validated). */
    public PpoConfig withUpdateMode(UpdateMode value) {
        return with("updateMode", value);
    }

    /** A copy with sliceBudgetMillis replaced (validated). */
    public PpoConfig withSliceBudgetMillis(double value) {
        return with("sliceBudgetMillis", value);
    }

    /** A copy with checkpointEvery replaced (validated). */
    public PpoConfig withCheckpointEvery(long value) {
        return with("checkpointEvery", value);
    }

    /** A copy with useSde replaced (validated). */
    public PpoConfig withUseSde(boolean value) {
        return with("useSde", value);
    }

    /** A copy with sdeSampleFreq replaced (validated). */
    public PpoConfig withSdeSampleFreq(int value) {
        return with("sdeSampleFreq", value);
    }

    /** A copy with algo replaced (validated). */
    public PpoConfig withAlgo(Algo value) {
        return with("algo", value);
    }

    /** A copy with delta replaced (validated). */
    public PpoConfig withDelta(double value) {
        return with("delta", value);
    }

    /** A copy with cgMaxSteps replaced (validated). */
    public PpoConfig withCgMaxSteps(int value) {
        return with("cgMaxSteps", value);
    }

    /** A copy with cgDamping replaced (validated). */
    public PpoConfig withCgDamping(double value) {
        return with("cgDamping", value);
    }

    /** A copy with lineSearchShrink replaced (validated). */
    public PpoConfig withLineSearchShrink(double value) {
        return with("lineSearchShrink", value);
    }

    /** A copy with lineSearchMaxIter replaced (validated). */
    public PpoConfig withLineSearchMaxIter(int value) {
        return with("lineSearchMaxIter", value);
    }

    /** A copy with nCriticUpdates replaced (validated). */
    public PpoConfig withNCriticUpdates(int value) {
        return with("nCriticUpdates", value);
    }

    /** A copy with npgStepSize replaced (validated). */
    public PpoConfig withNpgStepSize(double value) {
        return with("npgStepSize", value);
    }

    /** A copy with lagCorrection replaced (validated). */
    public PpoConfig withLagCorrection(LagCorrection value) {
        return with("lagCorrection", value);
    }

    /** A copy with rhoBar replaced (validated). */
    public PpoConfig withRhoBar(double value) {
        return with("rhoBar", value);
    }

    /** A copy with cBar replaced (validated). */
    public PpoConfig withCBar(double value) {
        return with("cBar", value);
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
        Object[] values = values(base, comps);
        for (Map.Entry<String, JsonElement> e : parsed.entrySet()) {
            String key = e.getKey();
            if (key.startsWith("_")) {
                continue;
            }
            int i = indexOf(comps, key);
            if (i < 0) {
                throw ConfigJson.unknownKey(where, key, FIELD_DOCS.keySet());
            }
            values[i] = value(comps[i], e.getValue(), where);
        }
        return construct(comps, values, where);
    }

    /** {@code fromJson(json, where, defaults())}. */
    public static PpoConfig fromJson(String json, String where) {
        return fromJson(json, where, defaults());
    }

    private static int indexOf(RecordComponent[] comps, String name) {
        for (int i = 0; i < comps.length; i++) {
            if (comps[i].getName().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object value(RecordComponent c, JsonElement v, String where) {
        String name = c.getName();
        Class<?> t = c.getType();
        long[] range = INT_RANGES.get(name);
        if (t == long.class) {
            return ConfigJson.integer(v, name, where, range[0], range[1]);
        }
        if (t == int.class) {
            return (int) ConfigJson.integer(v, name, where, range[0], range[1]);
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
        long[] r = INT_RANGES.get(name);
        if (v < r[0] || v > r[1]) {
            throw new IllegalArgumentException("PpoConfig: " + name + "=" + v + "; expected an integer in [" + r[0]
                    + ", " + r[1] + "]" + (r[1] < Integer.MAX_VALUE ? BOUND_REASONS.getOrDefault(name, "") : ""));
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
