package io.github.jmegym.agent.trpo;

/**
 * The backtracking line search of TRPO: tries {@code theta_old + maxStep shrink^k d} for {@code k = 0 .. maxIter - 1}
 * and keeps the first candidate the acceptance test passes; when none passes the parameters are restored to
 * {@code theta_old} bit for bit (a copy taken before the first candidate, as sb3-contrib's
 * {@code original_actor_params}). An instance is one search run a candidate at a time ({@link #step()}: exactly one
 * acceptance test), so that a caller can spread it over time slices; {@link #search} runs one to the end.
 */
public final class BacktrackingLineSearch {
    private final double[] params;
    private final double[] direction;
    private final double shrink;
    private final int maxIter;
    private final Acceptance acceptance;
    private final double[] old;
    private double step;
    private int tried;
    private Outcome outcome;

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
     * A search along {@code direction} from {@code params} (copied now as {@code theta_old}), before its first
     * candidate; its steps move {@code params} in place.
     *
     * @param maxStep the first candidate's multiple of {@code direction}
     * @param shrink the factor each rejection multiplies the step by, in (0, 1)
     * @param maxIter most candidates (>= 1)
     */
    public BacktrackingLineSearch(double[] params, double[] direction, double maxStep, double shrink, int maxIter,
                                  Acceptance acceptance) {
        if (!(shrink > 0 && shrink < 1) || maxIter < 1) {
            throw new IllegalArgumentException("BacktrackingLineSearch: shrink=" + shrink + ", maxIter=" + maxIter
                    + "; expected shrink in (0, 1) and maxIter >= 1");
        }
        this.params = params;
        this.direction = direction;
        this.shrink = shrink;
        this.maxIter = maxIter;
        this.acceptance = acceptance;
        this.old = params.clone();
        this.step = maxStep;
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
        BacktrackingLineSearch s = new BacktrackingLineSearch(params, direction, maxStep, shrink, maxIter, acceptance);
        while (!s.done()) {
            s.step();
        }
        return s.outcome();
    }

    /** Whether a candidate has passed or all {@code maxIter} have been rejected. */
    public boolean done() {
        return outcome != null;
    }

    /**
     * Moves the parameters to the next candidate and tests it; after the last rejection, restores the old ones.
     *
     * @throws IllegalStateException once {@link #done()}
     */
    public void step() {
        if (done()) {
            throw new IllegalStateException("BacktrackingLineSearch.step: the search has ended after " + tried
                    + " candidates; read outcome() instead");
        }
        tried++;
        for (int i = 0; i < params.length; i++) {
            params[i] = old[i] + step * direction[i];
        }
        if (acceptance.accept(params)) {
            outcome = new Outcome(true, tried, step);
            return;
        }
        step *= shrink;
        if (tried == maxIter) {
            System.arraycopy(old, 0, params, 0, params.length);
            outcome = new Outcome(false, maxIter, 0.0);
        }
    }

    /**
     * What the search did.
     *
     * @throws IllegalStateException before it has ended
     */
    public Outcome outcome() {
        if (!done()) {
            throw new IllegalStateException("BacktrackingLineSearch.outcome: " + tried + " of at most " + maxIter
                    + " candidates tried and none accepted yet; step() until done()");
        }
        return outcome;
    }
}
