package io.github.jmegym.agent;

import com.google.gson.annotations.SerializedName;

/**
 * How an update treats a rollout collected by an older policy than the one it starts from (in
 * {@link UpdateMode#BACKGROUND} and {@link UpdateMode#TIME_SLICED} the frozen policy collects the next rollout while
 * the update runs): {@link PpoConfig#lagCorrection()}.
 */
public enum LagCorrection {
    /** Use the rollout as if the updated policy had collected it (GAE targets, ratios to the behaviour policy). */
    @SerializedName("none") NONE,
    /**
     * V-trace critic targets and rho-truncated V-trace advantages (Espeholt et al. 2018) with importance weights
     * {@code pi_start / mu}; PPO's ratio is taken to the policy at the start of the update (decoupled PPO, Hilton et
     * al. 2021), the behaviour policy's probabilities weighting the samples through the advantages.
     */
    @SerializedName("vtrace") VTRACE
}
