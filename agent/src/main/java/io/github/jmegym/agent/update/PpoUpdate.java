package io.github.jmegym.agent.update;

import io.github.jmegym.agent.KlMode;
import io.github.jmegym.agent.Metrics;
import io.github.jmegym.agent.PpoConfig;
import io.github.jmegym.agent.core.Adam;
import io.github.jmegym.agent.core.NetLayout;
import io.github.jmegym.agent.core.PpoLoss;
import io.github.jmegym.agent.core.RolloutBuffer;
import io.github.jmegym.agent.core.Sde;
import io.github.jmegym.agent.nd4j.Nd4jActorCritic;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PPO over minibatches (Schulman et al. 2017, as SB3's {@code PPO.train}): {@code epochs} shuffled passes, the loss of
 * {@link PpoLoss}, global gradient-norm clipping and an Adam step per minibatch. Two algorithms:
 * <ul>
 *   <li>{@link #clip}: PPO-clip, with {@link PpoConfig#klMode()} as its KL control (SB3's minibatch early stop,
 *       CleanRL's epoch early stop, or the clipped surrogate plus the adaptive penalty);</li>
 *   <li>{@link #klPenalty}: PPO-KL, the unclipped surrogate minus {@code beta * KL}, beta doubled after an update
 *       whose mean approximate KL exceeded {@code 1.5 * targetKl} and halved below {@code targetKl / 1.5}.</li>
 * </ul>
 * A non-finite loss or gradient abandons the update and restores the parameters and the optimizer bit for bit.
 */
public final class PpoUpdate implements UpdateRule {
    private static final Logger LOG = LoggerFactory.getLogger(PpoUpdate.class);
    /** The checkpoint key of beta. */
    public static final String KL_BETA_STATE = "kl_beta";

    private final Learner l;
    private final KlMode klMode;
    private final boolean clipped;
    private final PpoLoss loss;
    private double klBeta;
    private Probe probe = Probe.NONE;

    /**
     * What an update reports as it runs, for tools that compare it with another implementation step by step
     * ({@code agent.crosscheck}); the trainer leaves it at {@link #NONE}. Callbacks run on the updating thread.
     */
    public interface Probe {
        /** Reports nothing. */
        Probe NONE = new Probe() {
        };

        /**
         * The minibatch permutation of an epoch, just drawn from the learner's shuffle stream; a probe may overwrite
         * it in place (with another permutation of {@code 0 .. n-1}) to hand in the reference's.
         */
        default void permutation(int epoch, int[] perm) {
        }

        /**
         * One evaluated minibatch: the advantages as the loss used them (normalized when configured), the loss's
         * result, the per-sample ratios, the gradient norm before clipping (NaN when no optimizer step ran) and
         * whether the KL rule stopped the update at it (before its optimizer step).
         */
        default void minibatch(int epoch, int minibatch, double[] advantages, PpoLoss.Result result, double[] ratios,
                               double gradNorm, boolean stopped) {
        }

        /** The parameters after a completed epoch, and whether the KL rule stops the update after it. */
        default void epochEnd(int epoch, double[] params, boolean stopped) {
        }
    }

    private PpoUpdate(Learner learner, KlMode klMode, boolean clipped) {
        this.l = learner;
        this.klMode = klMode;
        this.clipped = clipped;
        this.loss = new PpoLoss(learner.dist());
        this.klBeta = learner.config().klBetaInit();
    }

    /** PPO-clip with the config's KL mode. */
    public static PpoUpdate clip(Learner learner) {
        return new PpoUpdate(learner, learner.config().klMode(), true);
    }

    /** PPO-KL: no ratio clipping, the adaptive KL penalty steering to {@code targetKl}. */
    public static PpoUpdate klPenalty(Learner learner) {
        return new PpoUpdate(learner, KlMode.ADAPTIVE_PENALTY, false);
    }

    /** Sets the probe of the updates started from now on ({@link Probe#NONE} to stop reporting). */
    public void probe(Probe p) {
        this.probe = p == null ? Probe.NONE : p;
        loss.keepRatios(p != null && p != Probe.NONE);
    }

    /** The KL-penalty coefficient the next update uses. */
    public double klBeta() {
        return klBeta;
    }

    @Override
    public Map<String, Double> state() {
        return Map.of(KL_BETA_STATE, klBeta);
    }

    @Override
    public void restore(String key, double value) {
        if (key.equals(KL_BETA_STATE)) {
            klBeta = value;
        }
    }

    @Override
    public Update start(Rollout rollout) {
        return new Job(rollout);
    }

    private final class Job implements Update {
        private final PpoConfig config = l.config();
        private final NetLayout layout = l.layout();
        private final Nd4jActorCritic net = l.net();
        private final Sde sde = l.sde();
        private final double[] params = l.params();
        private final int obsDim = layout.obsDim();
        private final int actDim = l.dist().actDim();
        private final Rollout ro;
        private final RolloutBuffer buf;
        private final int batch = config.batchSize();
        private final int nMb = config.minibatchesPerEpoch();
        private final int[] perm;
        /** The advantages minibatches draw from: the rollout's, or normalized over the whole rollout once. */
        private final double[] adv;
        private final double lr;
        private final double clip;
        private final double explainedVariance;
        private final double[] paramsBefore;
        private final Adam.Snapshot adamBefore;
        private final double[] mbObs;
        private final double[] mbAct;
        private final double[] mbOldLogp;
        private final double[] mbAdv;
        private final double[] mbRet;
        private final double[] mbOldV;
        private final double[] out;
        private final double[] values;
        private final double[] dOut;
        private final double[] dValues;
        private final double[] dLogStd;
        // gSDE (null without): latent features of the minibatch under the current parameters, their log-stds
        private final double[] mbPhi;
        private final double[] mbLogStd;
        private int epoch;
        private int mb;
        private boolean done;
        private boolean earlyStopped;
        private boolean skipped;
        private boolean betaAdapted;
        private int steps;
        private double sumPg;
        private double sumVl;
        private double sumEnt;
        private double sumKl;
        private double sumClip;
        private double sumEss;
        private double sumGradNorm;
        private int evaluated;

        Job(Rollout ro) {
            this.ro = ro;
            this.buf = ro.buffer();
            this.perm = new int[buf.size()];
            this.adv = config.normalizeAdvantage() && config.normalizeAdvantageOverBatch() && buf.size() > 1
                    ? normalizedCopy(ro.advantages()) : ro.advantages();
            double progressRemaining = ro.progressRemaining();
            this.lr = config.annealLearningRate() ? config.learningRate() * progressRemaining : config.learningRate();
            this.clip = !clipped ? Double.POSITIVE_INFINITY
                    : config.annealClipRange() ? config.clipRange() * progressRemaining : config.clipRange();
            this.explainedVariance = Stats.explainedVariance(ro.values(), ro.returns());
            this.paramsBefore = params.clone();
            this.adamBefore = l.adam().snapshot();
            mbObs = new double[batch * obsDim];
            mbAct = new double[batch * actDim];
            mbOldLogp = new double[batch];
            mbAdv = new double[batch];
            mbRet = new double[batch];
            mbOldV = new double[batch];
            out = new double[batch * layout.outDim()];
            values = new double[batch];
            dOut = new double[batch * layout.outDim()];
            dValues = new double[batch];
            dLogStd = new double[Math.max(1, sde == null ? layout.nLogStd() : batch * sde.nGauss())];
            mbPhi = sde == null ? null : new double[batch * sde.latentDim()];
            mbLogStd = sde == null ? null : new double[batch * sde.nGauss()];
        }

        @Override
        public boolean done() {
            return done;
        }

        /** One minibatch (a no-op once done); the step that finishes the update adapts beta for the next one. */
        @Override
        public void step() {
            if (done) {
                return;
            }
            minibatch();
            if (done) {
                adaptBeta();
            }
        }

        /**
         * ADAPTIVE_PENALTY: doubles or halves beta from this update's mean KL, once, when the update has finished (not
         * on reading {@link #metrics()}, which is side-effect free).
         */
        private void adaptBeta() {
            double n = Math.max(1, evaluated);
            if (!skipped && klMode == KlMode.ADAPTIVE_PENALTY && evaluated > 0 && !betaAdapted) {
                double kl = sumKl / n;
                if (kl > 1.5 * config.targetKl()) {
                    klBeta *= 2;
                } else if (kl < config.targetKl() / 1.5) {
                    klBeta /= 2;
                }
            }
            betaAdapted = true;
        }

        private void minibatch() {
            if (epoch == 0 && mb == 0) {
                net.setParams(params);
            }
            if (mb == 0) {
                l.shuffleRng().permutation(perm);
                probe.permutation(epoch, perm);
            }
            gather(mb * batch);
            net.forward(mbObs, batch, out, values);
            if (config.normalizeAdvantage() && !config.normalizeAdvantageOverBatch() && batch > 1) {
                Stats.normalize(mbAdv);
            }
            double beta = klMode == KlMode.ADAPTIVE_PENALTY ? klBeta : 0.0;
            PpoLoss.Result r;
            if (sde == null) {
                r = loss.compute(batch, out, values, params, layout.logStdOffset(), mbAct, mbOldLogp, mbAdv, mbRet,
                        mbOldV, clip, config.clipRangeVf(), config.entCoef(), config.vfCoef(), beta, dOut, dValues, dLogStd);
            } else {
                net.latent(mbPhi);
                sde.logStd(params, layout.logStdOffset(), mbPhi, batch, mbLogStd);
                r = loss.compute(batch, out, values, mbLogStd, 0, sde.nGauss(), mbAct, mbOldLogp, mbAdv, mbRet, mbOldV,
                        clip, config.clipRangeVf(), config.entCoef(), config.vfCoef(), beta, dOut, dValues, dLogStd);
            }
            Double target = config.targetKl();
            if (target != null && klMode == KlMode.EARLY_STOP_MINIBATCH && r.approxKl > 1.5 * target) {
                earlyStopped = true;
                done = true;
                LOG.debug("early stop at epoch {} minibatch {}, approx KL {} > 1.5 * {}", epoch, mb, r.approxKl, target);
                probe.minibatch(epoch, mb, mbAdv, r, loss.ratios(), Double.NaN, true);
                accumulate(r, Double.NaN);
                return;
            }
            double gradNorm = Double.NaN;
            if (Double.isFinite(r.loss)) {
                double[] g = net.backward(dOut, dValues);
                int ls = layout.logStdOffset();
                if (sde == null) {
                    for (int i = 0; i < layout.nLogStd(); i++) {
                        g[ls + i] = dLogStd[i];
                    }
                } else {
                    sde.backward(params, ls, mbPhi, batch, mbLogStd, dLogStd, g, ls);
                }
                gradNorm = l.adam().step(params, g, lr, config.maxGradNorm(), config.adamEpsilon());
            }
            if (!Double.isFinite(r.loss) || !Double.isFinite(gradNorm)) {
                LOG.warn("PPO update: non-finite loss {} or gradient norm {} at epoch {} minibatch {}; skipping the "
                        + "update and keeping the last good parameters", r.loss, gradNorm, epoch, mb);
                l.rollBack(paramsBefore, adamBefore);
                skipped = true;
                done = true;
                return;
            }
            net.setParams(params);
            steps++;
            probe.minibatch(epoch, mb, mbAdv, r, loss.ratios(), gradNorm, false);
            accumulate(r, gradNorm);
            mb++;
            if (mb == nMb) {
                mb = 0;
                epoch++;
                if (target != null && klMode == KlMode.EARLY_STOP_EPOCH && r.approxKl > target) {
                    earlyStopped = true;
                    done = true;
                }
                probe.epochEnd(epoch - 1, params, earlyStopped);
                if (epoch == config.epochs()) {
                    done = true;
                }
            }
        }

        private void accumulate(PpoLoss.Result r, double gradNorm) {
            evaluated++;
            sumPg += r.policyLoss;
            sumVl += r.valueLoss;
            sumEnt += r.entropy;
            sumKl += r.approxKl;
            sumClip += r.clipFraction;
            sumEss += r.ess;
            if (Double.isFinite(gradNorm)) {
                sumGradNorm += gradNorm;
            }
        }

        private static double[] normalizedCopy(double[] a) {
            double[] c = a.clone();
            Stats.normalize(c);
            return c;
        }

        private void gather(int start) {
            for (int k = 0; k < batch; k++) {
                int i = perm[start + k];
                System.arraycopy(buf.obs, i * obsDim, mbObs, k * obsDim, obsDim);
                System.arraycopy(buf.actions, i * actDim, mbAct, k * actDim, actDim);
                mbOldLogp[k] = ro.oldLogProbs()[i];
                mbAdv[k] = adv[i];
                mbRet[k] = ro.returns()[i];
                mbOldV[k] = ro.values()[i];
            }
        }

        /** The metrics (beta as adapted at the end of the update). */
        @Override
        public Map<String, Double> metrics() {
            double n = Math.max(1, evaluated);
            Map<String, Double> m = new LinkedHashMap<>();
            m.put(Metrics.APPROX_KL, sumKl / n);
            m.put(Metrics.CLIP_FRACTION, sumClip / n);
            m.put(Metrics.ESS, sumEss / n);
            m.put(Metrics.ENTROPY, sumEnt / n);
            m.put(Metrics.POLICY_LOSS, sumPg / n);
            m.put(Metrics.VALUE_LOSS, sumVl / n);
            m.put(Metrics.EXPLAINED_VARIANCE, explainedVariance);
            m.put(Metrics.EPOCHS_RUN, (double) steps / nMb);
            m.put(Metrics.EARLY_STOPPED, earlyStopped ? 1.0 : 0.0);
            m.put(Metrics.LEARNING_RATE, lr);
            m.put(Metrics.CLIP_RANGE, clipped ? clip : Double.NaN);
            m.put(Metrics.GRAD_NORM, steps == 0 ? Double.NaN : sumGradNorm / steps);
            m.put(Metrics.SKIPPED_NONFINITE, skipped ? 1.0 : 0.0);
            if (klMode == KlMode.ADAPTIVE_PENALTY) {
                m.put(Metrics.KL_BETA, klBeta);
            }
            return m;
        }
    }
}
