package io.github.jmegym.engine;

import io.github.jmegym.agent.Policy;

/**
 * A trained {@link Policy} as an agent's brain in {@link AgentMode#INFERENCE}: made only for an agent whose spaces
 * are the policy's, it chooses each action with {@link Policy#act(Object, boolean)}. Pure Java: no trainer, no ND4J.
 */
public final class PolicyBrain implements ActionSource<Object> {
    private final Policy policy;
    private final boolean deterministic;

    private PolicyBrain(Policy policy, boolean deterministic) {
        this.policy = policy;
        this.deterministic = deterministic;
    }

    /**
     * Lets {@code policy} drive {@code agent} (switching it to {@link AgentMode#INFERENCE}).
     *
     * @param deterministic take the most likely action ({@code true}) or sample one
     * @param where starts any error message, e.g. the file the policy came from
     * @throws IllegalArgumentException when the policy was trained on other spaces than the agent's
     */
    @SuppressWarnings("unchecked")
    public static PolicyBrain drive(AgentControl<?> agent, Policy policy, boolean deterministic, String where) {
        requireFits(policy, agent, where);
        PolicyBrain brain = new PolicyBrain(policy, deterministic);
        ((AgentControl<Object>) agent).setPolicy(brain);
        return brain;
    }

    /**
     * Throws unless {@code policy} was trained on {@code agent}'s observation and action spaces.
     *
     * @param where starts the error message, e.g. the file the policy came from
     */
    public static void requireFits(Policy policy, AgentControl<?> agent, String where) {
        if (policy == null) {
            throw new IllegalArgumentException(where + ": the policy for " + agent.describe() + " is null");
        }
        if (!policy.observationSpace().equals(agent.observationSpace()) || !policy.actionSpace().equals(agent.actionSpace())) {
            throw new IllegalArgumentException(where + ": the policy was trained on " + policy.observationSpace() + " / "
                    + policy.actionSpace() + " but " + agent.describe() + " has " + agent.observationSpace() + " / "
                    + agent.actionSpace() + "; load the policy trained for this agent");
        }
    }

    /** The policy. */
    public Policy policy() {
        return policy;
    }

    /** Whether it takes the most likely action (else it samples). */
    public boolean deterministic() {
        return deterministic;
    }

    @Override
    public Object act(double[] observation) {
        return policy.act(observation, deterministic);
    }
}
