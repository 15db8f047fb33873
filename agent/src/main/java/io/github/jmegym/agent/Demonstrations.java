package io.github.jmegym.agent;

import io.github.jmegym.agent.core.ActionDistribution;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.Space;
import java.util.List;

/**
 * Demonstrated decisions for behaviour cloning ({@link PpoTrainer#cloneFrom}): raw observations, the actions taken
 * and the discounted returns that followed, {@code n} samples in flat arrays.
 *
 * @param observationSpace the space the observations are in
 * @param actionSpace the space the actions are in
 * @param observations {@code [n x obsDim]} raw (not normalized) observations
 * @param actions {@code [n x actDim]} flat actions ({@link ActionDistribution#flatAction})
 * @param returns {@code [n]} discounted returns from each decision to the end of its episode
 * @param episodes the number of episodes the samples came from
 */
public record Demonstrations(Space<?> observationSpace, Space<?> actionSpace, double[] observations, double[] actions,
                             double[] returns, int episodes) {
    /** Validates the shapes. */
    public Demonstrations {
        if (!(observationSpace instanceof Box box)) {
            throw new IllegalArgumentException("Demonstrations: observation space " + observationSpace + " is not a Box");
        }
        int n = returns.length;
        int actDim = ActionDistribution.forSpace(actionSpace, "Demonstrations").actDim();
        if (n == 0) {
            throw new IllegalArgumentException("Demonstrations: no samples; record at least one episode");
        }
        if (observations.length != n * box.size() || actions.length != n * actDim) {
            throw new IllegalArgumentException("Demonstrations: " + n + " returns but " + observations.length
                    + " observation values (expected " + n * box.size() + ") and " + actions.length
                    + " action values (expected " + n * actDim + ")");
        }
    }

    /** The number of samples. */
    public int size() {
        return returns.length;
    }

    /**
     * Demonstrations from episodes given as lists of observations, env actions and rewards (the same length per
     * episode); returns are discounted by {@code gamma} within each episode.
     */
    public static Demonstrations of(Space<?> observationSpace, Space<?> actionSpace, List<double[][]> observations,
                                    List<List<Object>> actions, List<double[]> rewards, double gamma) {
        int n = rewards.stream().mapToInt(r -> r.length).sum();
        int obsDim = ((Box) observationSpace).size();
        int actDim = ActionDistribution.forSpace(actionSpace, "Demonstrations").actDim();
        double[] obs = new double[n * obsDim];
        double[] act = new double[n * actDim];
        double[] ret = new double[n];
        int at = 0;
        for (int e = 0; e < rewards.size(); e++) {
            double[] r = rewards.get(e);
            double g = 0;
            for (int t = r.length - 1; t >= 0; t--) {
                g = r[t] + gamma * g;
                ret[at + t] = g;
            }
            for (int t = 0; t < r.length; t++) {
                System.arraycopy(observations.get(e)[t], 0, obs, (at + t) * obsDim, obsDim);
                System.arraycopy(ActionDistribution.flatAction(actionSpace, actions.get(e).get(t)), 0, act,
                        (at + t) * actDim, actDim);
            }
            at += r.length;
        }
        return new Demonstrations(observationSpace, actionSpace, obs, act, ret, rewards.size());
    }
}
