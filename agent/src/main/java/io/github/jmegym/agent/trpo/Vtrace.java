package io.github.jmegym.agent.trpo;

import io.github.jmegym.agent.core.RolloutBuffer;

/**
 * V-trace value targets and policy-gradient advantages (Espeholt et al. 2018), as torchbeast's
 * {@code vtrace.from_importance_weights}, over a rollout laid out as {@link RolloutBuffer} lays it out: row
 * {@code t * nEnvs + e} is step {@code t} of sub-env {@code e}. With {@code rho_t = exp(log pi - log mu)} (target over
 * behaviour policy), {@code d_t} whether the episode ended at step {@code t} and {@code V_T} the bootstrap values
 * after the last step:
 * <pre>
 *   delta_t = min(rho_t, rhoBar) (r_t + gamma (1 - d_t) V_{t+1} - V_t)
 *   v_t - V_t = delta_t + gamma (1 - d_t) min(rho_t, cBar) (v_{t+1} - V_{t+1})      (v_T - V_T = 0)
 *   pgAdv_t = min(rho_t, rhoBarPg) (r_t + gamma (1 - d_t) v_{t+1} - V_t)            (v_T = V_T)
 * </pre>
 * A time-limit truncation ends the recursion like a termination but first bootstraps, exactly as the buffer's GAE
 * does: the step's reward becomes {@code r + gamma V(final observation)} ({@link RolloutBuffer#trainedReward}).
 *
 * <p>On-policy ({@code rho = 1}, with the default clips of 1) the targets are GAE(lambda = 1)'s:
 * {@code v_t = r_t + gamma (1 - d_t) v_{t+1}}, the discounted return to the episode's end or, past the rollout, to
 * the bootstrap value ({@link RolloutBuffer#returns} with {@code lambda = 1}), and {@code pgAdv_t = v_t - V_t}
 * ({@link RolloutBuffer#advantages} with {@code lambda = 1}). Pure functions; thread-safe.
 */
public final class Vtrace {
    private Vtrace() {
    }

    /**
     * The V-trace targets and advantages of a rollout.
     *
     * @param vs value targets {@code v_t} ({@code [nSteps * nEnvs]})
     * @param pgAdvantages policy-gradient advantages ({@code [nSteps * nEnvs]})
     */
    public record Targets(double[] vs, double[] pgAdvantages) {
    }

    /**
     * V-trace from the env's flags.
     *
     * @param logRhos {@code log pi(a_t|x_t) - log mu(a_t|x_t)}
     * @param rewards rewards as received (before the truncation bootstrap)
     * @param terminated whether the episode reached a terminal state at step t
     * @param truncated whether the episode was cut (time limit) at step t
     * @param truncationValues {@code V(final observation)} where truncated and not terminated (ignored elsewhere)
     * @param values {@code V(x_t)} under the current critic
     * @param lastValues {@code [nEnvs]} {@code V} of the observations after the last step
     */
    public static Targets compute(int nSteps, int nEnvs, double[] logRhos, double[] rewards, boolean[] terminated,
                                  boolean[] truncated, double[] truncationValues, double[] values, double[] lastValues,
                                  double gamma, VtraceConfig config) {
        int n = nSteps * nEnvs;
        double[] trained = new double[n];
        boolean[] dones = new boolean[n];
        for (int i = 0; i < n; i++) {
            trained[i] = RolloutBuffer.trainedReward(rewards[i], terminated[i], truncated[i], truncationValues[i], gamma);
            dones[i] = terminated[i] || truncated[i];
        }
        return compute(nSteps, nEnvs, logRhos, trained, dones, values, lastValues, gamma, config);
    }

    /**
     * V-trace from a {@link RolloutBuffer}'s arrays: {@code rewards} already hold the truncation bootstrap and
     * {@code dones} mark any episode end ({@link RolloutBuffer#rewards}, {@link RolloutBuffer#dones}).
     */
    public static Targets compute(int nSteps, int nEnvs, double[] logRhos, double[] rewards, boolean[] dones,
                                  double[] values, double[] lastValues, double gamma, VtraceConfig config) {
        int n = nSteps * nEnvs;
        if (logRhos.length < n || rewards.length < n || dones.length < n || values.length < n || lastValues.length < nEnvs) {
            throw new IllegalArgumentException("Vtrace.compute: arrays shorter than nSteps * nEnvs = " + n
                    + " (lastValues: nEnvs = " + nEnvs + ")");
        }
        double[] vs = new double[n];
        double[] pg = new double[n];
        for (int e = 0; e < nEnvs; e++) {
            double acc = 0;
            double nextVs = lastValues[e];
            for (int t = nSteps - 1; t >= 0; t--) {
                int i = t * nEnvs + e;
                double rho = Math.exp(logRhos[i]);
                double discount = dones[i] ? 0.0 : gamma;
                double nextValue = t == nSteps - 1 ? lastValues[e] : values[i + nEnvs];
                double delta = Math.min(rho, config.rhoBar()) * (rewards[i] + discount * nextValue - values[i]);
                acc = delta + discount * Math.min(rho, config.cBar()) * acc;
                vs[i] = values[i] + acc;
                pg[i] = Math.min(rho, config.rhoBarPg()) * (rewards[i] + discount * nextVs - values[i]);
                nextVs = vs[i];
            }
        }
        return new Targets(vs, pg);
    }
}
