package io.github.jmegym.envs.spaces;

import com.google.gson.JsonObject;
import io.github.jmegym.envs.NumpyRandom;

/** The integers {@code start, ..., start + n - 1}, as Gymnasium's {@code Discrete}. Elements are {@code Integer}. */
public final class Discrete implements Space<Integer> {
    private final int n;
    private final int start;
    private NumpyRandom rng = Spaces.unseededRandom();

    /**
     * @param n number of elements ({@code >= 1})
     * @param start the smallest element (default 0)
     */
    public Discrete(int n, int start) {
        if (n < 1) {
            throw new IllegalArgumentException("Discrete: n=" + n + "; expected n >= 1");
        }
        this.n = n;
        this.start = start;
    }

    /** {@code Discrete(n)} starting at 0. */
    public Discrete(int n) {
        this(n, 0);
    }

    /** Number of elements. */
    public int n() {
        return n;
    }

    /** The smallest element. */
    public int start() {
        return start;
    }

    @Override
    public String whyNotContained(Object x) {
        if (!(x instanceof Integer || x instanceof Long || x instanceof Short || x instanceof Byte)) {
            return "expected an integer in " + this + ", got " + Box.describe(x);
        }
        long v = ((Number) x).longValue();
        if (v < start || v >= (long) start + n) {
            return "action " + v + " not in " + this + " (expected " + start + ".." + (start + n - 1) + ")";
        }
        return null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Integer require(Object x, String where) {
        String why = whyNotContained(x);
        if (why != null) {
            throw new IllegalArgumentException(where + ": " + why);
        }
        return ((Number) x).intValue();
    }

    @Override
    public Integer sample() {
        return start + (int) rng.integers(n);
    }

    @Override
    public void seed(long seed) {
        rng = new NumpyRandom(seed);
    }

    @Override
    public int flatDim() {
        return n;
    }

    @Override
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("type", "Discrete");
        o.addProperty("n", n);
        o.addProperty("start", start);
        return o;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Discrete d && d.n == n && d.start == start;
    }

    @Override
    public int hashCode() {
        return n * 31 + start;
    }

    /** Gymnasium's repr: {@code Discrete(2)} or {@code Discrete(3, start=-1)}. */
    @Override
    public String toString() {
        return start == 0 ? "Discrete(" + n + ")" : "Discrete(" + n + ", start=" + start + ")";
    }
}
