package io.github.jmegym.agent.update;

import io.github.jmegym.agent.core.RolloutBuffer;
import java.util.Map;

/**
 * A policy-update rule: consumes one full rollout and moves the {@link Learner}'s parameters (SB3's {@code train()}).
 * An update runs in slices ({@link Update#step()}) so that a game loop can spread it over frames; nothing here knows
 * about threads, files or env steps.
 */
public interface UpdateRule {
    /**
     * The rollout an update trains on: the buffer's observations and actions, and the arrays to use with them (the
     * buffer's own, or lag-corrected ones).
     *
     * @param buffer the full rollout (observations, actions, rewards, episode ends)
     * @param oldLogProbs the log-probabilities the ratio is taken to (the behaviour policy's, or the policy's at the
     *        start of the update under V-trace)
     * @param advantages advantages (GAE, or V-trace's rho-truncated ones)
     * @param returns critic targets
     * @param values the values the targets were made with (for value clipping and explained variance)
     * @param progressRemaining {@code 1 - totalSteps / config.totalSteps} (at least 0), for annealing
     */
    record Rollout(RolloutBuffer buffer, double[] oldLogProbs, double[] advantages, double[] returns, double[] values,
                   double progressRemaining) {
        /** The rollout as collected: the buffer's log-probabilities, GAE advantages and returns. */
        public static Rollout asCollected(RolloutBuffer b, double progressRemaining) {
            return new Rollout(b, b.logProbs, b.advantages, b.returns, b.values, progressRemaining);
        }
    }

    /** Starts an update over a rollout, from the learner's current parameters. */
    Update start(Rollout rollout);

    /** State the rule carries from update to update (e.g. PPO-KL's beta), by checkpoint key; empty by default. */
    default Map<String, Double> state() {
        return Map.of();
    }

    /** Restores one entry of {@link #state()} from a checkpoint. */
    default void restore(String key, double value) {
    }

    /** One update in progress. */
    interface Update {
        /** Whether the update has finished (the parameters are final). */
        boolean done();

        /** Runs the next slice (a minibatch, a unit of a trust-region policy step, a critic step); no-op once done. */
        void step();

        /**
         * What kind of unit the next {@link #step()} is (e.g. {@code "minibatch"}, {@code "cg iteration"}): a
         * time-sliced scheduler predicts its duration from the recent units of the same kind. One kind by default.
         */
        default String nextUnit() {
            return "step";
        }

        /** The update's metrics ({@link io.github.jmegym.agent.Metrics} keys), once done. */
        Map<String, Double> metrics();

        /** Runs every remaining slice. */
        default void runAll() {
            while (!done()) {
                step();
            }
        }
    }
}
