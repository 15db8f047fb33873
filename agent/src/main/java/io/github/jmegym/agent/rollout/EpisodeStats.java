package io.github.jmegym.agent.rollout;

import java.util.ArrayDeque;
import java.util.Iterator;

/** The raw returns and lengths of the last {@value #WINDOW} finished episodes, and how many finished in all. */
public final class EpisodeStats {
    /** Finished episodes kept for the means. */
    public static final int WINDOW = 100;

    private final ArrayDeque<double[]> window = new ArrayDeque<>();
    private long finished;

    /** Records one finished episode. */
    public void add(double episodeReturn, int length) {
        window.addLast(new double[] {episodeReturn, length});
        if (window.size() > WINDOW) {
            window.removeFirst();
        }
        finished++;
    }

    /** Episodes finished so far. */
    public long finished() {
        return finished;
    }

    /** Mean return of the last {@code k} finished episodes (at most {@value #WINDOW}), NaN before the first. */
    public double meanReturn(int k) {
        return meanOfLast(k, 0);
    }

    /** Mean length of the last {@code k} finished episodes (at most {@value #WINDOW}), NaN before the first. */
    public double meanLength(int k) {
        return meanOfLast(k, 1);
    }

    private double meanOfLast(int k, int field) {
        if (window.isEmpty()) {
            return Double.NaN;
        }
        double s = 0;
        int n = 0;
        Iterator<double[]> it = window.descendingIterator();
        while (it.hasNext() && n < k) {
            s += it.next()[field];
            n++;
        }
        return s / n;
    }

    /** The returns in the window, oldest first. */
    public double[] returns() {
        return window.stream().mapToDouble(e -> e[0]).toArray();
    }

    /** The lengths in the window, oldest first. */
    public double[] lengths() {
        return window.stream().mapToDouble(e -> e[1]).toArray();
    }

    /**
     * Replaces the statistics with saved ones.
     *
     * @param returns the window's returns, oldest first
     * @param lengths their lengths (as many)
     * @param finished episodes finished in all
     */
    public void restore(double[] returns, double[] lengths, long finished) {
        if (returns.length != lengths.length) {
            throw new IllegalArgumentException("EpisodeStats.restore: " + returns.length + " returns but "
                    + lengths.length + " lengths; expected as many");
        }
        window.clear();
        for (int i = 0; i < returns.length; i++) {
            window.addLast(new double[] {returns[i], lengths[i]});
        }
        this.finished = finished;
    }
}
