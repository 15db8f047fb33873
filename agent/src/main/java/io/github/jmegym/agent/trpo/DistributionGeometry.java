package io.github.jmegym.agent.trpo;

import io.github.jmegym.agent.core.ActionDistribution;
import io.github.jmegym.agent.core.Rng;

/**
 * How far apart two action distributions of one {@link ActionDistribution} are, and its local metric: the KL
 * divergence and its gradient, the Fisher information of the distribution parameters (the Hessian of the KL at equal
 * distributions) and the total-variation distance. The distribution parameters of one sample are, as everywhere, its
 * policy outputs (every categorical's logits, then the Gaussian means) and one log-std per Gaussian element; the
 * parts are independent, so KL and Fisher are sums and block-diagonal over them.
 *
 * <p>Fisher blocks: a categorical with probabilities {@code p} over its logits {@code diag(p) - p p^T} (a
 * {@code MultiBinary} element is a two-logit categorical, whose block is {@code p(1-p) [[1,-1],[-1,1]]}, the
 * Bernoulli's {@code p(1-p)} in logit-difference coordinates); a Gaussian element {@code 1/sigma^2} over its mean and
 * {@code 2} over its log-std, with no cross term.
 *
 * <p>Not thread-safe (scratch arrays are reused).
 */
public final class DistributionGeometry {
    /** Most joint categorical outcomes {@link #totalVariation} enumerates; beyond, it samples them too. */
    public static final int MAX_ENUMERATED_OUTCOMES = 4096;

    private final ActionDistribution dist;
    private final int[] catSizes;
    private final int[] catOffsets;
    private final int nLogits;
    private final int nGauss;
    private final int outcomes;
    private final double[] pSoft;
    private final double[] qSoft;
    private final double[] pJoint;
    private final double[] qJoint;
    private final double[] act;

    /** The geometry of {@code dist}. */
    public DistributionGeometry(ActionDistribution dist) {
        this.dist = dist;
        this.catSizes = dist.categoricalSizes();
        this.catOffsets = new int[catSizes.length];
        int o = 0;
        long k = 1;
        for (int c = 0; c < catSizes.length; c++) {
            catOffsets[c] = o;
            o += catSizes[c];
            k = Math.min(k * catSizes[c], Integer.MAX_VALUE);
        }
        this.nLogits = o;
        this.nGauss = dist.nGauss();
        this.outcomes = (int) k;
        this.pSoft = new double[nLogits];
        this.qSoft = new double[nLogits];
        boolean enumerate = outcomes <= MAX_ENUMERATED_OUTCOMES;
        this.pJoint = enumerate ? new double[outcomes] : null;
        this.qJoint = enumerate ? new double[outcomes] : null;
        this.act = new double[dist.actDim()];
    }

    /** The action distribution. */
    public ActionDistribution distribution() {
        return dist;
    }

    private void softmax(double[] out, int oOff, double[] dst) {
        for (int c = 0; c < catSizes.length; c++) {
            int base = oOff + catOffsets[c];
            double lse = ActionDistribution.logSumExp(out, base, catSizes[c]);
            for (int j = 0; j < catSizes[c]; j++) {
                dst[catOffsets[c] + j] = Math.exp(out[base + j] - lse);
            }
        }
    }

    /**
     * {@code KL(p || q)} of one sample.
     *
     * @param pOut outputs of {@code p} at {@code pOff}; {@code pLs} its {@link ActionDistribution#nGauss()} log-stds at
     *        {@code pLsOff}; likewise for {@code q}
     */
    public double kl(double[] pOut, int pOff, double[] pLs, int pLsOff, double[] qOut, int qOff, double[] qLs, int qLsOff) {
        double kl = 0;
        for (int c = 0; c < catSizes.length; c++) {
            int pb = pOff + catOffsets[c];
            int qb = qOff + catOffsets[c];
            int n = catSizes[c];
            double pLse = ActionDistribution.logSumExp(pOut, pb, n);
            double qLse = ActionDistribution.logSumExp(qOut, qb, n);
            for (int j = 0; j < n; j++) {
                double lp = pOut[pb + j] - pLse;
                kl += Math.exp(lp) * (lp - (qOut[qb + j] - qLse));
            }
        }
        int pg = pOff + nLogits;
        int qg = qOff + nLogits;
        for (int g = 0; g < nGauss; g++) {
            double sp = pLs[pLsOff + g];
            double sq = qLs[qLsOff + g];
            double d = pOut[pg + g] - qOut[qg + g];
            kl += sq - sp + (Math.exp(2 * sp) + d * d) * 0.5 * Math.exp(-2 * sq) - 0.5;
        }
        return kl;
    }

