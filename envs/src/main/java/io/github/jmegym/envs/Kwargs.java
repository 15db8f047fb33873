package io.github.jmegym.envs;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Typed, validated access to an env's keyword arguments (or reset options): each getter names the key, the
 * expected type and the env in its error, and {@link #requireAllUsed()} rejects keys nobody read.
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
