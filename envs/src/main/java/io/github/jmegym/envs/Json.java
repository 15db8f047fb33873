package io.github.jmegym.envs;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;

/**
 * The one Gson configuration of the project: infinities and NaN are written as {@code Infinity}/{@code NaN}
 * (which Python's {@code json} module reads), doubles keep full precision.
 */
public final class Json {
    /** Compact writer/reader. */
    public static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().disableHtmlEscaping().create();
    /** Indented writer for files people read (configs, manifests). */
    public static final Gson PRETTY = new GsonBuilder().serializeSpecialFloatingPointValues().disableHtmlEscaping()
            .setPrettyPrinting().create();

    private Json() {
    }

    /** A JSON array of the given doubles. */
    public static JsonArray array(double[] values) {
        JsonArray a = new JsonArray(values.length);
        for (double v : values) {
            a.add(v);
        }
        return a;
    }

    /** A JSON array of the given ints. */
    public static JsonArray array(int[] values) {
        JsonArray a = new JsonArray(values.length);
        for (int v : values) {
            a.add(v);
        }
        return a;
    }

    /** The doubles of a JSON array. */
    public static double[] doubles(JsonArray a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsDouble();
        }
        return out;
    }

    /** The ints of a JSON array. */
    public static int[] ints(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsInt();
        }
        return out;
    }
}
