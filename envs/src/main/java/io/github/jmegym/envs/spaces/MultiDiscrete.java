package io.github.jmegym.envs.spaces;

import com.google.gson.JsonObject;
import io.github.jmegym.envs.Json;
import io.github.jmegym.envs.NumpyRandom;
import java.util.Arrays;

/**
 * Several independent discrete choices, as Gymnasium's {@code MultiDiscrete} (flat {@code nvec}); element
 * {@code i} lies in {@code start[i] .. start[i] + nvec[i] - 1}. Elements are {@code int[]}.
 */
public final class MultiDiscrete implements Space<int[]> {
    private final int[] nvec;
    private final int[] start;
    private NumpyRandom rng = Spaces.unseededRandom();

    /**
     * @param nvec number of choices per element (each {@code >= 1})
     * @param start smallest value per element (same length as {@code nvec})
     */
    public MultiDiscrete(int[] nvec, int[] start) {
        if (nvec == null || nvec.length == 0) {
            throw new IllegalArgumentException("MultiDiscrete: nvec is empty; expected at least one element");
        }
        if (start == null || start.length != nvec.length) {
            throw new IllegalArgumentException("MultiDiscrete: start " + Arrays.toString(start)
                    + " must have the length of nvec " + Arrays.toString(nvec));
        }
        for (int i = 0; i < nvec.length; i++) {
            if (nvec[i] < 1) {
                throw new IllegalArgumentException("MultiDiscrete: nvec[" + i + "]=" + nvec[i] + "; expected >= 1");
            }
        }
        this.nvec = nvec.clone();
        this.start = start.clone();
    }

    /** {@code MultiDiscrete(nvec)} starting at 0. */
    public MultiDiscrete(int... nvec) {
        this(nvec, new int[nvec == null ? 0 : nvec.length]);
    }

    /** Choices per element (a copy). */
    public int[] nvec() {
        return nvec.clone();
    }

    /** Smallest value per element (a copy). */
    public int[] start() {
        return start.clone();
    }

    /** Number of elements. */
    public int size() {
        return nvec.length;
    }

    @Override
    public String whyNotContained(Object x) {
        if (!(x instanceof int[] a)) {
            return "expected an int[] of length " + nvec.length + " for " + this + ", got " + Box.describe(x);
        }
        if (a.length != nvec.length) {
            return "expected " + nvec.length + " values for " + this + ", got " + a.length + " " + Arrays.toString(a);
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] < start[i] || a[i] >= start[i] + nvec[i]) {
                return "value [" + i + "]=" + a[i] + " not in " + start[i] + ".." + (start[i] + nvec[i] - 1) + " of " + this;
            }
        }
        return null;
    }

    @Override
    public int[] sample() {
        int[] out = new int[nvec.length];
        double[] u = new double[out.length];
        for (int i = 0; i < out.length; i++) {
            u[i] = rng.nextDouble();
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = start[i] + (int) (u[i] * nvec[i]);
        }
        return out;
    }

    @Override
    public void seed(long seed) {
        rng = new NumpyRandom(seed);
    }

    @Override
    public int flatDim() {
        return Arrays.stream(nvec).sum();
    }

    @Override
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("type", "MultiDiscrete");
        o.add("nvec", Json.array(nvec));
        o.add("start", Json.array(start));
        return o;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MultiDiscrete m && Arrays.equals(m.nvec, nvec) && Arrays.equals(m.start, start);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(nvec) * 31 + Arrays.hashCode(start);
    }

    /** Gymnasium's repr: {@code MultiDiscrete([3 2])}. */
    @Override
    public String toString() {
        String s = "MultiDiscrete(" + Arrays.toString(nvec).replace(",", "");
        return Arrays.stream(start).allMatch(v -> v == 0) ? s + ")" : s + ", start=" + Arrays.toString(start).replace(",", "") + ")";
    }
}