    /**
     * The mean {@code KL(p || q)} over {@code n} samples laid out row-major: outputs {@code [n x outDim]}, log-stds
     * {@code [n x nGauss]}.
     */
    public double meanKl(int n, double[] pOut, double[] pLs, double[] qOut, double[] qLs) {
        int od = dist.outDim();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += kl(pOut, i * od, pLs, i * nGauss, qOut, i * od, qLs, i * nGauss);
        }
        return sum / n;
    }

    /**
     * Adds {@code scale * d KL(p || q) / d q} to {@code dOut} (at {@code dOff}, outputs) and {@code dLs} (at
     * {@code dLsOff}, log-stds): {@code q - p} over each categorical's logits, {@code (mu_q - mu_p) / sigma_q^2} over a
     * mean and {@code 1 - (sigma_p^2 + (mu_p - mu_q)^2) / sigma_q^2} over a log-std.
     */
    public void klGradient(double[] pOut, int pOff, double[] pLs, int pLsOff, double[] qOut, int qOff, double[] qLs,
                           int qLsOff, double scale, double[] dOut, int dOff, double[] dLs, int dLsOff) {
        softmax(pOut, pOff, pSoft);
        softmax(qOut, qOff, qSoft);
        for (int j = 0; j < nLogits; j++) {
            dOut[dOff + j] += scale * (qSoft[j] - pSoft[j]);
        }
        for (int g = 0; g < nGauss; g++) {
            double sp = pLs[pLsOff + g];
            double sq = qLs[qLsOff + g];
            double d = qOut[qOff + nLogits + g] - pOut[pOff + nLogits + g];
            double invVar = Math.exp(-2 * sq);
            dOut[dOff + nLogits + g] += scale * d * invVar;
            dLs[dLsOff + g] += scale * (1 - (Math.exp(2 * sp) + d * d) * invVar);
        }
    }

    /**
     * The Fisher information {@code M} of the distribution at ({@code out}, {@code ls}) applied to a change
     * ({@code uOut}, {@code uLs}) of its parameters, times {@code scale}, written to ({@code mOut}, {@code mLs}).
     */
    public void fisherProduct(double[] out, int oOff, double[] ls, int lsOff, double[] uOut, int uOff, double[] uLs,
                              int uLsOff, double scale, double[] mOut, int mOff, double[] mLs, int mLsOff) {
        softmax(out, oOff, pSoft);
        for (int c = 0; c < catSizes.length; c++) {
            int at = catOffsets[c];
            double pu = 0;
            for (int j = 0; j < catSizes[c]; j++) {
                pu += pSoft[at + j] * uOut[uOff + at + j];
            }
            for (int j = 0; j < catSizes[c]; j++) {
                double p = pSoft[at + j];
                mOut[mOff + at + j] = scale * p * (uOut[uOff + at + j] - pu);
            }
        }
        for (int g = 0; g < nGauss; g++) {
            double invVar = Math.exp(-2 * ls[lsOff + g]);
            mOut[mOff + nLogits + g] = scale * invVar * uOut[uOff + nLogits + g];
            mLs[mLsOff + g] = scale * 2.0 * uLs[uLsOff + g];
        }
    }

    /**
     * The total-variation distance {@code sup_A |p(A) - q(A)| = E_p[(1 - q/p)^+]} of one sample. The categorical
     * parts are summed exactly over their joint outcomes (up to {@link #MAX_ENUMERATED_OUTCOMES}), so without
     * Gaussians the result is exact and draws nothing; the Gaussian parts are integrated by Monte Carlo:
     * {@code mean over g ~ p_gauss of sum_c (p(c) - q(c) w(g))^+} with {@code w = q_gauss(g) / p_gauss(g)}. With more
     * joint categorical outcomes every part is sampled: {@code mean over a ~ p of (1 - q(a)/p(a))^+}.
     *
     * @param samples Monte-Carlo draws (>= 1), used only when something is sampled
     * @param rng the generator of the draws
     */
    public double totalVariation(double[] pOut, int pOff, double[] pLs, int pLsOff, double[] qOut, int qOff,
                                 double[] qLs, int qLsOff, int samples, Rng rng) {
        if (samples < 1) {
            throw new IllegalArgumentException("DistributionGeometry.totalVariation: samples=" + samples + "; expected >= 1");
        }
        if (pJoint == null) {
            double sum = 0;
            for (int s = 0; s < samples; s++) {
                dist.sample(pOut, pOff, pLs, pLsOff, rng, false, act, 0);
                double lp = dist.logProb(pOut, pOff, pLs, pLsOff, act, 0);
                double lq = dist.logProb(qOut, qOff, qLs, qLsOff, act, 0);
                sum += Math.max(0.0, 1.0 - Math.exp(lq - lp));
            }
            return sum / samples;
        }
        joint(pOut, pOff, pSoft, pJoint);
        joint(qOut, qOff, qSoft, qJoint);
        if (nGauss == 0) {
            return positivePart(1.0);
        }
        double sum = 0;
        for (int s = 0; s < samples; s++) {
            double logW = 0;
            for (int g = 0; g < nGauss; g++) {
                double mp = pOut[pOff + nLogits + g];
                double sp = pLs[pLsOff + g];
                double zp = rng.nextGaussian();
                double zq = (mp + Math.exp(sp) * zp - qOut[qOff + nLogits + g]) * Math.exp(-qLs[qLsOff + g]);
                logW += -0.5 * zq * zq - qLs[qLsOff + g] + 0.5 * zp * zp + sp;
            }
            sum += positivePart(Math.exp(logW));
        }
        return sum / samples;
    }

    /** {@code sum_c (p(c) - q(c) w)^+} over the joint categorical outcomes. */
    private double positivePart(double w) {
        double s = 0;
        for (int k = 0; k < outcomes; k++) {
            s += Math.max(0.0, pJoint[k] - qJoint[k] * w);
        }
        return s;
    }

    /** The probabilities of every joint categorical outcome (mixed radix, the first categorical slowest). */
    private void joint(double[] out, int oOff, double[] soft, double[] dst) {
        softmax(out, oOff, soft);
        dst[0] = 1.0;
        int size = 1;
        for (int c = 0; c < catSizes.length; c++) {
            int n = catSizes[c];
            for (int k = size - 1; k >= 0; k--) {
                double pk = dst[k];
                for (int j = n - 1; j >= 0; j--) {
                    dst[k * n + j] = pk * soft[catOffsets[c] + j];
                }
            }
            size *= n;
        }
    }
}
