package io.github.jmegym.agent;

/** When a {@link PpoTrainer} driven from a game loop runs its update, relative to collecting the next rollout. */
public enum UpdateMode {
    /** The call that completes a rollout runs the whole update before returning (plain PPO). */
    SYNC,
    /**
     * A background thread runs the update while the frozen previous policy collects the next rollout; the new
     * parameters are installed when that rollout is complete (so each rollout is one update behind; the
     * importance ratios are taken against the policy that acted).
     */
    BACKGROUND,
    /**
     * The update runs on the caller's thread in slices of minibatches, each {@code act} call spending at most about
     * {@link PpoConfig#sliceBudgetMillis()} on it, while the frozen policy collects the next rollout. Each call takes
     * only an even share of the last update's work (before the first, of {@code PpoTrainer.warmUp()}'s, if it ran)
     * over the first half of the rollout, so the work is spread thinly rather than filling the first frames.
     */
    TIME_SLICED
}
