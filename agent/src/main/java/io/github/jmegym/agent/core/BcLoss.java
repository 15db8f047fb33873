package io.github.jmegym.agent.core;

import java.util.Arrays;

/**
 * The behaviour-cloning loss of one minibatch and its gradient with respect to the network outputs:
 * {@code loss = mean(-log pi(a|s)) + vfCoef * mean((R - V)^2)}, maximum likelihood of the demonstrated actions plus
 * an optional regression of the critic on the demonstrations' discounted returns ({@code vfCoef = 0}: none).
 * Not thread-safe: it reuses one {@link ActionDistribution.Evaluation}.
 */
public final class BcLoss {
    private final ActionDistribution dist;
    private final ActionDistribution.Evaluation eval;

    /** What {@link #compute} returns (means over the minibatch). */
    public record Result(double loss, double nll, double valueLoss, double entropy) {
    }

    /** A loss for the given action distribution. */
    public BcLoss(ActionDistribution dist) {
        this.dist = dist;
        this.eval = dist.newEvaluation();
    }

    /**
     * Loss and gradients of {@code n} samples; gradients are written (not added) to {@code dOut} ({@code [n x outDim]}),
     * {@code dValues} ({@code [n]}) and {@code dLogStd} ({@code [nGauss]}, the log-stds shared by all samples).
     *
     * @param out policy outputs {@code [n x outDim]}
     * @param values critic outputs {@code [n]}
     * @param logStds holds the log-stds at {@code logStdOff}
     * @param actions demonstrated flat actions {@code [n x actDim]}
     * @param returns value targets {@code [n]} (ignored when {@code vfCoef = 0})
     */
    public Result compute(int n, double[] out, double[] values, double[] logStds, int logStdOff, double[] actions,
                          double[] returns, double vfCoef, double[] dOut, double[] dValues, double[] dLogStd) {
        return compute(n, out, values, logStds, logStdOff, 0, actions, returns, vfCoef, dOut, dValues, dLogStd);
    }

    /**
     * {@link #compute(int, double[], double[], double[], int, double[], double[], double, double[], double[], double[])}
     * with per-sample log-stds, as {@link PpoLoss} takes them: sample {@code i} uses the {@link ActionDistribution#nGauss()}
     * log-stds at {@code logStdOff + i * logStdStride}, and its log-std gradient goes to {@code dLogStd} at
     * {@code i * logStdStride}. With {@code logStdStride = 0} all samples share one set; gSDE passes the state-dependent
     * log-stds of the minibatch ({@link Sde#logStd}) with {@code logStdStride = nGauss}, and {@link Sde#backward} carries
     * {@code dLogStd} back to the log-std matrix.
     */
    public Result compute(int n, double[] out, double[] values, double[] logStds, int logStdOff, int logStdStride,
                          double[] actions, double[] returns, double vfCoef, double[] dOut, double[] dValues,
                          double[] dLogStd) {
        int od = dist.outDim();
        int ad = dist.actDim();
        Arrays.fill(dOut, 0, n * od, 0.0);
        Arrays.fill(dLogStd, 0, dist.nGauss() + Math.max(0, n - 1) * logStdStride, 0.0);
        double inv = 1.0 / n;
        double nll = 0;
        double valueLoss = 0;
        double entropy = 0;
        for (int i = 0; i < n; i++) {
            int ls = logStdOff + i * logStdStride;
            dist.evaluate(out, i * od, logStds, ls, actions, i * ad, eval);
            nll -= eval.logProb() * inv;
            entropy += eval.entropy() * inv;
            dist.backward(eval, out, i * od, logStds, ls, actions, i * ad, -inv, 0.0, dOut, i * od, dLogStd,
                    i * logStdStride);
            double err = vfCoef == 0 ? 0 : returns[i] - values[i];
            valueLoss += err * err * inv;
            dValues[i] = vfCoef * (-2.0 * err * inv);
        }
        return new Result(nll + vfCoef * valueLoss, nll, valueLoss, entropy);
    }
}
