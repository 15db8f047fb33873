package io.github.jmegym.agent;

import java.util.List;

/** The stable metric keys that a {@link PpoTrainer} reports to its {@link MetricsSink} after every update. */
public final class Metrics {
    /**
     * PPO: mean over the minibatches run of the approximate KL {@code mean((r - 1) - log r)}, taken before each step;
     * TRPO/NPG: the exact mean {@code KL(old || new)} of the policy step.
     */
    public static final String APPROX_KL = "train/approx_kl";
    /** Mean fraction of samples whose ratio lay outside {@code [1 - clip, 1 + clip]}. */
    public static final String CLIP_FRACTION = "train/clip_fraction";
    /** Mean effective sample size of the importance ratios, {@code (sum r)^2 / (n sum r^2)}, in (0, 1]. */
    public static final String ESS = "train/ess";
    /** Mean policy entropy over the minibatches run. */
    public static final String ENTROPY = "train/entropy";
    /** Mean clipped surrogate loss. */
    public static final String POLICY_LOSS = "train/policy_loss";
    /** Mean value loss (mean squared error to the GAE returns, clipped when clipRangeVf is set). */
    public static final String VALUE_LOSS = "train/value_loss";
    /** Explained variance of the rollout's values for its returns: {@code 1 - Var(R - V) / Var(R)}. */
    public static final String EXPLAINED_VARIANCE = "train/explained_variance";
    /** Epochs run (fractional when an early stop cut an epoch). */
    public static final String EPOCHS_RUN = "train/epochs_run";
    /** 1 when KL early stopping cut the update, else 0. */
    public static final String EARLY_STOPPED = "train/early_stopped";
    /** Learning rate used in this update. */
    public static final String LEARNING_RATE = "train/learning_rate";
    /** Mean return of the last 100 finished episodes (raw rewards), NaN before the first. */
    public static final String EP_REW_MEAN = "rollout/ep_rew_mean";
    /** Mean length of the last 100 finished episodes, NaN before the first. */
    public static final String EP_LEN_MEAN = "rollout/ep_len_mean";
    /** Env steps per second since the trainer was made or resumed (wall clock). */
    public static final String FPS = "time/fps";

    /** Extra: mean return of the last 10 finished episodes (the solved criterion of the benchmarks). */
    public static final String EP_REW_MEAN_10 = "rollout/ep_rew_mean_last10";
    /** Extra: episodes finished so far. */
    public static final String EPISODES = "rollout/episodes";
    /** Extra: clip range used in this update. */
    public static final String CLIP_RANGE = "train/clip_range";
    /** Extra: KL-penalty coefficient after this update (ADAPTIVE_PENALTY only). */
    public static final String KL_BETA = "train/kl_beta";
    /** Extra: global gradient norm before clipping, mean over the minibatches run. */
    public static final String GRAD_NORM = "train/grad_norm";
    /** Extra: 1 when the update was skipped because the loss or gradient was not finite. */
    public static final String SKIPPED_NONFINITE = "train/skipped_nonfinite";
    /** Extra: seconds spent collecting this rollout. */
    public static final String ROLLOUT_SECONDS = "time/rollout_seconds";
    /** Extra: seconds spent in this update (compute time, not counting waits). */
    public static final String UPDATE_SECONDS = "time/update_seconds";

    /** Health: mean exact {@code KL(start || end)} between the policy at the start and at the end of the update. */
    public static final String KL_MEAN = "train/kl_mean";
    /** Health: the largest {@code KL(start || end)} of a rollout state. */
    public static final String KL_MAX = "train/kl_max";
    /** Health: mean total-variation distance between the policy at the start and at the end of the update. */
    public static final String TV_DISTANCE = "train/tv_distance";
    /** Health: updates between the policy that collected the rollout and the one the update started from. */
    public static final String POLICY_LAG = "train/policy_lag";
    /**
     * Health: {@code 2 * tv_distance * H}, {@code H} the rollout's mean episode length: the bound on the change of
     * the state distribution that the policy's move implies (Kakade and Langford 2002; Achiam et al. 2017).
     */
    public static final String MISMATCH_BOUND = "train/mismatch_bound";
    /** Health: the KL the rule steers to (TRPO's delta, PPO's targetKl), where there is one. */
    public static final String KL_TARGET = "train/kl_target";
    /** TRPO: line-search candidates evaluated (0 for NPG). */
    public static final String LINE_SEARCH_STEPS = "train/line_search_steps";
    /** TRPO/NPG: 1 when the policy step was taken, 0 when the line search rejected every candidate. */
    public static final String STEP_ACCEPTED = "train/step_accepted";
    /** TRPO/NPG: the multiple of the natural direction taken (0 when rejected). */
    public static final String STEP_SIZE = "train/step_size";
    /** TRPO/NPG: conjugate-gradient iterations of the natural direction. */
    public static final String CG_STEPS = "train/cg_steps";
    /** TRPO/NPG: mean gradient norm of the critic's minibatches. */
    public static final String CRITIC_GRAD_NORM = "train/critic_grad_norm";

    /** The keys issue 3 fixes, in order; every update reports all of them. */
    public static final List<String> REQUIRED = List.of(APPROX_KL, CLIP_FRACTION, ESS, ENTROPY, POLICY_LOSS, VALUE_LOSS,
            EXPLAINED_VARIANCE, EPOCHS_RUN, EARLY_STOPPED, LEARNING_RATE, EP_REW_MEAN, EP_LEN_MEAN, FPS);

    /** The health keys every update reports, whatever the algorithm. */
    public static final List<String> HEALTH = List.of(APPROX_KL, KL_MEAN, KL_MAX, TV_DISTANCE, ESS, POLICY_LAG,
            MISMATCH_BOUND);

    private Metrics() {
    }
}
