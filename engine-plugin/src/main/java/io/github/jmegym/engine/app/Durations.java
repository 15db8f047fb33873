package io.github.jmegym.engine.app;

import java.util.Arrays;

/**
 * The last {@code capacity} durations of something that happens once per frame (frame times, the training work of
 * a frame), with order statistics. Not thread-safe: one thread adds; read it on that thread or after it stopped.
 */
public final class Durations {
    private final long[] ring;
    private long count;
    private long max;

    /** @param capacity how many of the latest samples to keep ({@code >= 1}) */
    public Durations(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("Durations: capacity=" + capacity + "; expected >= 1");
        }
        ring = new long[capacity];
    }

    /** Adds one duration in nanoseconds ({@code >= 0}). */
    public void add(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("Durations.add(" + nanos + "): expected >= 0 ns");
        }
        ring[(int) (count % ring.length)] = nanos;
        count++;
        max = Math.max(max, nanos);
    }

    /** Samples added in total. */
    public long count() {
        return count;
    }

    /** The largest duration ever added, milliseconds (0 before the first). */
    public double maxMillis() {
        return max / 1e6;
    }

    /**
     * The {@code q}-quantile of the kept samples (nearest rank), milliseconds; NaN when empty.
     *
     * @param q in [0, 1] (0.5 = median, 0.99 = p99)
     */
    public double quantileMillis(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("Durations.quantileMillis(" + q + "): expected 0 <= q <= 1");
        }
        long[] s = kept();
        if (s.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(s);
        int rank = (int) Math.ceil(q * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, rank))] / 1e6;
    }

    /** How many kept samples exceed {@code millis}. */
    public int countAbove(double millis) {
        int n = 0;
        for (long v : kept()) {
            if (v / 1e6 > millis) {
                n++;
            }
        }
        return n;
    }

    /** How many samples are kept (at most the capacity). */
    public int keptCount() {
        return (int) Math.min(count, ring.length);
    }

    private long[] kept() {
        return Arrays.copyOf(ring, (int) Math.min(count, ring.length));
    }

    /** {@code median 1.23 ms, p99 4.56 ms, max 7.89 ms (n=1000)}. */
    public String summary() {
        return String.format(java.util.Locale.ROOT, "median %.3f ms, p99 %.3f ms, max %.3f ms (n=%d)",
                quantileMillis(0.5), quantileMillis(0.99), maxMillis(), count);
    }
}
