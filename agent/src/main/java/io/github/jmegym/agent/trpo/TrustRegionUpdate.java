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
 * <p>A step can run at once ({@link #trpo}, {@link #npg}) or a unit of bounded work at a time ({@link #startTrpo},
 * {@link Step}: the linearization, each conjugate-gradient iteration, the curvature, each line-search candidate, the
 * step's distances), for updates spread over a game's frames. Not thread-safe.
 */
public final class TrustRegionUpdate {
    private final NetLayout layout;
    private final ActionDistribution dist;
    private final TrustRegionConfig config;
    private final PolicyJacobian jacobian;
    private final DistributionGeometry geometry;
    private final ActionDistribution.Evaluation eval;
    private TrustRegionProbe probe;
    /** The step holding the jacobian's linearization (the last one started). */
    private Step current;

    /** The unit that linearizes the policy over the batch and takes the surrogate's gradient ({@link Step}). */
    public static final String LINEARIZE = "linearize";
    /** The unit of one conjugate-gradient iteration: one Fisher-vector product. */
    public static final String CG_ITERATION = "cg iteration";
    /** The unit of the direction's curvature {@code s^T F s}: one Fisher-vector product. */
    public static final String CURVATURE = "curvature";
    /** The unit of one candidate's forward pass and surrogate (TRPO: a line-search candidate with its KL). */
    public static final String CANDIDATE = "candidate";
    /** The unit of the accepted step's KL and total variation over the batch. */
    public static final String DISTANCES = "step distances";

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
     * One TRPO step: moves {@code params} (in place) to the accepted candidate, or leaves them bit-identical. Runs
     * {@link #startTrpo} to the end.
     *
     * @param params the flat parameters ({@link NetLayout#paramCount()})
     * @param rng draws the Monte-Carlo samples of the total-variation metric (nothing else is random)
     */
    public Result trpo(double[] params, Batch batch, Rng rng) {
        return startTrpo(params, batch, rng).runAll();
    }

    /** One NPG step {@code params += alpha s} (in place), {@code alpha = npgStepSize}; see {@link #trpo}. */
    public Result npg(double[] params, Batch batch, Rng rng) {
        return startNpg(params, batch, rng).runAll();
    }

    /**
     * A TRPO step to be run a unit at a time ({@link Step}); {@link #trpo} is the same step run at once.
     *
     * @param params the flat parameters ({@link NetLayout#paramCount()}), moved in place as the step runs (to the
     *        line search's candidates in turn): not to be read or changed until it is done
     * @param rng draws the Monte-Carlo samples of the total-variation metric (nothing else is random)
     * @throws IllegalArgumentException when the parameters or the batch do not fit the layout
     */
    public Step startTrpo(double[] params, Batch batch, Rng rng) {
        return new Step(params, batch, rng, false);
    }

    /** An NPG step to be run a unit at a time; {@link #npg} is the same step run at once; see {@link #startTrpo}. */
    public Step startNpg(double[] params, Batch batch, Rng rng) {
        return new Step(params, batch, rng, true);
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

    /** The natural direction {@code s ~ F^-1 g} at {@code params} (unchanged) for the batch. */
    public Direction direction(double[] params, Batch batch) {
        Step st = new Step(params, batch, null, false);
        while (!CURVATURE.equals(st.nextUnit())) {
            st.step();
        }
        return st.curvature();
    }

    /**
     * One policy step in progress, run in units of work that each take about as long as the others of their kind
     * (their kind is {@link #nextUnit()}), so that a time-sliced update can fit them into frames:
     * <ol>
     *   <li>{@link #LINEARIZE}: the policy's forward pass over the batch kept for its Jacobian, the surrogate and its
     *       gradient {@code g} (one vector-Jacobian product);</li>
     *   <li>{@link #CG_ITERATION}, once per conjugate-gradient iteration (at most {@code cgMaxSteps}): one
     *       Fisher-vector product;</li>
     *   <li>{@link #CURVATURE}: {@code s^T F s}, one Fisher-vector product, and the largest step;</li>
     *   <li>{@link #CANDIDATE}, once per line-search candidate (at most {@code lineSearchMaxIter}; NPG: once): the
     *       forward pass at the candidate, its surrogate and (TRPO) its mean KL;</li>
     *   <li>{@link #DISTANCES}, when the parameters moved: KL and total variation over the batch.</li>
     * </ol>
     * {@link #trpo} and {@link #npg} run these same units back to back, so the result is the same bit for bit however
     * they are spread over time. A step holds the update's linearization: starting another step of the same update
     * abandons this one. Not thread-safe.
     */
    public final class Step {
        private final double[] params;
        private final Batch b;
        private final Rng rng;
        private final boolean npg;
        private final TrustRegionProbe probe = TrustRegionUpdate.this.probe;
        private String next = LINEARIZE;
        private double[] adv;
        private double[] old;
        private double[] oldOut;
        private double[] oldLs;
        private double[] candOut;
        private double[] candLs;
        private double surr0;
        private double[] g;
        private FisherOperator fisher;
        private ConjugateGradient cg;
        private Direction dir;
        private double maxStep;
        private BacktrackingLineSearch lineSearch;
        private int trial;
        private double trialStep;
        private double candSurr;
        private int tried;
        private double stepTaken;
        private Result result;

        private Step(double[] params, Batch b, Rng rng, boolean npg) {
            int n = b.n();
            if (params.length != layout.paramCount() || b.obs().length < n * layout.obsDim()
                    || b.actions().length < n * dist.actDim()) {
                throw new IllegalArgumentException("TrustRegionUpdate: " + params.length + " parameters (layout: "
                        + layout.paramCount() + "), " + b.obs().length + " observation values and " + b.actions().length
                        + " action values for n=" + n + "; expected n * obsDim = " + n * layout.obsDim()
                        + " and n * actDim = " + n * dist.actDim());
            }
            this.params = params;
            this.b = b;
            this.rng = rng;
            this.npg = npg;
            current = this;
        }

        /** Whether the step has finished: the parameters are final and {@link #result()} is ready. */
        public boolean done() {
            return result != null;
        }

        /**
         * The kind of the next {@link #step()}: {@link #LINEARIZE}, {@link #CG_ITERATION}, {@link #CURVATURE},
         * {@link #CANDIDATE} or {@link #DISTANCES}; null once done.
         */
        public String nextUnit() {
            return done() ? null : next;
        }

        /**
         * Runs the next unit.
         *
         * @throws IllegalStateException once done, or when a later step of the same update has been started
         */
        public void step() {
            if (done()) {
                throw new IllegalStateException("TrustRegionUpdate.Step.step: the step is done; read result()");
            }
            if (current != this) {
                throw new IllegalStateException("TrustRegionUpdate.Step.step: a later step of this update has been "
                        + "started and holds the linearization; this one cannot go on");
            }
            switch (next) {
                case LINEARIZE -> linearize();
                case CG_ITERATION -> {
                    cg.step();
                    if (cg.done()) {
                        next = CURVATURE;
                    }
                }
                case CURVATURE -> aim(curvature());
                case CANDIDATE -> candidate();
                case DISTANCES -> finish(measured());
                default -> throw new IllegalStateException("TrustRegionUpdate.Step: unknown unit " + next);
            }
        }

        /** Runs every remaining unit and returns the result. */
        public Result runAll() {
            while (!done()) {
                step();
            }
            return result;
        }

        /**
         * What the step did.
         *
         * @throws IllegalStateException before it is done
         */
        public Result result() {
            if (!done()) {
                throw new IllegalStateException("TrustRegionUpdate.Step.result: the step is not done (next unit: "
                        + next + "); step() until done()");
            }
            return result;
        }

        private void linearize() {
            int n = b.n();
            int od = dist.outDim();
            int ng = dist.nGauss();
            adv = config.normalizeAdvantage() ? normalized(b.advantages(), n) : b.advantages();
            old = params.clone();
            jacobian.linearize(old, b.obs(), n);
            oldOut = java.util.Arrays.copyOf(jacobian.outputs(), n * od);
            oldLs = java.util.Arrays.copyOf(jacobian.logStds(), n * ng);
            double[] dOut = new double[n * od];
            double[] dLs = new double[n * ng];
            surr0 = surrogate(oldOut, oldLs, b, adv, dOut, dLs);
            g = new double[params.length];
            jacobian.vjp(dOut, dLs, g);
            fisher = new FisherOperator(jacobian, geometry, config.cgDamping());
            if (probe != null) {
                probe.gradient(g.clone(), surr0);
                probe.fisher(fisher);
            }
            cg = new ConjugateGradient(fisher, g, config.cgMaxSteps(), config.cgResidualTol());
            next = cg.done() ? CURVATURE : CG_ITERATION;
        }

        /** The natural direction from conjugate gradient's solution and its curvature {@code s^T F s}. */
        private Direction curvature() {
            ConjugateGradient.Solution sol = cg.solution();
            double[] fs = new double[params.length];
            fisher.apply(sol.x(), fs);
            return new Direction(g, sol.x(), ConjugateGradient.dot(sol.x(), fs), surr0, sol);
        }

        /** The largest step along the direction, and the search for the step taken (or the rejection). */
        private void aim(Direction d) {
            dir = d;
            candOut = new double[oldOut.length];
            candLs = new double[oldLs.length];
            if (npg) {
                maxStep = config.npgStepSize();
                if (probe != null) {
                    probe.direction(dir, maxStep);
                }
                next = CANDIDATE;
                return;
            }
            maxStep = dir.maxStep(config.targetKl());
            if (probe != null) {
                probe.direction(dir, maxStep);
            }
            if (!(maxStep > 0 && Double.isFinite(maxStep))) {
                finish(rejected(dir, 0, maxStep));
                return;
            }
            trialStep = maxStep;
            lineSearch = new BacktrackingLineSearch(params, dir.direction(), maxStep, config.lineSearchShrink(),
                    config.lineSearchMaxIter(), this::acceptable);
            next = CANDIDATE;
        }

        private void candidate() {
            if (npg) {
                for (int i = 0; i < params.length; i++) {
                    params[i] = old[i] + maxStep * dir.direction()[i];
                }
                distribution(params, b.obs(), b.n(), candOut, candLs);
                candSurr = surrogate(candOut, candLs, b, adv, null, null);
                tried = 0;
                stepTaken = maxStep;
                next = DISTANCES;
                return;
            }
            lineSearch.step();
            if (!lineSearch.done()) {
                return;
            }
            BacktrackingLineSearch.Outcome o = lineSearch.outcome();
            if (!o.accepted()) {
                finish(rejected(dir, o.candidates(), maxStep));
                return;
            }
            tried = o.candidates();
            stepTaken = o.step();
            next = DISTANCES;
        }

        /** TRPO's acceptance test of a line-search candidate: inside the trust region and an improved surrogate. */
        private boolean acceptable(double[] cand) {
            int n = b.n();
            distribution(cand, b.obs(), n, candOut, candLs);
            candSurr = surrogate(candOut, candLs, b, adv, null, null);
            double kl = geometry.meanKl(n, oldOut, oldLs, candOut, candLs);
            boolean ok = kl <= config.targetKl() && candSurr > dir.surrogate();
            if (probe != null) {
                probe.trial(trial++, trialStep, kl, geometry.meanKl(n, candOut, candLs, oldOut, oldLs), candSurr, ok);
                trialStep *= config.lineSearchShrink();
            }
            return ok;
        }

        private void finish(Result r) {
            if (probe != null) {
                probe.policyStep(params.clone(), r);
            }
            result = r;
        }

        /** The accepted step's result: KL and total variation from the old distributions to the candidate's. */
        private Result measured() {
            int n = b.n();
            double[] out = candOut;
            double[] ls = candLs;
            int od = dist.outDim();
            int ng = dist.nGauss();
            double klSum = 0;
            double klMax = 0;
            double tvSum = 0;
            for (int i = 0; i < n; i++) {
                double kl = geometry.kl(oldOut, i * od, oldLs, i * ng, out, i * od, ls, i * ng);
                klSum += kl;
                klMax = Math.max(klMax, kl);
                tvSum += geometry.totalVariation(oldOut, i * od, oldLs, i * ng, out, i * od, ls, i * ng,
                        config.tvSamples(), rng);
            }
            return new Result(klSum / n, klMax, tvSum / n, tried, true, dir.surrogate(), candSurr, maxStep, stepTaken,
                    dir.cg().steps(), dir.cg().residualSquaredNorm(), norm(dir.gradient()));
        }
    }

    private static Result rejected(Direction dir, int tried, double beta) {
        return new Result(0, 0, 0, tried, false, dir.surrogate(), dir.surrogate(), beta, 0, dir.cg().steps(),
                dir.cg().residualSquaredNorm(), norm(dir.gradient()));
    }

    private static double norm(double[] v) {
        return Math.sqrt(ConjugateGradient.dot(v, v));
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
