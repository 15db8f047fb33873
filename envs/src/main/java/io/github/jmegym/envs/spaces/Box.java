package io.github.jmegym.envs.spaces;

import com.google.gson.JsonObject;
import io.github.jmegym.envs.Json;
import io.github.jmegym.envs.NumpyRandom;
import java.util.Arrays;

/**
 * A (possibly unbounded) box in R^n, as Gymnasium's {@code Box}. Elements are flat {@code double[]} in row-major
 * order of {@link #shape()}; a float32 box holds float32-representable values and bounds.
 */
public final class Box implements Space<double[]> {
    private final double[] low;
    private final double[] high;
    private final int[] shape;
    private final DType dtype;
    private NumpyRandom rng = Spaces.unseededRandom();

    /**
     * A box with per-element bounds.
     *
     * @param low lower bounds, one per element ({@code -Infinity} allowed, never NaN)
     * @param high upper bounds, one per element ({@code +Infinity} allowed, {@code >= low})
     * @param shape the shape; its product must equal the bounds' length
     * @param dtype element type; float32 bounds are rounded to float32
     */
    public Box(double[] low, double[] high, int[] shape, DType dtype) {
        if (dtype == null) {
            throw new IllegalArgumentException("Box: dtype is null; expected float32, float64 or uint8");
        }
        if (shape == null || low == null || high == null) {
            throw new IllegalArgumentException("Box: low, high and shape must not be null");
        }
        int n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("Box: shape " + Arrays.toString(shape) + " has a negative dimension");
            }
            n *= d;
        }
        if (low.length != n || high.length != n) {
            throw new IllegalArgumentException("Box: low has " + low.length + " and high " + high.length
                    + " elements but shape " + shapeString(shape) + " needs " + n);
        }
        this.low = new double[n];
        this.high = new double[n];
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(low[i]) || Double.isNaN(high[i])) {
                throw new IllegalArgumentException("Box: bound " + i + " is NaN (low=" + low[i] + ", high=" + high[i] + ")");
            }
            if (low[i] > high[i]) {
                throw new IllegalArgumentException("Box: low[" + i + "]=" + low[i] + " > high[" + i + "]=" + high[i]);
            }
            if (dtype == DType.UINT8 && (low[i] < 0 || high[i] > 255)) {
                throw new IllegalArgumentException("Box: bound " + i + " is [" + low[i] + ", " + high[i]
                        + "]; a uint8 box needs bounds within [0, 255]");
            }
            this.low[i] = dtype.round(low[i]);
            this.high[i] = dtype.round(high[i]);
        }
        this.shape = shape.clone();
        this.dtype = dtype;
    }

    /** A box with the same bounds for every element. */
    public Box(double low, double high, int[] shape, DType dtype) {
        this(fill(low, shape), fill(high, shape), shape, dtype);
    }

    /** A flat float32 box with per-element bounds. */
    public static Box of(double[] low, double[] high) {
        return new Box(low, high, new int[] {low.length}, DType.FLOAT32);
    }

    private static double[] fill(double v, int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= Math.max(d, 0);
        }
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    /** Lower bounds (a copy). */
    public double[] low() {
        return low.clone();
    }

    /** Upper bounds (a copy). */
    public double[] high() {
        return high.clone();
    }

    /** Lower bound of element {@code i}. */
    public double low(int i) {
        return low[i];
    }

    /** Upper bound of element {@code i}. */
    public double high(int i) {
        return high[i];
    }

    /** The shape (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /** Number of elements (product of the shape). */
    public int size() {
        return low.length;
    }

    /** Whether every element is bounded on both sides. */
    public boolean isBounded() {
        for (int i = 0; i < low.length; i++) {
            if (Double.isInfinite(low[i]) || Double.isInfinite(high[i])) {
                return false;
            }
        }
        return true;
    }

    /** {@code x} clipped element-wise into the bounds (a new array). */
    public double[] clip(double[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = Math.min(Math.max(x[i], low[i]), high[i]);
        }
        return out;
    }

    @Override
    public String whyNotContained(Object x) {
        if (!(x instanceof double[] a)) {
            return "expected a double[] of length " + low.length + " for " + this + ", got " + describe(x);
        }
        if (a.length != low.length) {
            return "expected " + low.length + " values for " + this + ", got " + a.length + " " + Arrays.toString(a);
        }
        for (int i = 0; i < a.length; i++) {
            if (Double.isNaN(a[i])) {
                return "value [" + i + "] is NaN in " + Arrays.toString(a) + "; expected a number in " + this;
            }
            if (a[i] < low[i] || a[i] > high[i]) {
                return "value [" + i + "]=" + a[i] + " is outside [" + low[i] + ", " + high[i] + "] of " + this;
            }
            if (dtype.isInteger() && a[i] != Math.rint(a[i])) {
                return "value [" + i + "]=" + a[i] + " is not a whole number; " + this + " holds uint8 values";
            }
        }
        return null;
    }

    /**
     * A random element, drawn as Gymnasium's {@code Box.sample}: unbounded dimensions first (normal), then those
     * bounded below (exponential), then above, then the bounded ones ({@code uniform(low, high)}), rounded to the
     * dtype. Bounded dimensions match Gymnasium's samples for the same seed exactly; the others have the same
     * distributions but not NumPy's ziggurat draws.
     */
    @Override
    public double[] sample() {
        double[] out = new double[low.length];
        for (int kind = 0; kind < 4; kind++) {
            for (int i = 0; i < out.length; i++) {
                boolean lo = !Double.isInfinite(low[i]);
                boolean hi = !Double.isInfinite(high[i]);
                int k = lo ? (hi ? 3 : 1) : (hi ? 2 : 0);
                if (k != kind) {
                    continue;
                }
                double v;
                if (kind == 0) {
                    v = gaussian();
                } else if (kind == 1) {
                    v = low[i] - Math.log(1.0 - rng.nextDouble());
                } else if (kind == 2) {
                    v = high[i] + Math.log(1.0 - rng.nextDouble());
                } else if (dtype.isInteger()) {
                    // Gymnasium: uniform(low, high + 1), floored, for integer dtypes
                    v = Math.floor(low[i] + (high[i] + 1 - low[i]) * rng.nextDouble());
                } else {
                    v = low[i] + (high[i] - low[i]) * rng.nextDouble();
                }
                out[i] = Math.min(Math.max(dtype.round(v), low[i]), high[i]);
            }
        }
        return out;
    }

    private double gaussian() {
        double u1 = rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    @Override
    public void seed(long seed) {
        rng = new NumpyRandom(seed);
    }

    @Override
    public int flatDim() {
        return low.length;
    }

    @Override
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("type", "Box");
        o.add("low", Json.array(low));
        o.add("high", Json.array(high));
        o.add("shape", Json.array(shape));
        o.addProperty("dtype", dtype.numpyName());
        return o;
    }

    static Box fromJson(JsonObject o) {
        return new Box(Json.doubles(o.getAsJsonArray("low")), Json.doubles(o.getAsJsonArray("high")),
                Json.ints(o.getAsJsonArray("shape")), DType.fromNumpy(o.get("dtype").getAsString()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Box b && Arrays.equals(low, b.low) && Arrays.equals(high, b.high)
                && Arrays.equals(shape, b.shape) && dtype == b.dtype;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(low) * 31 + Arrays.hashCode(shape);
    }

    /**
     * Gymnasium's repr: {@code Box(-1.0, 2.0, (3, 4), float32)} when the bounds are uniform, else the bound arrays as
     * NumPy prints them, e.g. {@code Box([-1.2  -0.07], [0.6  0.07], (2,), float32)} (flattened, never wrapped).
     */
    @Override
    public String toString() {
        return "Box(" + bound(low) + ", " + bound(high) + ", " + shapeString(shape) + ", " + dtype.numpyName() + ")";
    }

    private String bound(double[] b) {
        boolean uniform = b.length > 0 && Arrays.stream(b).allMatch(v -> Double.compare(v, b[0]) == 0);
        return uniform ? NumpyFormat.scalar(b[0], dtype) : NumpyFormat.array(b, dtype);
    }

    static String shapeString(int[] shape) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return s.append(shape.length == 1 ? ",)" : ")").toString();
    }

    static String describe(Object x) {
        if (x == null) {
            return "null";
        }
        if (x instanceof double[] a) {
            return "double[] " + Arrays.toString(a);
        }
        if (x instanceof int[] a) {
            return "int[] " + Arrays.toString(a);
        }
        if (x instanceof float[] a) {
            return "float[] " + Arrays.toString(a);
        }
        return x.getClass().getSimpleName() + " " + x;
    }
}
