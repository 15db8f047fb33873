package io.github.jmegym.engine.record;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.DType;
import io.github.jmegym.envs.spaces.Discrete;
import io.github.jmegym.envs.spaces.MultiBinary;
import io.github.jmegym.envs.spaces.MultiDiscrete;
import io.github.jmegym.envs.spaces.Space;

/** JSON forms of actions, observations and transforms in a recording: floats are written as floats (shortest form). */
final class EpisodeCodec {
    /** The {@code format} field of every recording's header. */
    static final String FORMAT = "jmegym.episode";
    /** The format version this code writes and reads. */
    static final int VERSION = 1;

    private EpisodeCodec() {
    }

    /** Doubles, each written as a float when the float is exact (float32 observations), else as a double. */
    static JsonArray values(double[] v) {
        JsonArray a = new JsonArray(v.length);
        for (double d : v) {
            a.add(number(d));
        }
        return a;
    }

    static JsonPrimitive number(double d) {
        float f = (float) d;
        return (double) f == d ? new JsonPrimitive(f) : new JsonPrimitive(d);
    }

    static JsonArray transforms(float[][] t) {
        JsonArray a = new JsonArray(t.length);
        for (float[] row : t) {
            JsonArray r = new JsonArray(row.length);
            for (float f : row) {
                r.add(f);
            }
            a.add(r);
        }
        return a;
    }

    static JsonElement action(Object action) {
        if (action instanceof Integer i) {
            return new JsonPrimitive(i);
        }
        if (action instanceof int[] ints) {
            JsonArray a = new JsonArray(ints.length);
            for (int i : ints) {
                a.add(i);
            }
            return a;
        }
        if (action instanceof double[] d) {
            return values(d);
        }
        throw new IllegalArgumentException("recording: cannot write an action of type "
                + (action == null ? "null" : action.getClass().getName())
                + "; recordings support Discrete (Integer), MultiDiscrete/MultiBinary (int[]) and Box (double[]) actions");
    }

    /** The action in {@code json} as an element of {@code space}; throws IllegalArgumentException saying why not. */
    static Object action(JsonElement json, Space<?> space) {
        Object a;
        if (space instanceof Discrete) {
            a = json.getAsInt();
        } else if (space instanceof MultiDiscrete || space instanceof MultiBinary) {
            JsonArray arr = json.getAsJsonArray();
            int[] v = new int[arr.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = arr.get(i).getAsInt();
            }
            a = v;
        } else if (space instanceof Box) {
            a = values(json.getAsJsonArray(), ((Box) space).dtype() == DType.FLOAT32);
        } else {
            throw new IllegalArgumentException("action space " + space + " is not supported by recordings");
        }
        String why = space.whyNotContained(a);
        if (why != null) {
            throw new IllegalArgumentException("action " + json + " is not in " + space + ": " + why);
        }
        return a;
    }

    /**
     * Numbers written by {@link #values(double[])}: float32 values are parsed as floats (their shortest float form
     * would read back as a different double), others as doubles.
     */
    static double[] values(JsonArray arr, boolean float32) {
        double[] v = new double[arr.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = float32 ? arr.get(i).getAsFloat() : arr.get(i).getAsDouble();
        }
        return v;
    }

    /** Whether elements of {@code space} are float32 values. */
    static boolean float32(Space<?> space) {
        return space instanceof Box b && b.dtype() == DType.FLOAT32;
    }

    static float[][] transforms(JsonArray arr, int expectedRows) {
        if (arr.size() != expectedRows) {
            throw new IllegalArgumentException(arr.size() + " transforms; the header lists " + expectedRows + " spatials");
        }
        float[][] out = new float[arr.size()][];
        for (int i = 0; i < out.length; i++) {
            JsonArray row = arr.get(i).getAsJsonArray();
            if (row.size() != TrackedSpatials.FLOATS) {
                throw new IllegalArgumentException("transform " + i + " has " + row.size() + " numbers; expected "
                        + TrackedSpatials.FLOATS + " (x, y, z, qx, qy, qz, qw)");
            }
            out[i] = new float[TrackedSpatials.FLOATS];
            for (int k = 0; k < TrackedSpatials.FLOATS; k++) {
                out[i][k] = row.get(k).getAsFloat();
            }
        }
        return out;
    }
}
