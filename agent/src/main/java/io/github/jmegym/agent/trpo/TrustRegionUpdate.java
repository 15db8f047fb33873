package io.github.jmegym.agent.trpo;

import io.github.jmegym.agent.core.ActionDistribution;
import io.github.jmegym.agent.core.NetLayout;
import io.github.jmegym.agent.core.Rng;

/**
 * The policy step of TRPO (Schulman et al. 2015) as sb3-contrib 2.9.2's {@code TRPO.train}, and of the natural policy
 * gradient (NPG), over a whole rollout:
 * <ol>
 *   <li>the surrogate {@code L(theta) = mean(A exp(log pi_theta(a|s) - log mu(a|s)))} (advantages normalized) and its
 *       gradient {@code g} at the old parameters;</li>
 *   <li>the natural direction {@code s ~ F^-1 g} by {@link ConjugateGradient} on the damped {@link FisherOperator};</li>
 *   <li>TRPO: the largest step {@code beta = sqrt(2 delta / s^T F s)}, then a backtracking line search over
 *       {@code theta_old + beta shrink^k s}, {@code k = 0 .. lineSearchMaxIter - 1}, accepting the first candidate with
 *       mean {@code KL(old || new) <= delta} and a surrogate above the old one; when none passes, the old parameters
 *       are restored bit for bit. NPG: {@code theta_old + alpha s}, no line search.</li>
 * </ol>
 * Only policy parameters move (shared trunk, actor, log-stds); the critic's entries of {@code params} are left alone
 * (the value regression is the caller's: {@link #keepCriticGradient}). There is no entropy term, as in sb3-contrib.
 *
 * <p>Where this differs from sb3-contrib 2.9.2: its line search tests {@code KL(new || old) < target_kl} (strict,
 * the other direction); here the test is {@code KL(old || new) <= delta}, the constraint of the TRPO paper. Both
 * KLs agree to second order, so the Fisher matrix and {@code beta} are the same. sb3-contrib's
 * {@code sub_sampling_factor} (default 1, no sub-sampling) is not offered: pass a sub-sampled batch instead.
 * Not thread-safe.
 */
public final class TrustRegionUpdate {
    private final NetLayout layout;
    private final ActionDistribution dist;
    private final TrustRegionConfig config;
    private final PolicyJacobian jacobian;
    private final DistributionGeometry geometry;
    private final ActionDistribution.Evaluation eval;
    private TrustRegionProbe probe;

    /**
     * The rollout a step is taken on ({@code n} samples, row-major).
     *
     * @param obs {@code [n x obsDim]} observations as the policy saw them (normalized)
     * @param actions {@code [n x actDim]} flat actions ({@link ActionDistribution})
     * @param oldLogProbs log-probabilities of the actions under the policy that collected them
     * @param advantages advantages (raw: normalized here when {@link TrustRegionConfig#normalizeAdvantage()})
     */
    public record Batch(double[] obs, double[] actions, double[] oldLogProbs, double[] advantages, int n) {
        /** Checks that the arrays hold {@code n >= 1} samples. */
        public Batch {
            if (n < 1 || oldLogProbs.length < n || advantages.length < n) {
                throw new IllegalArgumentException("TrustRegionUpdate.Batch: n=" + n + " with " + oldLogProbs.length
                        + " log-probs and " + advantages.length + " advantages; expected n >= 1 and arrays that long");
            }
        }
    }

    /**
     * What one step did. The distances compare the final parameters with the old ones (all 0 when the step was
     * rejected and the old parameters restored).
     *
     * @param kl mean {@code KL(old || new)} over the rollout's states
     * @param klMax largest {@code KL(old || new)} of a state
     * @param tvDistance mean total-variation distance ({@link DistributionGeometry#totalVariation})
     * @param lineSearchSteps candidates evaluated (TRPO: 1 .. lineSearchMaxIter, 0 when no step could be formed; NPG:
     *        0)
     * @param stepAccepted whether the parameters moved
     * @param surrogateBefore surrogate at the old parameters
     * @param surrogateAfter surrogate at the final parameters
     * @param maxStepSize TRPO's {@code beta = sqrt(2 delta / s^T F s)}; NPG's alpha
     * @param stepSize the multiple of {@code s} taken (0 when rejected)
     * @param cgSteps conjugate-gradient iterations taken
     * @param cgResidual squared residual norm conjugate gradient ended at
     * @param gradientNorm Euclidean norm of the surrogate's gradient {@code g}
     */
    public record Result(double kl, double klMax, double tvDistance, int lineSearchSteps, boolean stepAccepted,
                         double surrogateBefore, double surrogateAfter, double maxStepSize, double stepSize,
                         int cgSteps, double cgResidual, double gradientNorm) {
    }

