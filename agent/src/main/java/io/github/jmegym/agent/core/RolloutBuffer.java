package io.github.jmegym.agent.core;

/**
 * The transitions of one rollout ({@code nSteps} steps of {@code nEnvs} sub-envs), and GAE(gamma, lambda) over them,
 * as SB3's {@code RolloutBuffer}. Row {@code t * nEnvs + e} holds step {@code t} of sub-env {@code e}.
 *
 * <p>Truncation: when a sub-env's episode is cut (time limit) rather than terminated, the value of its final
 * observation is bootstrapped by adding {@code gamma * V(final_obs)} to that step's reward; after any episode end
 * the advantage recursion does not look past it.
 */
public final class RolloutBuffer {
    private final int nSteps;
    private final int nEnvs;
    private final int obsDim;
    private final int actDim;
    /** Observations, {@code [size x obsDim]} (normalized as the policy saw them). */
    public final double[] obs;
    /** Flat actions, {@code [size x actDim]}. */
    public final double[] actions;
    /** Log-probabilities of the actions under the acting policy. */
    public final double[] logProbs;
    /** Values of the observations under the acting critic. */
    public final double[] values;
    /** Rewards (as trained on: possibly scaled, plus truncation bootstrap). */
    public final double[] rewards;
    /** Whether the episode ended (terminated or truncated) at this step. */
    public final boolean[] dones;
    /** GAE advantages (after {@link #computeReturnsAndAdvantage}). */
    public final double[] advantages;
    /** Returns {@code advantages + values}, the value targets. */
    public final double[] returns;
    private int pos;

    /** An empty buffer. */
    public RolloutBuffer(int nSteps, int nEnvs, int obsDim, int actDim) {
        this.nSteps = nSteps;
        this.nEnvs = nEnvs;
        this.obsDim = obsDim;
        this.actDim = actDim;
        int n = nSteps * nEnvs;
        obs = new double[n * obsDim];
        actions = new double[n * actDim];
        logProbs = new double[n];
        values = new double[n];
        rewards = new double[n];
        dones = new boolean[n];
        advantages = new double[n];
        returns = new double[n];
    }

    /** An empty buffer of the same shape. */
    public RolloutBuffer emptyLike() {
        return new RolloutBuffer(nSteps, nEnvs, obsDim, actDim);
    }

    /** Number of transitions when full. */
    public int size() {
        return nSteps * nEnvs;
    }

    /** Steps added so far (0 .. nSteps). */
    public int steps() {
        return pos;
    }

    /** Whether {@code nSteps} steps were added. */
    public boolean full() {
        return pos == nSteps;
    }

    /** Empties the buffer. */
    public void clear() {
        pos = 0;
    }

    /** Observation width. */
    public int obsDim() {
        return obsDim;
    }

    /** Flat action width. */
    public int actDim() {
        return actDim;
    }

    /**
     * Adds one step of every sub-env.
     *
     * @param stepObs {@code [nEnvs x obsDim]} observations the actions were chosen on
     * @param stepActions {@code [nEnvs x actDim]} flat actions
     * @param stepLogProbs log-probabilities of the actions
     * @param stepValues values of the observations
     * @param stepRewards rewards
     * @param terminated whether sub-env e reached a terminal state
     * @param truncated whether sub-env e was cut
     * @param truncationValues V(final observation) of sub-envs that were truncated and not terminated (else ignored)
     * @param gamma discount, for the truncation bootstrap
     */
    public void add(double[] stepObs, double[] stepActions, double[] stepLogProbs, double[] stepValues,
                    double[] stepRewards, boolean[] terminated, boolean[] truncated, double[] truncationValues,
                    double gamma) {
        if (pos >= nSteps) {
            throw new IllegalStateException("RolloutBuffer.add: buffer already holds " + nSteps + " steps; clear() it first");
        }
        int row = pos * nEnvs;
        System.arraycopy(stepObs, 0, obs, row * obsDim, nEnvs * obsDim);
        System.arraycopy(stepActions, 0, actions, row * actDim, nEnvs * actDim);
        System.arraycopy(stepLogProbs, 0, logProbs, row, nEnvs);
        System.arraycopy(stepValues, 0, values, row, nEnvs);
        for (int e = 0; e < nEnvs; e++) {
            rewards[row + e] = trainedReward(stepRewards[e], terminated[e], truncated[e], truncationValues[e], gamma);
            dones[row + e] = terminated[e] || truncated[e];
        }
        pos++;
    }

    /**
     * The reward a step is trained on: {@code reward + gamma * truncationValue} when the episode was truncated and not
     * terminated (the time-limit bootstrap), else {@code reward}.
     */
    public static double trainedReward(double reward, boolean terminated, boolean truncated, double truncationValue,
                                       double gamma) {
        return truncated && !terminated ? reward + gamma * truncationValue : reward;
    }

    /**
     * GAE over the full buffer.
     *
     * @param lastValues V of the observations following the last step (the next rollout's first observations)
     */
    public void computeReturnsAndAdvantage(double[] lastValues, double gamma, double lambda) {
        if (!full()) {
            throw new IllegalStateException("RolloutBuffer: GAE needs " + nSteps + " steps, have " + pos);
        }
        for (int e = 0; e < nEnvs; e++) {
            double lastGaeLam = 0;
            for (int t = nSteps - 1; t >= 0; t--) {
                int i = t * nEnvs + e;
                double nextNonTerminal = dones[i] ? 0.0 : 1.0;
                double nextValues = t == nSteps - 1 ? lastValues[e] : values[i + nEnvs];
                double delta = rewards[i] + gamma * nextValues * nextNonTerminal - values[i];
                lastGaeLam = delta + gamma * lambda * nextNonTerminal * lastGaeLam;
                advantages[i] = lastGaeLam;
                returns[i] = lastGaeLam + values[i];
            }
        }
    }
}
