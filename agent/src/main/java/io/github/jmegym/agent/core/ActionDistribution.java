package io.github.jmegym.agent.core;

import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.DictSpace;
import io.github.jmegym.envs.spaces.Discrete;
import io.github.jmegym.envs.spaces.MultiBinary;
import io.github.jmegym.envs.spaces.MultiDiscrete;
import io.github.jmegym.envs.spaces.Space;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The action distribution for an action space, as a product of independent parts: one categorical per
 * {@link Discrete}, per element of a {@link MultiDiscrete} or {@link MultiBinary}, and a diagonal Gaussian with
 * state-independent log-std per {@link Box} element (or, with gSDE, a state-dependent one the caller computes, see
 * {@link Sde}); a {@link DictSpace} concatenates its sub-spaces (hybrid actions).
 *
 * <p>The network's policy output holds, in order, the logits of every categorical then the Gaussian means
 * ({@link #outDim()} values). A flat action ({@link #actDim()} values) holds the 0-based category index of every
 * categorical then the raw (unclipped) Gaussian samples; {@link #toEnvAction} maps it to the env's element type,
 * clipping Box actions to their bounds. Log-probabilities and entropies are sums over the parts.
 */
public final class ActionDistribution {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final int[] catSizes;
    private final int[] catOffsets;
    private final int nGauss;
    private final int outDim;
    private final Part root;
    private final Space<?> space;

    private ActionDistribution(Space<?> space, Part root, List<Integer> cats, int nGauss) {
        this.space = space;
        this.root = root;
        this.catSizes = cats.stream().mapToInt(Integer::intValue).toArray();
        this.catOffsets = new int[catSizes.length];
        int o = 0;
        for (int i = 0; i < catSizes.length; i++) {
            catOffsets[i] = o;
            o += catSizes[i];
        }
        this.nGauss = nGauss;
        this.outDim = o + nGauss;
    }

    /**
     * The distribution for an action space.
     *
     * @param where the env or caller, for the error message
     * @throws IllegalArgumentException for spaces a policy cannot produce (naming the space and {@code where})
     */
    public static ActionDistribution forSpace(Space<?> space, String where) {
        List<Integer> cats = new ArrayList<>();
        int[] nGauss = {0};
        Part root = build(space, cats, nGauss, where);
        return new ActionDistribution(space, root, cats, nGauss[0]);
    }

    private static Part build(Space<?> s, List<Integer> cats, int[] nGauss, String where) {
        if (s instanceof Discrete d) {
            Part p = new Part(Kind.DISCRETE, cats.size(), 1, new int[] {d.start()}, null, null);
            cats.add(d.n());
            return p;
        }
        if (s instanceof MultiDiscrete m) {
            Part p = new Part(Kind.MULTI_DISCRETE, cats.size(), m.size(), m.start(), null, null);
            for (int n : m.nvec()) {
                cats.add(n);
            }
            return p;
        }
        if (s instanceof MultiBinary m) {
            Part p = new Part(Kind.MULTI_BINARY, cats.size(), m.size(), null, null, null);
            for (int i = 0; i < m.size(); i++) {
                cats.add(2);
            }
            return p;
        }
        if (s instanceof Box b) {
            if (b.size() == 0) {
                throw new IllegalArgumentException(where + ": action space " + b + " is empty; a policy needs at least one action");
            }
            Part p = new Part(Kind.BOX, nGauss[0], b.size(), null, b, null);
            nGauss[0] += b.size();
            return p;
        }
        if (s instanceof DictSpace d) {
            Map<String, Part> children = new LinkedHashMap<>();
            d.spaces().forEach((k, sub) -> children.put(k, build(sub, cats, nGauss, where + " action '" + k + "'")));
            return new Part(Kind.DICT, 0, 0, null, null, children);
        }
        throw new IllegalArgumentException(where + ": action space " + s + " is not supported by the PPO policy;"
                + " expected Discrete, MultiDiscrete, MultiBinary, Box or a Dict of these");
    }

    /** The action space this distribution is for. */
    public Space<?> space() {
        return space;
    }

    /** Number of policy-network outputs (all logits, then the Gaussian means). */
    public int outDim() {
        return outDim;
    }

    /** Number of values in a flat action (one index per categorical, then the Gaussian samples). */
    public int actDim() {
        return catSizes.length + nGauss;
    }

    /** Number of Gaussian dimensions (each has one log-std parameter). */
    public int nGauss() {
        return nGauss;
    }

    /** Number of categorical components. */
    public int nCategorical() {
        return catSizes.length;
    }

    /**
     * The number of categories of every categorical component, in output order (a copy): component {@code c}'s
     * logits are the policy outputs at the sum of the sizes before it. A {@link MultiBinary} element is a
     * two-category component.
     */
    public int[] categoricalSizes() {
        return catSizes.clone();
    }

    /**
     * Draws (or, when deterministic, takes the mode of) an action and returns its log-probability.
     *
     * @param out policy outputs at {@code oOff}
     * @param logStd log-std parameters at {@code lsOff} ({@link #nGauss()} values)
     * @param act receives the flat action at {@code aOff}
     */
    public double sample(double[] out, int oOff, double[] logStd, int lsOff, Rng rng, boolean deterministic,
                         double[] act, int aOff) {
        return sample(out, oOff, logStd, lsOff, rng, deterministic, null, 0, act, aOff);
    }

    /**
     * {@link #sample(double[], int, double[], int, Rng, boolean, double[], int)} with given Gaussian noise: each
     * Gaussian element is {@code mean + gaussNoise[nOff + g]} instead of {@code mean + exp(logStd) * N(0, 1)} (gSDE's
     * {@code phi(s) E}); the log-probability is still the diagonal Gaussian's with {@code logStd}.
     *
     * @param gaussNoise {@link #nGauss()} noise values at {@code nOff}, or null to draw them from {@code rng}
     */
    public double sample(double[] out, int oOff, double[] logStd, int lsOff, Rng rng, boolean deterministic,
                         double[] gaussNoise, int nOff, double[] act, int aOff) {
        for (int c = 0; c < catSizes.length; c++) {
            int base = oOff + catOffsets[c];
            int n = catSizes[c];
            int k;
            if (deterministic) {
                k = 0;
                for (int j = 1; j < n; j++) {
                    if (out[base + j] > out[base + k]) {
                        k = j;
                    }
                }
            } else {
                double max = max(out, base, n);
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    sum += Math.exp(out[base + j] - max);
                }
                double u = rng.nextDouble() * sum;
                k = n - 1;
                double acc = 0;
                for (int j = 0; j < n; j++) {
                    acc += Math.exp(out[base + j] - max);
                    if (u < acc) {
                        k = j;
                        break;
                    }
                }
            }
            act[aOff + c] = k;
        }
        int gOut = oOff + outDim - nGauss;
        int gAct = aOff + catSizes.length;
        for (int g = 0; g < nGauss; g++) {
            double mu = out[gOut + g];
            if (deterministic) {
                act[gAct + g] = mu;
            } else {
                act[gAct + g] = mu + (gaussNoise != null ? gaussNoise[nOff + g] : Math.exp(logStd[lsOff + g]) * rng.nextGaussian());
            }
        }
        return logProb(out, oOff, logStd, lsOff, act, aOff);
    }

    /** Log-probability of a flat action. */
    public double logProb(double[] out, int oOff, double[] logStd, int lsOff, double[] act, int aOff) {
        double lp = 0;
        for (int c = 0; c < catSizes.length; c++) {
            int base = oOff + catOffsets[c];
            int k = (int) act[aOff + c];
            lp += out[base + k] - logSumExp(out, base, catSizes[c]);
        }
        int gOut = oOff + outDim - nGauss;
        int gAct = aOff + catSizes.length;
        for (int g = 0; g < nGauss; g++) {
            lp += gaussLogProb(act[gAct + g], out[gOut + g], logStd[lsOff + g]);
        }
        return lp;
    }

    private static double gaussLogProb(double x, double mu, double s) {
        double z = (x - mu) * Math.exp(-s);
        return -0.5 * z * z - s - 0.5 * LOG_2PI;
    }

    /** Entropy of the distribution at these outputs. */
    public double entropy(double[] out, int oOff, double[] logStd, int lsOff) {
        Evaluation e = newEvaluation();
        evaluate(out, oOff, logStd, lsOff, null, 0, e);
        return e.entropy;
    }

    /**
     * What {@link #evaluate} computes for one sample and {@link #backward} reuses: the log-softmax and softmax of
     * every categorical, each categorical's entropy, the log-probability and the entropy. One per thread (the
     * update's loss owns one); reused from sample to sample.
     */
    public static final class Evaluation {
        private final double[] logp;
        private final double[] p;
        private final double[] catEntropy;
        private double logProb;
        private double entropy;

        private Evaluation(int nLogits, int nCat) {
            logp = new double[nLogits];
            p = new double[nLogits];
            catEntropy = new double[nCat];
        }

        /** Log-probability of the evaluated action. */
        public double logProb() {
            return logProb;
        }

        /** Entropy of the evaluated distribution. */
        public double entropy() {
            return entropy;
        }
    }

    /** A reusable {@link Evaluation} for this distribution. */
    public Evaluation newEvaluation() {
        return new Evaluation(outDim - nGauss, catSizes.length);
    }

    /**
     * Log-probability of a flat action and entropy at these outputs, into {@code e}, keeping the softmax values for
     * {@link #backward}: one {@code exp} per logit and one {@code log} per categorical, where {@link #logProb},
     * {@link #entropy} and a separate backward pass would each recompute them. Gives bit for bit what
     * {@link #logProb} and {@link #entropy} give.
     *
     * @param act the flat action at {@code aOff}, or null for the entropy alone
     */
    public void evaluate(double[] out, int oOff, double[] logStd, int lsOff, double[] act, int aOff, Evaluation e) {
        double lp = 0;
        double h = 0;
        for (int c = 0; c < catSizes.length; c++) {
            int base = oOff + catOffsets[c];
            int n = catSizes[c];
            int at = catOffsets[c];
            double lse = logSumExp(out, base, n);
            double hc = 0;
            for (int j = 0; j < n; j++) {
                double logp = out[base + j] - lse;
                double p = Math.exp(logp);
                e.logp[at + j] = logp;
                e.p[at + j] = p;
                h -= p * logp;
                hc -= p * logp;
            }
            e.catEntropy[c] = hc;
            if (act != null) {
                lp += out[base + (int) act[aOff + c]] - lse;
            }
        }
        int gOut = oOff + outDim - nGauss;
        int gAct = aOff + catSizes.length;
        for (int g = 0; g < nGauss; g++) {
            double s = logStd[lsOff + g];
            if (act != null) {
                lp += gaussLogProb(act[gAct + g], out[gOut + g], s);
            }
            h += s + 0.5 + 0.5 * LOG_2PI;
        }
        e.logProb = act == null ? Double.NaN : lp;
        e.entropy = h;
    }

    /**
     * Adds {@code gLogp * d logProb / d outputs + gEnt * d entropy / d outputs} to {@code dOut} (at {@code dOff})
     * and the same for the log-std parameters to {@code dLogStd} (at {@code dlsOff}), for the sample {@code e} was
     * last {@link #evaluate evaluated} on (same outputs, log-stds and action).
     */
    public void backward(Evaluation e, double[] out, int oOff, double[] logStd, int lsOff, double[] act, int aOff,
                         double gLogp, double gEnt, double[] dOut, int dOff, double[] dLogStd, int dlsOff) {
        for (int c = 0; c < catSizes.length; c++) {
            int dBase = dOff + catOffsets[c];
            int at = catOffsets[c];
            int n = catSizes[c];
            int k = (int) act[aOff + c];
            double h = e.catEntropy[c];
            for (int j = 0; j < n; j++) {
                double logp = e.logp[at + j];
                double p = e.p[at + j];
                double dlp = (j == k ? 1.0 : 0.0) - p;
                double dh = -p * (logp + h);
                dOut[dBase + j] += gLogp * dlp + gEnt * dh;
            }
        }
        int gOut = oOff + outDim - nGauss;
        int gd = dOff + outDim - nGauss;
        int gAct = aOff + catSizes.length;
        for (int g = 0; g < nGauss; g++) {
            double s = logStd[lsOff + g];
            double inv = Math.exp(-s);
            double diff = act[gAct + g] - out[gOut + g];
            double z = diff * inv;
            dOut[gd + g] += gLogp * diff * inv * inv;
            dLogStd[dlsOff + g] += gLogp * (z * z - 1.0) + gEnt;
        }
    }

    /** The env action for a flat action: Integer, int[], clipped double[], or an ordered Map for Dict spaces. */
    public Object toEnvAction(double[] act, int aOff) {
        return root.toEnv(act, aOff, catSizes.length);
    }

    private static double max(double[] a, int off, int n) {
        double m = a[off];
        for (int j = 1; j < n; j++) {
            m = Math.max(m, a[off + j]);
        }
        return m;
    }

    /** Numerically stable {@code log(sum(exp(a[off .. off+n-1])))}. */
    public static double logSumExp(double[] a, int off, int n) {
        double m = max(a, off, n);
        double s = 0;
        for (int j = 0; j < n; j++) {
            s += Math.exp(a[off + j] - m);
        }
        return m + Math.log(s);
    }

    private enum Kind { DISCRETE, MULTI_DISCRETE, MULTI_BINARY, BOX, DICT }

    private record Part(Kind kind, int index, int count, int[] start, Box box, Map<String, Part> children) {
        Object toEnv(double[] act, int aOff, int nCat) {
            switch (kind) {
                case DISCRETE:
                    return start[0] + (int) act[aOff + index];
                case MULTI_DISCRETE: {
                    int[] v = new int[count];
                    for (int i = 0; i < count; i++) {
                        v[i] = start[i] + (int) act[aOff + index + i];
                    }
                    return v;
                }
                case MULTI_BINARY: {
                    int[] v = new int[count];
                    for (int i = 0; i < count; i++) {
                        v[i] = (int) act[aOff + index + i];
                    }
                    return v;
                }
                case BOX: {
                    double[] v = new double[count];
                    for (int i = 0; i < count; i++) {
                        double x = act[aOff + nCat + index + i];
                        double lo = box.low(i);
                        double hi = box.high(i);
                        v[i] = box.dtype().round(Math.min(Math.max(x, lo), hi));
                        v[i] = Math.min(Math.max(v[i], lo), hi);
                    }
                    return v;
                }
                default: {
                    Map<String, Object> m = new LinkedHashMap<>();
                    children.forEach((k, p) -> m.put(k, p.toEnv(act, aOff, nCat)));
                    return m;
                }
            }
        }
    }

    /**
     * An env action in the flat layout of {@link #toEnvAction} and the ONNX {@code action}: every categorical index (Discrete, MultiDiscrete and
     * MultiBinary elements, with their start) depth first, then every Box element.
     */
    public static double[] flatAction(Space<?> space, Object action) {
        List<Double> cats = new ArrayList<>();
        List<Double> gauss = new ArrayList<>();
        flatten(space, action, cats, gauss);
        cats.addAll(gauss);
        return cats.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void flatten(Space<?> space, Object a, List<Double> cats, List<Double> gauss) {
        if (space instanceof DictSpace d) {
            Map<?, ?> m = (Map<?, ?>) a;
            d.spaces().forEach((k, sub) -> flatten(sub, m.get(k), cats, gauss));
        } else if (a instanceof Integer i) {
            cats.add((double) i);
        } else if (a instanceof int[] v) {
            for (int i : v) {
                cats.add((double) i);
            }
        } else if (a instanceof double[] v) {
            for (double x : v) {
                gauss.add(x);
            }
        } else {
            throw new IllegalArgumentException("action " + a + " of " + space + " has no flat form");
        }
    }
}
