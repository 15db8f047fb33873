package io.github.jmegym.agent;

/** What {@link PpoConfig#targetKl()} controls: the three KL variants of PPO. */
public enum KlMode {
    /**
     * Stable-Baselines3: before each minibatch's optimizer step, stop the whole update (remaining minibatches and
     * epochs) when the approximate KL exceeds {@code 1.5 * targetKl}.
     */
    EARLY_STOP_MINIBATCH,
    /** CleanRL: after each epoch, stop when the approximate KL of its last minibatch exceeds {@code targetKl}. */
    EARLY_STOP_EPOCH,
    /**
     * PPO-KL (Schulman et al. 2017, section 4): add {@code beta * KL} to the loss; after each update double beta when
     * the mean KL exceeded {@code 1.5 * targetKl} and halve it when it was below {@code targetKl / 1.5}.
     */
    ADAPTIVE_PENALTY
}
