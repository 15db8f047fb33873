package io.github.jmegym.agent;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reflective mechanics of {@link PpoConfig}'s JSON form: construction from a value per component and the
 * {@link Setting} declarations of the components (documentation, defaults, ranges), so that a new field is a new
 * component and nothing else has to list the fields in order. (The {@code withX} copies of the configuration records
 * are generated at compile time by record-builder.)
 */
public final class ConfigRecords {
    private ConfigRecords() {
    }

    /** The component values of {@code r}, in declaration order. */
    public static Object[] values(Record r) {
        RecordComponent[] comps = r.getClass().getRecordComponents();
        Object[] values = new Object[comps.length];
        try {
            for (int i = 0; i < comps.length; i++) {
                values[i] = comps[i].getAccessor().invoke(r);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(r.getClass().getSimpleName() + ": cannot read the fields", e);
        }
        return values;
    }

    /**
     * Calls the canonical constructor of {@code type} with {@code values}; a validation failure is rethrown as is when
     * {@code where} is null, else with {@code where + ": "} in front of its message.
     */
    public static <R extends Record> R construct(Class<R> type, Object[] values, String where) {
        RecordComponent[] comps = type.getRecordComponents();
        Class<?>[] types = new Class<?>[comps.length];
        for (int i = 0; i < comps.length; i++) {
            types[i] = comps[i].getType();
        }
        try {
            return type.getDeclaredConstructor(types).newInstance(values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw where == null ? iae : new IllegalArgumentException(where + ": " + iae.getMessage(), iae);
            }
            throw new IllegalStateException(type.getSimpleName() + ": the constructor failed: " + e.getCause(),
                    e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type.getSimpleName() + ": cannot call the canonical constructor", e);
        }
    }

    /** The index of the component {@code name}, or -1. */
    public static int indexOf(RecordComponent[] comps, String name) {
        for (int i = 0; i < comps.length; i++) {
            if (comps[i].getName().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The {@link Setting} of every component of {@code type}, in declaration order (each component must have one). */
    public static Map<String, Setting> settings(Class<? extends Record> type) {
        Map<String, Setting> m = new LinkedHashMap<>();
        for (RecordComponent c : type.getRecordComponents()) {
            Setting s = c.getAnnotation(Setting.class);
            if (s == null) {
                throw new IllegalStateException(type.getSimpleName() + "." + c.getName() + " has no @Setting");
            }
            m.put(c.getName(), s);
        }
        return Collections.unmodifiableMap(m);
    }

    /** The documentation of every component of {@code type} ({@link Setting#doc()}), in declaration order. */
    public static Map<String, String> docs(Class<? extends Record> type) {
        Map<String, String> m = new LinkedHashMap<>();
        settings(type).forEach((k, s) -> m.put(k, s.doc()));
        return Collections.unmodifiableMap(m);
    }
}
