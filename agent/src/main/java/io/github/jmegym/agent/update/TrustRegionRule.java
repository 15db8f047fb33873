package io.github.jmegym.agent.update;

import io.github.jmegym.agent.Metrics;
import io.github.jmegym.agent.PpoConfig;
import io.github.jmegym.agent.core.Adam;
import io.github.jmegym.agent.core.RolloutBuffer;
import io.github.jmegym.agent.nd4j.Nd4jActorCritic;
import io.github.jmegym.agent.trpo.TrustRegionProbe;
import io.github.jmegym.agent.trpo.TrustRegionUpdate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TRPO and NPG as sb3-contrib 2.9.2's {@code TRPO.train}: one policy step over the whole rollout
 * ({@link TrustRegionUpdate#trpo}: natural direction, largest step in the KL ball {@code delta}, backtracking line
 * search; or {@link TrustRegionUpdate#npg}: the fixed step {@code npgStepSize}), then {@code nCriticUpdates} shuffled
 * epochs of the critic's mean squared error to the returns over minibatches of {@code batchSize}, Adam without
 * gradient clipping, the gradient kept to the critic's own parameters ({@link TrustRegionUpdate#keepCriticGradient})
 * so the policy stays where the trust-region step put it. No entropy term. The policy step runs as the units of
 * {@link TrustRegionUpdate.Step} (linearize, one per conjugate-gradient iteration, curvature, one per line-search
 * candidate, the step's distances), each critic minibatch is one more ({@link #CRITIC_STEP}). A non-finite critic
 * loss abandons the update and restores the parameters and the optimizer bit for bit.
 */
public final class TrustRegionRule implements UpdateRule {
    private static final Logger LOG = LoggerFactory.getLogger(TrustRegionRule.class);
    /** The unit of one critic minibatch. */
    public static final String CRITIC_STEP = "critic step";

    private final Learner l;
    private final boolean natural;
    private final TrustRegionUpdate policyStep;
    private TrustRegionProbe probe;

    private TrustRegionRule(Learner learner, boolean natural) {
        this.l = learner;
        this.natural = natural;
        this.policyStep = new TrustRegionUpdate(learner.layout(), learner.dist(), learner.sde() != null,
                learner.config().trustRegion());
    }

    /** TRPO: the line-searched step within {@code delta}. */
    public static TrustRegionRule trpo(Learner learner) {
        return new TrustRegionRule(learner, false);
    }

    /** NPG: the fixed step {@code npgStepSize} along the natural direction. */
    public static TrustRegionRule npg(Learner learner) {
        return new TrustRegionRule(learner, true);
    }

    /**
     * Sets (or, with null, removes) the probe the next updates report to: the policy step's points
     * ({@link TrustRegionUpdate#probe}) and each critic epoch's order and minibatch.
     */
    public void probe(TrustRegionProbe probe) {
        this.probe = probe;
        policyStep.probe(probe);
    }

    @Override
    public Update start(Rollout rollout) {
        return new Job(rollout);
    }

    private final class Job implements Update {
        private final PpoConfig config = l.config();
        private final Nd4jActorCritic net = l.net();
        private final double[] params = l.params();
        private final Rollout ro;
        private final RolloutBuffer buf;
        private final int obsDim = l.layout().obsDim();
        private final int batch = config.batchSize();
        private final int nMb = config.minibatchesPerEpoch();
        private final int epochs = config.nCriticUpdates();
        private final double lr;
        private final double explainedVariance;
        private final double[] paramsBefore;
        private final Adam.Snapshot adamBefore;
        private final int[] perm;
        private final double[] mbObs;
        private final double[] mbRet;
        private final double[] values;
        private final double[] dValues;
        private final TrustRegionUpdate.Step policy;
        private TrustRegionUpdate.Result result;
        private int epoch;
        private int mb;
        private int criticSteps;
        private double sumVl;
        private double sumCriticNorm;
        private boolean skipped;
        private boolean done;

        Job(Rollout ro) {
            this.ro = ro;
            this.buf = ro.buffer();
            this.lr = config.annealLearningRate() ? config.learningRate() * ro.progressRemaining() : config.learningRate();
            this.explainedVariance = Stats.explainedVariance(ro.values(), ro.returns());
            this.paramsBefore = params.clone();
            this.adamBefore = l.adam().snapshot();
            this.perm = new int[buf.size()];
            mbObs = new double[batch * obsDim];
            mbRet = new double[batch];
            values = new double[batch];
            dValues = new double[batch];
            TrustRegionUpdate.Batch b = new TrustRegionUpdate.Batch(buf.obs, buf.actions, ro.oldLogProbs(),
                    ro.advantages(), buf.size());
            policy = natural ? policyStep.startNpg(params, b, l.metricsRng())
                    : policyStep.startTrpo(params, b, l.metricsRng());
        }

        @Override
        public boolean done() {
            return done;
        }

        @Override
        public String nextUnit() {
            return policy.done() ? CRITIC_STEP : policy.nextUnit();
        }

        @Override
        public void step() {
            if (done) {
                return;
            }
            if (!policy.done()) {
                policy.step();
                if (policy.done()) {
                    result = policy.result();
                    net.setParams(params);
                }
                return;
            }
            if (mb == 0) {
                l.shuffleRng().permutation(perm);
                if (probe != null) {
                    probe.criticPermutation(epoch, perm);
                }
            }
            for (int k = 0; k < batch; k++) {
                int i = perm[mb * batch + k];
                System.arraycopy(buf.obs, i * obsDim, mbObs, k * obsDim, obsDim);
                mbRet[k] = ro.returns()[i];
            }
            net.forwardValues(mbObs, batch, values);
            double vl = 0;
            for (int k = 0; k < batch; k++) {
                double d = values[k] - mbRet[k];
                vl += d * d;
                dValues[k] = 2 * d / batch;
            }
            vl /= batch;
            double[] g = net.backwardCritic(dValues);
            TrustRegionUpdate.keepCriticGradient(l.layout(), g);
            double norm = Double.isFinite(vl)
                    ? l.adam().step(params, g, lr, Double.POSITIVE_INFINITY, config.adamEpsilon()) : Double.NaN;
            if (!Double.isFinite(norm)) {
                LOG.warn("{} update: non-finite value loss {} or gradient norm {} at critic epoch {} minibatch {}; "
                        + "skipping the update and keeping the last good parameters", natural ? "NPG" : "TRPO", vl, norm,
                        epoch, mb);
                l.rollBack(paramsBefore, adamBefore);
                skipped = true;
                done = true;
                return;
            }
            net.setParams(params);
            if (probe != null) {
                probe.criticMinibatch(epoch, mb, vl, params.clone());
            }
            sumVl += vl;
            sumCriticNorm += norm;
            criticSteps++;
            if (++mb == nMb) {
                mb = 0;
                if (++epoch == epochs) {
                    done = true;
                }
            }
        }

        @Override
        public Map<String, Double> metrics() {
            Map<String, Double> m = new LinkedHashMap<>();
            boolean moved = result != null && result.stepAccepted() && !skipped;
            m.put(Metrics.APPROX_KL, moved ? result.kl() : 0.0);
            m.put(Metrics.KL_MAX, moved ? result.klMax() : 0.0);
            m.put(Metrics.TV_DISTANCE, moved ? result.tvDistance() : 0.0);
            m.put(Metrics.CLIP_FRACTION, Double.NaN);
            m.put(Metrics.POLICY_LOSS, result == null ? Double.NaN : -result.surrogateAfter());
            m.put(Metrics.VALUE_LOSS, criticSteps == 0 ? Double.NaN : sumVl / criticSteps);
            m.put(Metrics.EXPLAINED_VARIANCE, explainedVariance);
            m.put(Metrics.EPOCHS_RUN, (double) criticSteps / nMb);
            m.put(Metrics.EARLY_STOPPED, 0.0);
            m.put(Metrics.LEARNING_RATE, lr);
            m.put(Metrics.CLIP_RANGE, Double.NaN);
            m.put(Metrics.GRAD_NORM, result == null ? Double.NaN : result.gradientNorm());
            m.put(Metrics.CRITIC_GRAD_NORM, criticSteps == 0 ? Double.NaN : sumCriticNorm / criticSteps);
            m.put(Metrics.SKIPPED_NONFINITE, skipped ? 1.0 : 0.0);
            m.put(Metrics.LINE_SEARCH_STEPS, result == null ? 0.0 : result.lineSearchSteps());
            m.put(Metrics.STEP_ACCEPTED, moved ? 1.0 : 0.0);
            m.put(Metrics.STEP_SIZE, result == null || skipped ? 0.0 : result.stepSize());
            m.put(Metrics.CG_STEPS, result == null ? 0.0 : result.cgSteps());
            return m;
        }
    }
}