    /**
     * An update for a layout's policy.
     *
     * @param useSde whether the layout's log-std parameters are gSDE's matrix (see {@link PolicyJacobian})
     */
    public TrustRegionUpdate(NetLayout layout, ActionDistribution dist, boolean useSde, TrustRegionConfig config) {
        this.layout = layout;
        this.dist = dist;
        this.config = config;
        this.jacobian = new PolicyJacobian(layout, dist, useSde);
        this.geometry = new DistributionGeometry(dist);
        this.eval = dist.newEvaluation();
    }

    /** Sets (or, with null, removes) the probe the next steps report to. */
    public void probe(TrustRegionProbe probe) {
        this.probe = probe;
    }

    /** The settings. */
    public TrustRegionConfig config() {
        return config;
    }

    /**
     * One TRPO step: moves {@code params} (in place) to the accepted candidate, or leaves them bit-identical.
     *
     * @param params the flat parameters ({@link NetLayout#paramCount()})
     * @param rng draws the Monte-Carlo samples of the total-variation metric (nothing else is random)
     */
    public Result trpo(double[] params, Batch batch, Rng rng) {
        return step(params, batch, rng, false);
    }

    /** One NPG step {@code params += alpha s} (in place), {@code alpha = npgStepSize}; see {@link #trpo}. */
    public Result npg(double[] params, Batch batch, Rng rng) {
        return step(params, batch, rng, true);
    }

    /**
     * Zeroes every entry of a gradient but the critic's, so that a value-function step leaves the policy (a shared
     * trunk included) where the trust-region step put it, as sb3-contrib's critic updates do.
     */
    public static void keepCriticGradient(NetLayout layout, double[] grad) {
        NetLayout.Mlp c = layout.critic();
        java.util.Arrays.fill(grad, 0, c.offset(), 0.0);
        java.util.Arrays.fill(grad, c.offset() + c.paramCount(), grad.length, 0.0);
    }

    /**
     * The natural direction at the current parameters, before any step.
     *
     * @param gradient {@code g}, the surrogate's gradient over the flat parameters (critic entries 0)
     * @param direction {@code s}, conjugate gradient's solution of {@code F s = g}
     * @param curvature {@code s^T F s} with the damped Fisher operator
     * @param surrogate the surrogate at the current parameters
     * @param cg what conjugate gradient did
     */
    public record Direction(double[] gradient, double[] direction, double curvature, double surrogate,
                            ConjugateGradient.Solution cg) {
        /** TRPO's largest step {@code sqrt(2 delta / s^T F s)}. */
        public double maxStep(double delta) {
            return Math.sqrt(2 * delta / curvature);
        }
    }

    /** Everything a step needs from the old parameters. */
    private record Start(double[] adv, double[] old, double[] oldOut, double[] oldLs, Direction dir) {
    }

    /** The natural direction {@code s ~ F^-1 g} at {@code params} (unchanged) for the batch. */
    public Direction direction(double[] params, Batch batch) {
        return start(params, batch).dir();
    }

    private Start start(double[] params, Batch b) {
        int n = b.n();
        if (params.length != layout.paramCount() || b.obs().length < n * layout.obsDim()
                || b.actions().length < n * dist.actDim()) {
            throw new IllegalArgumentException("TrustRegionUpdate: " + params.length + " parameters (layout: "
                    + layout.paramCount() + "), " + b.obs().length + " observation values and " + b.actions().length
                    + " action values for n=" + n + "; expected n * obsDim = " + n * layout.obsDim()
                    + " and n * actDim = " + n * dist.actDim());
        }
        int od = dist.outDim();
        int ng = dist.nGauss();
        double[] adv = config.normalizeAdvantage() ? normalized(b.advantages(), n) : b.advantages();
        double[] old = params.clone();
        jacobian.linearize(old, b.obs(), n);
        double[] oldOut = java.util.Arrays.copyOf(jacobian.outputs(), n * od);
        double[] oldLs = java.util.Arrays.copyOf(jacobian.logStds(), n * ng);
        double[] dOut = new double[n * od];
        double[] dLs = new double[n * ng];
        double surr0 = surrogate(oldOut, oldLs, b, adv, dOut, dLs);
        double[] g = new double[params.length];
        jacobian.vjp(dOut, dLs, g);
        FisherOperator fisher = new FisherOperator(jacobian, geometry, config.cgDamping());
        if (probe != null) {
            probe.gradient(g.clone(), surr0);
            probe.fisher(fisher);
        }
        ConjugateGradient.Solution sol = ConjugateGradient.solve(fisher, g, config.cgMaxSteps(), config.cgResidualTol());
        double[] fs = new double[params.length];
        fisher.apply(sol.x(), fs);
        Direction dir = new Direction(g, sol.x(), ConjugateGradient.dot(sol.x(), fs), surr0, sol);
        return new Start(adv, old, oldOut, oldLs, dir);
    }

