package io.github.jmegym.agent.trpo;

/**
 * The backtracking line search of TRPO: tries {@code theta_old + maxStep shrink^k d} for {@code k = 0 .. maxIter - 1}
 * and keeps the first candidate the acceptance test passes; when none passes the parameters are restored to
 * {@code theta_old} bit for bit (a copy taken before the first candidate, as sb3-contrib's
 * {@code original_actor_params}).
 */
public final class BacktrackingLineSearch {
    private BacktrackingLineSearch() {
    }

    /** Decides on a candidate, given the parameters it is at. */
    @FunctionalInterface
    public interface Acceptance {
        /** Whether to keep {@code candidate} (which must not be changed). */
        boolean accept(double[] candidate);
    }

    /**
     * What the search did.
     *
     * @param accepted whether a candidate passed
     * @param candidates how many were tried (1 .. maxIter)
     * @param step the multiple of the direction taken ({@code maxStep shrink^k}), 0 when none passed
     */
    public record Outcome(boolean accepted, int candidates, double step) {
    }

    /**
     * Searches along {@code direction} from {@code params}, moving {@code params} in place.
     *
     * @param maxStep the first candidate's multiple of {@code direction}
     * @param shrink the factor each rejection multiplies the step by, in (0, 1)
     * @param maxIter most candidates (>= 1)
     */
    public static Outcome search(double[] params, double[] direction, double maxStep, double shrink, int maxIter,
                                 Acceptance acceptance) {
        if (!(shrink > 0 && shrink < 1) || maxIter < 1) {
            throw new IllegalArgumentException("BacktrackingLineSearch: shrink=" + shrink + ", maxIter=" + maxIter
                    + "; expected shrink in (0, 1) and maxIter >= 1");
        }
        double[] old = params.clone();
        double step = maxStep;
        for (int k = 1; k <= maxIter; k++) {
            for (int i = 0; i < params.length; i++) {
                params[i] = old[i] + step * direction[i];
            }
            if (acceptance.accept(params)) {
                return new Outcome(true, k, step);
            }
            step *= shrink;
        }
        System.arraycopy(old, 0, params, 0, params.length);
        return new Outcome(false, maxIter, 0.0);
    }
}
