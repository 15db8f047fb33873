package io.github.jmegym.agent.core;

/**
 * Generalized state-dependent exploration (gSDE, Raffin et al. 2021) as Stable-Baselines3's
 * {@code StateDependentNoiseDistribution} does it with {@code full_std=True}, {@code use_expln=False},
 * {@code learn_features=False}: a log-std matrix {@code L} ({@code [latentDim x nGauss]}, row-major, the layout's
 * log-std parameters) gives each Gaussian action element the state-dependent variance
 * {@code var_j(s) = sum_i phi_i(s)^2 exp(L_ij)^2} (plus {@link #EPSILON}), where {@code phi(s)} are the actor's latent
 * features ({@link JavaForward#forward(double[], double[], int, double[], double[], double[])}), treated as constants
 * (no gradient into the network through the variance). Exploration draws a matrix {@code E ~ N(0, exp(L))} and
 * acts with noise {@code phi(s) E}, so the noise changes smoothly with the state while {@code E} is held.
 *
 * <p>This class turns {@code L} and {@code phi} into per-sample log-stds {@code 0.5 log(var_j(s))} for
 * {@link ActionDistribution} (whose diagonal-Gaussian log-probability, entropy and gradients then apply unchanged)
 * and carries their gradient back to {@code L}. Stateless; thread-safe.
 */
public final class Sde {
    /** Added to every variance, as SB3's {@code StateDependentNoiseDistribution.epsilon}. */
    public static final double EPSILON = 1e-6;

    private final int latentDim;
    private final int nGauss;

    /**
     * gSDE for {@code nGauss} Gaussian action elements on {@code latentDim} latent features.
     *
     * @throws IllegalArgumentException when either is below 1
     */
    public Sde(int latentDim, int nGauss) {
        if (latentDim < 1 || nGauss < 1) {
            throw new IllegalArgumentException("Sde: latentDim=" + latentDim + ", nGauss=" + nGauss
                    + "; gSDE needs at least one latent feature and one Box (Gaussian) action element");
        }
        this.latentDim = latentDim;
        this.nGauss = nGauss;
    }

    /** Number of latent features. */
    public int latentDim() {
        return latentDim;
    }

    /** Number of Gaussian action elements. */
    public int nGauss() {
        return nGauss;
    }

    /** Number of log-std parameters ({@code latentDim * nGauss}) and of values in one exploration matrix. */
    public int matrixSize() {
        return latentDim * nGauss;
    }

    /**
     * The state-dependent log-stds {@code 0.5 log(sum_i phi_i^2 exp(2 L_ij) + EPSILON)} of {@code batch} samples.
     *
     * @param params holds {@code L} at {@code lsOff}
     * @param phi {@code [batch x latentDim]} latent features
     * @param logStd receives {@code [batch x nGauss]}
     */
    public void logStd(double[] params, int lsOff, double[] phi, int batch, double[] logStd) {
        for (int b = 0; b < batch; b++) {
            int po = b * latentDim;
            for (int j = 0; j < nGauss; j++) {
                double var = EPSILON;
                for (int i = 0; i < latentDim; i++) {
                    double f = phi[po + i];
                    double sd = Math.exp(params[lsOff + i * nGauss + j]);
                    var += f * f * sd * sd;
                }
                logStd[b * nGauss + j] = 0.5 * Math.log(var);
            }
        }
    }

    /**
     * Writes {@code d loss / d L} into {@code grad} at {@code gOff} ({@code [latentDim x nGauss]}) from the
     * gradients {@code dLogStd} ({@code [batch x nGauss]}) of the log-stds {@link #logStd} gave:
     * {@code d s_j / d L_ij = phi_i^2 exp(2 L_ij) / exp(2 s_j)}.
     */
    public void backward(double[] params, int lsOff, double[] phi, int batch, double[] logStd, double[] dLogStd,
                         double[] grad, int gOff) {
        java.util.Arrays.fill(grad, gOff, gOff + matrixSize(), 0.0);
        for (int b = 0; b < batch; b++) {
            int po = b * latentDim;
            for (int j = 0; j < nGauss; j++) {
                double d = dLogStd[b * nGauss + j];
                if (d == 0.0) {
                    continue;
                }
                double scale = d * Math.exp(-2.0 * logStd[b * nGauss + j]);
                for (int i = 0; i < latentDim; i++) {
                    double f = phi[po + i];
                    double sd = Math.exp(params[lsOff + i * nGauss + j]);
                    grad[gOff + i * nGauss + j] += scale * f * f * sd * sd;
                }
            }
        }
    }

    /**
     * The forward-mode counterpart of {@link #backward}: writes the change {@code dLogStd} ({@code [batch x nGauss]})
     * of the log-stds {@link #logStd} gave when {@code L} moves along {@code v} (at {@code vOff}, {@code [latentDim x
     * nGauss]}), {@code sum_i phi_i^2 exp(2 L_ij) v_ij / exp(2 s_j)}, with {@code phi} held constant as in
     * {@link #backward}.
     */
    public void logStdJvp(double[] params, int lsOff, double[] phi, int batch, double[] logStd, double[] v, int vOff,
                          double[] dLogStd) {
        for (int b = 0; b < batch; b++) {
            int po = b * latentDim;
            for (int j = 0; j < nGauss; j++) {
                double s = 0;
                for (int i = 0; i < latentDim; i++) {
                    double f = phi[po + i];
                    double sd = Math.exp(params[lsOff + i * nGauss + j]);
                    s += f * f * sd * sd * v[vOff + i * nGauss + j];
                }
                dLogStd[b * nGauss + j] = s * Math.exp(-2.0 * logStd[b * nGauss + j]);
            }
        }
    }

    /** Draws one exploration matrix {@code E_ij = exp(L_ij) N(0, 1)} into {@code e} at {@code eOff}. */
    public void drawExploration(double[] params, int lsOff, Rng rng, double[] e, int eOff) {
        for (int k = 0; k < matrixSize(); k++) {
            e[eOff + k] = Math.exp(params[lsOff + k]) * rng.nextGaussian();
        }
    }

    /** The action noise {@code phi E} of one sample into {@code noise} at {@code nOff} ({@code nGauss} values). */
    public void noise(double[] phi, int phiOff, double[] e, int eOff, double[] noise, int nOff) {
        for (int j = 0; j < nGauss; j++) {
            double s = 0;
            for (int i = 0; i < latentDim; i++) {
                s += phi[phiOff + i] * e[eOff + i * nGauss + j];
            }
            noise[nOff + j] = s;
        }
    }
}