    private Result step(double[] params, Batch b, Rng rng, boolean npg) {
        int n = b.n();
        Start st = start(params, b);
        Direction dir = st.dir();
        double surr0 = dir.surrogate();
        double[] candOut = new double[st.oldOut().length];
        double[] candLs = new double[st.oldLs().length];
        if (npg) {
            double alpha = config.npgStepSize();
            if (probe != null) {
                probe.direction(dir, alpha);
            }
            for (int i = 0; i < params.length; i++) {
                params[i] = st.old()[i] + alpha * dir.direction()[i];
            }
            distribution(params, b.obs(), n, candOut, candLs);
            double surr = surrogate(candOut, candLs, b, st.adv(), null, null);
            return reported(params, measured(st, candOut, candLs, n, rng, 0, surr, alpha, alpha));
        }
        double beta = dir.maxStep(config.targetKl());
        if (probe != null) {
            probe.direction(dir, beta);
        }
        if (!(beta > 0 && Double.isFinite(beta))) {
            return reported(params, rejected(dir, 0, beta));
        }
        double[] candSurr = new double[1];
        double[] step = {beta};
        int[] trial = {0};
        BacktrackingLineSearch.Outcome o = BacktrackingLineSearch.search(params, dir.direction(), beta,
                config.lineSearchShrink(), config.lineSearchMaxIter(), cand -> {
                    distribution(cand, b.obs(), n, candOut, candLs);
                    candSurr[0] = surrogate(candOut, candLs, b, st.adv(), null, null);
                    double kl = geometry.meanKl(n, st.oldOut(), st.oldLs(), candOut, candLs);
                    boolean ok = kl <= config.targetKl() && candSurr[0] > surr0;
                    if (probe != null) {
                        probe.trial(trial[0]++, step[0], kl, geometry.meanKl(n, candOut, candLs, st.oldOut(),
                                st.oldLs()), candSurr[0], ok);
                        step[0] *= config.lineSearchShrink();
                    }
                    return ok;
                });
        if (!o.accepted()) {
            return reported(params, rejected(dir, o.candidates(), beta));
        }
        return reported(params, measured(st, candOut, candLs, n, rng, o.candidates(), candSurr[0], beta, o.step()));
    }

    private Result reported(double[] params, Result r) {
        if (probe != null) {
            probe.policyStep(params.clone(), r);
        }
        return r;
    }

    private static Result rejected(Direction dir, int tried, double beta) {
        return new Result(0, 0, 0, tried, false, dir.surrogate(), dir.surrogate(), beta, 0, dir.cg().steps(),
                dir.cg().residualSquaredNorm(), norm(dir.gradient()));
    }

    private static double norm(double[] v) {
        return Math.sqrt(ConjugateGradient.dot(v, v));
    }

    private Result measured(Start st, double[] out, double[] ls, int n, Rng rng, int tried, double surr,
                            double maxStep, double step) {
        int od = dist.outDim();
        int ng = dist.nGauss();
        double klSum = 0;
        double klMax = 0;
        double tvSum = 0;
        for (int i = 0; i < n; i++) {
            double kl = geometry.kl(st.oldOut(), i * od, st.oldLs(), i * ng, out, i * od, ls, i * ng);
            klSum += kl;
            klMax = Math.max(klMax, kl);
            tvSum += geometry.totalVariation(st.oldOut(), i * od, st.oldLs(), i * ng, out, i * od, ls, i * ng,
                    config.tvSamples(), rng);
        }
        Direction dir = st.dir();
        return new Result(klSum / n, klMax, tvSum / n, tried, true, dir.surrogate(), surr, maxStep, step,
                dir.cg().steps(), dir.cg().residualSquaredNorm(), norm(dir.gradient()));
    }

    /** The distribution parameters (outputs, per-sample log-stds) at {@code params} of the linearized batch. */
    private void distribution(double[] params, double[] obs, int n, double[] out, double[] ls) {
        jacobian.distributionsAt(params, out, ls);
    }

    /**
     * The surrogate {@code mean(A r)}, and when {@code dOut} is given its gradient with respect to the outputs and
     * log-stds (written).
     */
    private double surrogate(double[] out, double[] ls, Batch b, double[] adv, double[] dOut, double[] dLs) {
        int n = b.n();
        int od = dist.outDim();
        int ad = dist.actDim();
        int ng = dist.nGauss();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            dist.evaluate(out, i * od, ls, i * ng, b.actions(), i * ad, eval);
            double r = Math.exp(eval.logProb() - b.oldLogProbs()[i]);
            sum += adv[i] * r;
            if (dOut != null) {
                dist.backward(eval, out, i * od, ls, i * ng, b.actions(), i * ad, adv[i] * r / n, 0.0, dOut, i * od,
                        dLs, i * ng);
            }
        }
        return sum / n;
    }

    /** {@code (A - mean) / (std + 1e-8)} with the unbiased std, as sb3-contrib (torch's {@code std()}). */
    static double[] normalized(double[] a, int n) {
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += a[i];
        }
        mean /= n;
        double var = 0;
        for (int i = 0; i < n; i++) {
            var += (a[i] - mean) * (a[i] - mean);
        }
        double std = n > 1 ? Math.sqrt(var / (n - 1)) : 0.0;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = (a[i] - mean) / (std + 1e-8);
        }
        return out;
    }
}
