package io.github.jmegym.agent.update;

import io.github.jmegym.agent.Algo;

/** The update rule of each {@link Algo}. */
public final class UpdateRules {
    private UpdateRules() {
    }

    /**
     * The rule of {@code learner.config().algo()}.
     *
     * @param where the trainer, for messages
     * @throws IllegalArgumentException naming the algorithm, the action space and the alternatives when the rule
     *         cannot train the learner's policy
     */
    public static UpdateRule create(Learner learner, String where) {
        Algo algo = learner.config().algo();
        try {
            return switch (algo) {
                case PPO -> PpoUpdate.clip(learner);
                case PPO_KL -> PpoUpdate.klPenalty(learner);
                case TRPO -> TrustRegionRule.trpo(learner);
                case NPG -> TrustRegionRule.npg(learner);
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": algo=" + algo.id() + " cannot train a policy for action space "
                    + learner.dist().space() + (learner.sde() != null ? " with gSDE" : "") + " (" + e.getMessage()
                    + "); algorithms: " + Algo.ids(), e);
        }
    }
}
