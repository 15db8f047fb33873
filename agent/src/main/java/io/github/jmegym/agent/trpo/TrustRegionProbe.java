package io.github.jmegym.agent.trpo;

/**
 * A hook into one trust-region update (the policy step of {@link TrustRegionUpdate} and the critic regression of
 * {@code TrustRegionRule}), called at named points with what the update computed there, so that another
 * implementation can be compared with it quantity by quantity ({@code ./jmegym crosscheck trpo}). A probe observes
 * and must not change what it is handed, except {@link #criticPermutation}, which may replace the drawn order. Every
 * method defaults to doing nothing; without a probe the update runs exactly as with one.
 */
public interface TrustRegionProbe {
    /**
     * The surrogate's gradient {@code g} at the old parameters (critic entries 0) and the surrogate there.
     */
    default void gradient(double[] g, double surrogate) {
    }

    /**
     * The damped Fisher operator conjugate gradient solves with, linearized at the old parameters: valid until the
     * policy step returns (the probe may apply it to vectors of its own).
     */
    default void fisher(LinearOperator dampedFisher) {
    }

    /**
     * The natural direction and the largest step taken along it: TRPO's {@code beta = sqrt(2 delta / s^T F s)},
     * NPG's {@code alpha}.
     */
    default void direction(TrustRegionUpdate.Direction direction, double maxStep) {
    }

    /**
     * One TRPO line-search candidate {@code theta_old + step s} ({@code k} from 0).
     *
     * @param kl mean {@code KL(old || new)}, the one the acceptance test uses
     * @param klNewOld mean {@code KL(new || old)} (sb3-contrib's direction), reported for comparison only
     * @param surrogate the surrogate at the candidate
     * @param accepted the test's decision
     */
    default void trial(int k, double step, double kl, double klNewOld, double surrogate, boolean accepted) {
    }

    /** The parameters after the policy step (restored to the old ones when it was rejected) and what it did. */
    default void policyStep(double[] params, TrustRegionUpdate.Result result) {
    }

    /** The order of critic epoch {@code epoch}'s samples, which the probe may overwrite with a permutation. */
    default void criticPermutation(int epoch, int[] perm) {
    }

    /** One critic minibatch: its mean squared error before the step and the parameters after the Adam step. */
    default void criticMinibatch(int epoch, int minibatch, double valueLoss, double[] params) {
    }
}
