package io.github.jmegym.envs.spaces;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.jmegym.envs.Json;
import io.github.jmegym.envs.NumpyRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Helpers over spaces: reading the JSON form back, and batching a space for a vector of envs. */
public final class Spaces {
    private Spaces() {
    }

    /** The generator of a space that was never seeded (fresh entropy, as NumPy's unseeded generators). */
    static NumpyRandom unseededRandom() {
        return new NumpyRandom(java.util.concurrent.ThreadLocalRandom.current().nextLong());
    }

    /** The space described by {@code json} (the form {@link Space#toJson()} writes). */
    public static Space<?> fromJson(JsonObject json) {
        JsonElement t = json.get("type");
        String type = t == null ? null : t.getAsString();
        if (type == null) {
            throw new IllegalArgumentException("space JSON " + json + " has no \"type\"");
        }
        switch (type) {
            case "Box":
                return Box.fromJson(json);
            case "Discrete":
                return new Discrete(json.get("n").getAsInt(), json.has("start") ? json.get("start").getAsInt() : 0);
            case "MultiDiscrete": {
                int[] nvec = Json.ints(json.getAsJsonArray("nvec"));
                return json.has("start") ? new MultiDiscrete(nvec, Json.ints(json.getAsJsonArray("start"))) : new MultiDiscrete(nvec);
            }
            case "MultiBinary":
                return new MultiBinary(Json.ints(json.getAsJsonArray("shape")));
            case "Dict": {
                Map<String, Space<?>> sub = new LinkedHashMap<>();
                for (Map.Entry<String, JsonElement> e : json.getAsJsonObject("spaces").entrySet()) {
                    sub.put(e.getKey(), fromJson(e.getValue().getAsJsonObject()));
                }
                return new DictSpace(sub);
            }
            default:
                throw new IllegalArgumentException("space JSON type '" + type
                        + "': expected one of Box, Discrete, MultiDiscrete, MultiBinary, Dict");
        }
    }

    /**
     * Why {@code x} is not a well-formed element of {@code space}, or {@code null} when it is: the same test as
     * {@link Space#whyNotContained} except that a {@link Box} element only has to have the right type and length
     * and finite values (bounds are not checked, because continuous envs clip actions themselves, as Gymnasium's
     * do). This is what an env must reject before it changes any state.
     */
    public static String whyMalformed(Space<?> space, Object x) {
        if (space instanceof Box b) {
            if (!(x instanceof double[] a)) {
                return "expected a double[] of length " + b.size() + " for " + b + ", got " + Box.describe(x);
            }
            if (a.length != b.size()) {
                return "expected " + b.size() + " values for " + b + ", got " + a.length + " " + Arrays.toString(a);
            }
            for (int i = 0; i < a.length; i++) {
                if (!Double.isFinite(a[i])) {
                    return "value [" + i + "]=" + a[i] + " is not a finite number; expected a value in " + b;
                }
            }
            return null;
        }
        if (space instanceof DictSpace d) {
            if (!(x instanceof Map<?, ?> m) || !m.keySet().equals(d.spaces().keySet())) {
                return d.whyNotContained(x);
            }
            for (Map.Entry<String, Space<?>> e : d.spaces().entrySet()) {
                String why = whyMalformed(e.getValue(), m.get(e.getKey()));
                if (why != null) {
                    return "'" + e.getKey() + "': " + why;
                }
            }
            return null;
        }
        return space.whyNotContained(x);
    }

    /**
     * The space of {@code n} stacked elements of {@code space}, as Gymnasium's {@code batch_space}: a Box gains a
     * leading dimension, Discrete becomes MultiDiscrete, MultiDiscrete and MultiBinary gain a leading dimension
     * (MultiDiscrete flattened), Dict is batched per key.
     */
    public static Space<?> batch(Space<?> space, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("batch: n=" + n + "; expected n >= 1");
        }
        if (space instanceof Box b) {
            int[] shape = new int[b.shape().length + 1];
            shape[0] = n;
            System.arraycopy(b.shape(), 0, shape, 1, shape.length - 1);
            return new Box(tile(b.low(), n), tile(b.high(), n), shape, b.dtype());
        }
        if (space instanceof Discrete d) {
            int[] nvec = new int[n];
            int[] start = new int[n];
            Arrays.fill(nvec, d.n());
            Arrays.fill(start, d.start());
            return new MultiDiscrete(nvec, start);
        }
        if (space instanceof MultiDiscrete m) {
            return new MultiDiscrete(tile(m.nvec(), n), tile(m.start(), n));
        }
        if (space instanceof MultiBinary m) {
            int[] shape = new int[m.shape().length + 1];
            shape[0] = n;
            System.arraycopy(m.shape(), 0, shape, 1, shape.length - 1);
            return new MultiBinary(shape);
        }
        if (space instanceof DictSpace d) {
            Map<String, Space<?>> sub = new LinkedHashMap<>();
            d.spaces().forEach((k, s) -> sub.put(k, batch(s, n)));
            return new DictSpace(sub);
        }
        throw new IllegalArgumentException("batch: unsupported space " + space);
    }

    private static double[] tile(double[] a, int n) {
        double[] out = new double[a.length * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a, 0, out, i * a.length, a.length);
        }
        return out;
    }

    private static int[] tile(int[] a, int n) {
        int[] out = new int[a.length * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a, 0, out, i * a.length, a.length);
        }
        return out;
    }
}
