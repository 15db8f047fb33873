package io.github.jmegym.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Tuned hyperparameters shipped per env id as JSON resources ({@code io/github/jmegym/agent/presets/<id>.json}),
 * with {@code default.json} for ids without a preset.
 */
public final class Presets {
    private static final String DIR = "/io/github/jmegym/agent/presets/";

    private Presets() {
    }

    /** Whether a tuned preset exists for the env id. */
    public static boolean has(String envId) {
        return Presets.class.getResource(DIR + envId + ".json") != null;
    }

    /** The preset for the env id, or the generic fallback. */
    public static PpoConfig forEnv(String envId) {
        String name = has(envId) ? envId + ".json" : "default.json";
        return PpoConfig.fromJson(read(name), "preset " + name);
    }

    /** Name of the preset file used for the env id. */
    public static String presetName(String envId) {
        return has(envId) ? envId + ".json" : "default.json";
    }

    private static String read(String name) {
        try (InputStream in = Presets.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("preset resource " + DIR + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read preset " + name, e);
        }
    }
}
