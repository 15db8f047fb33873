package io.github.jmegym.envs.spaces;

import com.google.gson.JsonObject;
import io.github.jmegym.envs.Json;
import io.github.jmegym.envs.NumpyRandom;
import java.util.Arrays;

/** Binary vectors, as Gymnasium's {@code MultiBinary}. Elements are flat {@code int[]} of 0s and 1s. */
public final class MultiBinary implements Space<int[]> {
    private final int[] shape;
    private final int size;
    private NumpyRandom rng = Spaces.unseededRandom();

    /** @param shape the shape (each dimension {@code >= 1}); {@code MultiBinary(n)} is shape {@code (n,)} */
    public MultiBinary(int... shape) {
        if (shape == null || shape.length == 0) {
            throw new IllegalArgumentException("MultiBinary: shape is empty; expected e.g. MultiBinary(4)");
        }
        int n = 1;
        for (int d : shape) {
            if (d < 1) {
                throw new IllegalArgumentException("MultiBinary: shape " + Arrays.toString(shape) + "; expected dimensions >= 1");
            }
            n *= d;
        }
        this.shape = shape.clone();
        this.size = n;
    }

    /** The shape (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** Number of bits. */
    public int size() {
        return size;
    }

    @Override
    public String whyNotContained(Object x) {
        if (!(x instanceof int[] a)) {
            return "expected an int[] of " + size + " bits for " + this + ", got " + Box.describe(x);
        }
        if (a.length != size) {
            return "expected " + size + " bits for " + this + ", got " + a.length + " " + Arrays.toString(a);
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] != 0 && a[i] != 1) {
                return "value [" + i + "]=" + a[i] + " is not 0 or 1 in " + this;
            }
        }
        return null;
    }

    @Override
    public int[] sample() {
        int[] out = new int[size];
        // NumPy's integers(0, 2, dtype=int8): one byte of a buffered 32-bit draw per bit, Lemire's method on 8 bits
        long buf = 0;
        int bytesLeft = 0;
        for (int i = 0; i < size; i++) {
            if (bytesLeft == 0) {
                buf = rng.nextUint32();
                bytesLeft = 3;
            } else {
                buf >>>= 8;
                bytesLeft--;
            }
            out[i] = (int) ((buf & 0xFF) * 2) >> 8;
        }
        return out;
    }

    @Override
    public void seed(long seed) {
        rng = new NumpyRandom(seed);
    }

    @Override
    public int flatDim() {
        return size;
    }

    @Override
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("type", "MultiBinary");
        o.add("shape", Json.array(shape));
        return o;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MultiBinary m && Arrays.equals(m.shape, shape);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shape);
    }

    /** Gymnasium's repr: {@code MultiBinary(4)} or {@code MultiBinary((2, 3))}. */
    @Override
    public String toString() {
        return shape.length == 1 ? "MultiBinary(" + shape[0] + ")" : "MultiBinary(" + Box.shapeString(shape) + ")";
    }
}
