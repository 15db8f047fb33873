package io.github.jmegym.envs.spaces;

import com.google.gson.JsonObject;
import io.github.jmegym.envs.NumpyRandom;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named sub-spaces, as Gymnasium's {@code Dict} (e.g. hybrid actions: a discrete choice and a continuous
 * parameter). Elements are {@code Map<String, Object>} with exactly the same keys; iteration order is the order
 * the sub-spaces were given in.
 */
public final class DictSpace implements Space<Map<String, Object>> {
    private final Map<String, Space<?>> spaces;

    /** @param spaces the named sub-spaces (at least one; order is kept) */
    public DictSpace(Map<String, ? extends Space<?>> spaces) {
        if (spaces == null || spaces.isEmpty()) {
            throw new IllegalArgumentException("DictSpace: no sub-spaces; expected at least one");
        }
        LinkedHashMap<String, Space<?>> copy = new LinkedHashMap<>();
        spaces.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new IllegalArgumentException("DictSpace: null key or sub-space in " + spaces.keySet());
            }
            copy.put(k, v);
        });
        this.spaces = Collections.unmodifiableMap(copy);
    }

    /** The sub-spaces, in order (unmodifiable). */
    public Map<String, Space<?>> spaces() {
        return spaces;
    }

    /** The sub-space named {@code key}. */
    public Space<?> get(String key) {
        Space<?> s = spaces.get(key);
        if (s == null) {
            throw new IllegalArgumentException("DictSpace: no sub-space '" + key + "'; keys are " + spaces.keySet());
        }
        return s;
    }

    @Override
    public String whyNotContained(Object x) {
        if (!(x instanceof Map<?, ?> m)) {
            return "expected a Map with keys " + spaces.keySet() + " for " + this + ", got " + Box.describe(x);
        }
        if (!m.keySet().equals(spaces.keySet())) {
            return "expected keys " + spaces.keySet() + ", got " + m.keySet();
        }
        for (Map.Entry<String, Space<?>> e : spaces.entrySet()) {
            String why = e.getValue().whyNotContained(m.get(e.getKey()));
            if (why != null) {
                return "'" + e.getKey() + "': " + why;
            }
        }
        return null;
    }

    @Override
    public Map<String, Object> sample() {
        Map<String, Object> out = new LinkedHashMap<>();
        spaces.forEach((k, s) -> out.put(k, s.sample()));
        return out;
    }

    /**
     * Seeds each sub-space, in order, with a child seed drawn from {@code seed} as Gymnasium's {@code Dict.seed(int)}
     * does ({@code integers(2^31 - 1)} of a generator seeded with {@code seed}).
     */
    @Override
    public void seed(long seed) {
        NumpyRandom root = new NumpyRandom(seed);
        spaces.values().forEach(s -> s.seed(root.integers(Integer.MAX_VALUE)));
    }

    @Override
    public int flatDim() {
        return spaces.values().stream().mapToInt(Space::flatDim).sum();
    }

    @Override
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("type", "Dict");
        JsonObject sub = new JsonObject();
        spaces.forEach((k, s) -> sub.add(k, s.toJson()));
        o.add("spaces", sub);
        return o;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DictSpace d && d.spaces.equals(spaces);
    }

    @Override
    public int hashCode() {
        return spaces.hashCode();
    }

    /** Gymnasium's repr: {@code Dict('a': Discrete(2), 'b': Box(...))}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Dict(");
        boolean first = true;
        for (Map.Entry<String, Space<?>> e : spaces.entrySet()) {
            s.append(first ? "" : ", ").append('\'').append(e.getKey()).append("': ").append(e.getValue());
            first = false;
        }
        return s.append(')').toString();
    }
}
