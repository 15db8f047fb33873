package io.github.jmegym.agent;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Tuned hyperparameters shipped per env id as JSON resources ({@code io/github/jmegym/agent/presets/<id>.json} for
 * PPO, {@code <id>.<algo>.json} for another {@link Algo}), with {@code default.json} / {@code default.<algo>.json} for
 * ids without one. PPO-KL without its own preset is the env's PPO preset with {@code algo} set (and targetKl 0.01
 * where the preset has none).
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

    /** The preset of an algorithm for the env id (see the class comment for the fallbacks). */
    public static PpoConfig forEnv(String envId, Algo algo) {
        if (algo == Algo.PPO) {
            return forEnv(envId);
        }
        String own = envId + "." + algo.id() + ".json";
        if (Presets.class.getResource(DIR + own) != null) {
            return PpoConfig.fromJson(read(own), "preset " + own);
        }
        if (algo == Algo.PPO_KL) {
            PpoConfig c = forEnv(envId);
            return (c.targetKl() == null ? c.withTargetKl(0.01) : c).withAlgo(algo);
        }
        String fallback = "default." + algo.id() + ".json";
        return PpoConfig.fromJson(read(fallback), "preset " + fallback);
    }

    /** Name of the preset file {@link #forEnv(String, Algo)} reads. */
    public static String presetName(String envId, Algo algo) {
        String own = envId + "." + algo.id() + ".json";
        if (algo == Algo.PPO || algo == Algo.PPO_KL && Presets.class.getResource(DIR + own) == null) {
            return presetName(envId) + (algo == Algo.PPO ? "" : " with algo ppo-kl");
        }
        return Presets.class.getResource(DIR + own) != null ? own : "default." + algo.id() + ".json";
    }

    /**
     * The settings every command that takes {@code --config FILE} runs with ({@code train}, {@code play --train},
     * {@code crosscheck config}): the file's fields over the env's preset for the algorithm. The algorithm is
     * {@code algo} when given, else the file's {@code "algo"}, else PPO; a file naming another algorithm than
     * {@code algo} is refused (bad input naming both).
     *
     * @param algo the {@code --algo} given, or null
     * @param file the {@code --config} file, or null for the preset alone
     */
    public static PpoConfig resolve(String envId, Algo algo, Path file) {
        return resolve(algo, file, a -> forEnv(envId, a));
    }

    /**
     * {@link #resolve(String, Algo, Path)} over another base: {@code preset} gives the settings for an algorithm
     * before the file's fields apply (e.g. the in-game defaults and update mode of {@code play}).
     */
    public static PpoConfig resolve(Algo algo, Path file, Function<Algo, PpoConfig> preset) {
        if (file == null) {
            return preset.apply(algo == null ? Algo.PPO : algo);
        }
        String where = "--config " + file;
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(where + ": cannot read it (" + e + ")", e);
        }
        JsonElement named = ConfigJson.parseObject(text, where).get("algo");
        Algo inFile = named instanceof JsonPrimitive p && p.isString() ? Algo.parse(p.getAsString(), where + ": algo")
                : null;
        if (algo != null && inFile != null && algo != inFile) {
            throw new IllegalArgumentException("--algo " + algo.id() + ": " + where + " sets algo " + inFile.id()
                    + "; give one of them");
        }
        Algo chosen = algo != null ? algo : inFile != null ? inFile : Algo.PPO;
        return PpoConfig.fromJson(text, where, preset.apply(chosen)).withAlgo(chosen);
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
