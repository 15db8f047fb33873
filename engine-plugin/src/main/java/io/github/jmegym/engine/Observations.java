package io.github.jmegym.engine;

import com.jme3.math.Quaternion;
import com.jme3.math.Vector3f;
import java.util.Arrays;

/**
 * The buffer an {@link AgentControl} writes one observation into, value by value, in the order of its observation
 * space. The simulation checks afterwards that exactly as many values were written as the space has.
 */
public final class Observations {
    private double[] values;
    private int size;

    /** An empty buffer with room for {@code capacity} values (it grows when needed). */
    public Observations(int capacity) {
        values = new double[Math.max(capacity, 1)];
    }

    /** Appends one value. */
    public Observations add(double v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[size++] = v;
        return this;
    }

    /** Appends a boolean as 1 or 0. */
    public Observations add(boolean v) {
        return add(v ? 1.0 : 0.0);
    }

    /** Appends x, y and z of a vector. */
    public Observations add(Vector3f v) {
        return add(v.x).add(v.y).add(v.z);
    }

    /** Appends x, y, z and w of a rotation. */
    public Observations add(Quaternion q) {
        return add(q.getX()).add(q.getY()).add(q.getZ()).add(q.getW());
    }

    /** Appends every value of an array. */
    public Observations add(double... vs) {
        for (double v : vs) {
            add(v);
        }
        return this;
    }

    /** Appends a one-hot vector of length {@code n} with a 1 at {@code index} (all zeros when index is -1). */
    public Observations oneHot(int index, int n) {
        if (index < -1 || index >= n) {
            throw new IllegalArgumentException("oneHot(index=" + index + ", n=" + n + "): expected -1 <= index < n");
        }
        for (int i = 0; i < n; i++) {
            add(i == index ? 1.0 : 0.0);
        }
        return this;
    }

    /** Number of values written so far. */
    public int size() {
        return size;
    }

    /** Forgets the values written so far. */
    public void clear() {
        size = 0;
    }

    /** A copy of the values written. */
    public double[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
