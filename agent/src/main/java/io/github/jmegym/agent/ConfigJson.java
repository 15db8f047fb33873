package io.github.jmegym.agent;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.github.jmegym.envs.Names;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Strict reading of the JSON files the agent takes from users (config files, presets, run state): duplicate keys are
 * rejected, and every typed read rejects what Gson would silently coerce (an integer that overflows or has a
 * fraction, a number given as a string, an unknown enum constant). Every message starts with {@code where} (the file)
 * and names the field, the value and what was expected.
 */
public final class ConfigJson {
    private ConfigJson() {
    }

    /**
     * Parses {@code text} as one JSON object, rejecting duplicate keys at any depth and trailing content.
     *
     * @param where the file (or resource) the text came from, for messages
     */
    public static JsonObject parseObject(String text, String where) {
        JsonElement e;
        try (JsonReader r = new JsonReader(new StringReader(text))) {
            r.setStrictness(Strictness.STRICT);
            e = read(r, where, "");
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw new IllegalArgumentException(where + ": not valid JSON: content after the end of the object at "
                        + r.getPath());
            }
        } catch (IOException | RuntimeException ex) {
            if (ex instanceof IllegalArgumentException iae && iae.getMessage() != null
                    && iae.getMessage().startsWith(where + ": ")) {
                throw iae;
            }
            throw new IllegalArgumentException(where + ": not valid JSON: " + ex.getMessage(), ex);
        }
        if (!e.isJsonObject()) {
            throw new IllegalArgumentException(where + ": expected a JSON object of settings, got " + e);
        }
        return e.getAsJsonObject();
    }

    private static JsonElement read(JsonReader r, String where, String path) throws IOException {
        switch (r.peek()) {
            case BEGIN_OBJECT -> {
                JsonObject o = new JsonObject();
                r.beginObject();
                while (r.hasNext()) {
                    String key = r.nextName();
                    if (o.has(key)) {
                        throw new IllegalArgumentException(where + ": duplicate key '" + path + key
                                + "'; each setting may appear once");
                    }
                    o.add(key, read(r, where, path + key + "."));
                }
                r.endObject();
                return o;
            }
            case BEGIN_ARRAY -> {
                JsonArray a = new JsonArray();
                r.beginArray();
                while (r.hasNext()) {
                    a.add(read(r, where, path));
                }
                r.endArray();
                return a;
            }
            case STRING -> {
                return new JsonPrimitive(r.nextString());
            }
            case NUMBER -> {
                return new JsonPrimitive(new BigDecimal(r.nextString()));
            }
            case BOOLEAN -> {
                return new JsonPrimitive(r.nextBoolean());
            }
            case NULL -> {
                r.nextNull();
                return JsonNull.INSTANCE;
            }
            default -> throw new IllegalArgumentException(where + ": not valid JSON at " + r.getPath());
        }
    }

    /** The key among {@code known} closest to {@code key} by edit distance (ignoring case), or null if none is close. */
    public static String closest(String key, Collection<String> known) {
        return Names.closest(key, known, 2);
    }

    /** "unknown setting 'x'; did you mean 'y'? known settings are [...]" for {@code where}. */
    public static IllegalArgumentException unknownKey(String where, String key, Collection<String> known) {
        String near = closest(key, known);
        return new IllegalArgumentException(where + ": unknown setting '" + key + "'"
                + (near != null ? "; did you mean '" + near + "'?" : "") + " known settings are " + known);
    }

    /** A JSON integer in [min, max]: no fraction, no exponent overflow, not a string. */
    public static long integer(JsonElement v, String field, String where, long min, long max) {
        BigDecimal d = number(v, field, where, "an integer in [" + min + ", " + max + "]");
        BigDecimal whole;
        try {
            whole = d.setScale(0, java.math.RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw bad(field, v, where, "a whole number in [" + min + ", " + max + "] (no fraction)");
        }
        if (whole.compareTo(BigDecimal.valueOf(min)) < 0 || whole.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw bad(field, v, where, "an integer in [" + min + ", " + max + "]");
        }
        return whole.longValueExact();
    }

    /** A JSON number that is a finite double. */
    public static double real(JsonElement v, String field, String where) {
        BigDecimal d = number(v, field, where, "a number");
        double x = d.doubleValue();
        if (!Double.isFinite(x)) {
            throw bad(field, v, where, "a finite number");
        }
        return x;
    }

    /** A JSON boolean. */
    public static boolean bool(JsonElement v, String field, String where) {
        if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isBoolean()) {
            return v.getAsBoolean();
        }
        throw bad(field, v, where, "true or false");
    }

    /**
     * A JSON string naming one constant of {@code type} exactly: its {@code @SerializedName} where it has one (the
     * name Gson writes, e.g. {@code "ppo-kl"}), else its Java name.
     */
    public static <E extends Enum<E>> E constant(JsonElement v, Class<E> type, String field, String where) {
        String allowed = Arrays.stream(type.getEnumConstants()).map(c -> jsonName(type, c))
                .collect(Collectors.joining(", "));
        if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()) {
            for (E c : type.getEnumConstants()) {
                if (jsonName(type, c).equals(v.getAsString())) {
                    return c;
                }
            }
        }
        throw bad(field, v, where, "one of " + allowed);
    }

    private static <E extends Enum<E>> String jsonName(Class<E> type, E c) {
        try {
            com.google.gson.annotations.SerializedName n =
                    type.getField(c.name()).getAnnotation(com.google.gson.annotations.SerializedName.class);
            return n == null ? c.name() : n.value();
        } catch (NoSuchFieldException e) {
            return c.name();
        }
    }

    /** A JSON array of integers, each in [min, max], at most {@code maxLength} of them. */
    public static List<Integer> integers(JsonElement v, String field, String where, int min, int max, int maxLength) {
        if (!v.isJsonArray()) {
            throw bad(field, v, where, "a list of integers in [" + min + ", " + max + "], e.g. [64, 64]");
        }
        JsonArray a = v.getAsJsonArray();
        if (a.size() > maxLength) {
            throw bad(field, v, where, "at most " + maxLength + " entries");
        }
        Integer[] out = new Integer[a.size()];
        for (int i = 0; i < a.size(); i++) {
            try {
                out[i] = (int) integer(a.get(i), field + "[" + i + "]", where, min, max);
            } catch (IllegalArgumentException e) {
                String shown = a.asList().stream().map(JsonElement::toString).collect(Collectors.joining(", ", "[", "]"));
                throw new IllegalArgumentException(where + ": " + field + "=" + shown + "; expected a list of integers in ["
                        + min + ", " + max + "] (" + field + "[" + i + "]=" + a.get(i) + " is not)", e);
            }
        }
        return List.of(out);
    }

    private static BigDecimal number(JsonElement v, String field, String where, String expected) {
        if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber()) {
            Number n = v.getAsNumber();
            return n instanceof BigDecimal b ? b : new BigDecimal(n.toString());
        }
        throw bad(field, v, where, expected);
    }

    private static IllegalArgumentException bad(String field, JsonElement v, String where, String expected) {
        return new IllegalArgumentException(where + ": " + field + "=" + v + "; expected " + expected);
    }
}
