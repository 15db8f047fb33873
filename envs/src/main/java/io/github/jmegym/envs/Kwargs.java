package io.github.jmegym.envs;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Typed, validated access to an env's keyword arguments (or reset options): each getter names the key, the
 * expected type and the env in its error, and {@link #requireAllUsed()} rejects keys nobody read.
 *
 * <p>The range getters are the one place where numeric kwargs and reset options are bounded: every env reads its
 * numbers through them, so NaN, infinities, non-integers for integer keys and values outside the documented range
 * are all rejected alike, e.g. {@code make(Chase-v0): ticks_per_decision=1000000000; expected an integer in
 * [1, 600]}.
 */
public final class Kwargs {
    private final Map<String, ?> values;
    private final String where;
    private final Set<String> used = new LinkedHashSet<>();

    /**
     * @param values the arguments (may be null for none)
     * @param where who reads them, for messages, e.g. {@code "make(CartPole-v1)"}
     */
    public Kwargs(Map<String, ?> values, String where) {
        this.values = values == null ? Map.of() : values;
        this.where = where;
    }

    /** Whether the key was given. */
    public boolean has(String key) {
        used.add(key);
        return values.containsKey(key) && values.get(key) != null;
    }

    /** The raw value, or {@code null}. */
    public Object raw(String key) {
        used.add(key);
        return values.get(key);
    }

    /** A finite number, or the default when absent. */
    public double getDouble(String key, double dflt) {
        Object v = raw(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw new IllegalArgumentException(where + ": " + key + "=" + v + "; expected a finite number");
        }
        return n.doubleValue();
    }

    /** An integer, or the default when absent. */
    public int getInt(String key, int dflt) {
        Object v = raw(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
                || Math.abs(n.doubleValue()) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(where + ": " + key + "=" + v + "; expected an integer");
        }
        return n.intValue();
    }

    /**
     * A finite number in {@code [min, max]}, or the default when absent.
     *
     * @throws IllegalArgumentException naming the place, the key, the value and the range otherwise
     */
    public double getDouble(String key, double dflt, double min, double max) {
        Object v = raw(key);
        return v == null ? dflt : requireDouble(where, key, v, min, max);
    }

    /**
     * An integer in {@code [min, max]}, or the default when absent. A whole {@code double} such as {@code 4.0}
     * counts as an integer (JSON and Python may send one); {@code 4.5} does not.
     *
     * @throws IllegalArgumentException naming the place, the key, the value and the range otherwise
     */
    public int getInt(String key, int dflt, int min, int max) {
        Object v = raw(key);
        return v == null ? dflt : requireInt(where, key, v, min, max);
    }

    /**
     * The range check behind {@link #getDouble(String, double, double, double)}, for a value that does not come
     * from a kwargs map (a constructor argument, say).
     *
     * @param where the place, for the message, e.g. {@code "SimulationConfig"}
     * @param key the name of the value
     * @param value the value (a {@link Number}; anything else is rejected)
     * @return the value as a finite number in {@code [min, max]}
     * @throws IllegalArgumentException naming the place, the key, the value and the range otherwise
     */
    public static double requireDouble(String where, String key, Object value, double min, double max) {
        double d = value instanceof Number n ? n.doubleValue() : Double.NaN;
        if (!(d >= min && d <= max)) { // NaN fails both
            throw new IllegalArgumentException(where + ": " + key + "=" + value + "; expected a finite number in "
                    + range(min, max));
        }
        return d;
    }

    /**
     * The range check behind {@link #getInt(String, int, int, int)}, for a value that does not come from a kwargs
     * map.
     *
     * @return the value as an integer in {@code [min, max]}
     * @throws IllegalArgumentException naming the place, the key, the value and the range otherwise
     */
    public static int requireInt(String where, String key, Object value, int min, int max) {
        double d = value instanceof Number n ? n.doubleValue() : Double.NaN;
        if (!(d >= min && d <= max) || d != Math.rint(d)) {
            throw new IllegalArgumentException(where + ": " + key + "=" + value + "; expected an integer in "
                    + range(min, max));
        }
        return (int) d;
    }

    /**
     * {@code min.length} finite numbers, number {@code j} in {@code [min[j], max[j]]} (a {@code double[]}, a
     * {@code float[]} or a list of numbers).
     *
     * @throws IllegalArgumentException naming the place, the key, the offending element and its range otherwise
     */
    public double[] getDoubles(String key, double[] min, double[] max) {
        double[] out = getDoubles(key, min.length);
        for (int j = 0; j < out.length; j++) {
            if (!(out[j] >= min[j] && out[j] <= max[j])) {
                throw new IllegalArgumentException(where + ": " + key + "[" + j + "]=" + out[j]
                        + "; expected a finite number in " + range(min[j], max[j]));
            }
        }
        return out;
    }

    /**
     * A closed range as messages and docs write it: {@code [0.001, 0.1]}, {@code [1, 600]}, {@code [-3.14159,
     * 3.14159]} for {@code [-pi, pi]}: six significant digits, rounded inwards so that every number shown is
     * accepted.
     */
    public static String range(double min, double max) {
        return "[" + number(min, RoundingMode.CEILING) + ", " + number(max, RoundingMode.FLOOR) + "]";
    }

    private static String number(double d, RoundingMode inwards) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return BigDecimal.valueOf(d).round(new MathContext(6, inwards)).stripTrailingZeros().toPlainString();
    }

    /** A boolean, or the default when absent. */
    public boolean getBoolean(String key, boolean dflt) {
        Object v = raw(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Boolean b)) {
            throw new IllegalArgumentException(where + ": " + key + "=" + v + "; expected true or false");
        }
        return b;
    }

    /** A string, or the default when absent. */
    public String getString(String key, String dflt) {
        Object v = raw(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException(where + ": " + key + "=" + v + "; expected a string");
        }
        return s;
    }

    /** An array of finite numbers of the given length (a {@code double[]}, a {@code float[]} or a list of numbers). */
    public double[] getDoubles(String key, int length) {
        Object v = raw(key);
        double[] out;
        if (v instanceof double[] a) {
            out = a.clone();
        } else if (v instanceof float[] a) {
            out = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i];
            }
        } else if (v instanceof java.util.List<?> l && l.stream().allMatch(e -> e instanceof Number)) {
            out = l.stream().mapToDouble(e -> ((Number) e).doubleValue()).toArray();
        } else {
            throw new IllegalArgumentException(where + ": " + key + "=" + v + "; expected " + length + " numbers");
        }
        if (out.length != length) {
            throw new IllegalArgumentException(where + ": " + key + " has " + out.length + " values; expected " + length);
        }
        for (double d : out) {
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException(where + ": " + key + " contains " + d + "; expected finite numbers");
            }
        }
        return out;
    }

    /** Throws when a key was given that no getter asked for (a misspelt option, say). */
    public void requireAllUsed() {
        for (String k : values.keySet()) {
            if (!used.contains(k)) {
                throw new IllegalArgumentException(where + ": unknown key '" + k + "'; known keys are " + used);
            }
        }
    }
}
