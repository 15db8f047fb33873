package io.github.jmegym.agent.run;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.jmegym.envs.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Checkpoint folders: {@code <run>/checkpoints/step-<N>/} holding named JSON files and a {@value #MANIFEST} with
 * their SHA-256 digests, versions, seed and git commit. A checkpoint is written into a hidden temp folder and
 * renamed into place, so a crash never leaves a half-written {@code step-<N>}; reading verifies every digest, so a
 * corrupt or truncated file fails with a message that names it.
 */
public final class Checkpoint {
    /** The manifest file name. */
    public static final String MANIFEST = "manifest.json";
    /** The inference policy (parameters, spaces, observation statistics). */
    public static final String POLICY = "policy.json";
    /** The trainer state (optimizer, RNG, normalizers, counters). */
    public static final String TRAINER = "trainer.json";
    /** The full config. */
    public static final String CONFIG = "config.json";
    /** Folder of checkpoints inside a run folder. */
    public static final String CHECKPOINTS = "checkpoints";
    /** The project version written to manifests. */
    public static final String JMEGYM_VERSION = "0.1.0-SNAPSHOT";

    private Checkpoint() {
    }

    /**
     * Writes a checkpoint atomically.
     *
     * @param runDir the run folder (checkpoints go to {@code runDir/checkpoints/step-<step>})
     * @param step env steps so far
     * @param files file name to JSON text
     * @param info extra manifest entries (seed, env id, ...)
     * @return the checkpoint folder
     */
    public static Path write(Path runDir, long step, Map<String, String> files, Map<String, Object> info) {
        Path parent = runDir.resolve(CHECKPOINTS);
        Path target = parent.resolve(String.format("step-%012d", step));
        try {
            Files.createDirectories(parent);
            Path tmp = Files.createTempDirectory(parent, ".tmp-step-" + step + AtomicFiles.ownerTag());
            JsonObject digests = new JsonObject();
            for (Map.Entry<String, String> f : files.entrySet()) {
                byte[] bytes = f.getValue().getBytes(StandardCharsets.UTF_8);
                Files.write(tmp.resolve(f.getKey()), bytes);
                JsonObject d = new JsonObject();
                d.addProperty("sha256", AtomicFiles.sha256(bytes));
                d.addProperty("bytes", bytes.length);
                digests.add(f.getKey(), d);
            }
            JsonObject manifest = new JsonObject();
            manifest.addProperty("format", "jmegym-checkpoint");
            manifest.addProperty("format_version", 1);
            manifest.addProperty("step", step);
            manifest.addProperty("created", Instant.now().toString());
            info.forEach((k, v) -> manifest.add(k, Json.GSON.toJsonTree(v)));
            manifest.add("versions", Json.GSON.toJsonTree(versions()));
            String commit = gitCommit();
            if (commit != null) {
                manifest.addProperty("git_commit", commit);
            }
            manifest.add("files", digests);
            Files.writeString(tmp.resolve(MANIFEST), Json.PRETTY.toJson(manifest));
            Path old = null;
            if (Files.exists(target)) {
                old = Files.createTempDirectory(parent, ".old-step-" + step + AtomicFiles.ownerTag());
                Files.delete(old);
                Files.move(target, old, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            if (old != null) {
                AtomicFiles.deleteTree(old);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * The checkpoint folder a model path means: a checkpoint folder itself, or the latest {@code step-<N>} of a run
     * folder (or of its {@code checkpoints} folder).
     */
    public static Path resolve(Path path) {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("model " + path + " does not exist; expected a run folder or a checkpoint folder");
        }
        if (Files.isRegularFile(path.resolve(MANIFEST))) {
            return path;
        }
        List<Path> steps = stepFolders(Files.isDirectory(path.resolve(CHECKPOINTS)) ? path.resolve(CHECKPOINTS) : path);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("model " + path + " holds no checkpoint (no " + CHECKPOINTS
                    + "/step-N folder with a " + MANIFEST + ")");
        }
        return steps.get(steps.size() - 1);
    }

    /** The {@code step-<N>} folders of a run folder, oldest first (empty when there are none). */
    public static List<Path> list(Path runDir) {
        return stepFolders(runDir.resolve(CHECKPOINTS));
    }

    private static List<Path> stepFolders(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("step-\\d+") && Files.isDirectory(p))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The manifest key of the mean return of the last 100 training episodes when the checkpoint was taken. */
    public static final String MEAN_RETURN = "mean_return_100";
    /** The pointer to the best checkpoint, {@code checkpoints/best.json}. */
    public static final String BEST = "best.json";

    /**
     * Retention: keeps the newest {@code keep} checkpoints, the latest, and the best (highest {@value #MEAN_RETURN}
     * in its manifest; the earliest of equals), and removes the others (each renamed aside before it is deleted, so a
     * kill never leaves a half-deleted {@code step-<N>}). Writes {@value #BEST} (atomically) naming the best. Since
     * the best is never removed, the best among the remaining checkpoints is the best the run ever wrote.
     *
     * @param keep checkpoints to keep besides the best (>= 1), or 0 to keep all
     * @return the checkpoint folders removed
     */
    public static List<Path> prune(Path runDir, int keep) {
        if (keep < 0) {
            throw new IllegalArgumentException("prune(" + runDir + "): keep=" + keep + "; expected >= 0 (0 = keep all)");
        }
        List<Path> all = list(runDir);
        if (all.isEmpty()) {
            return List.of();
        }
        Path best = null;
        double bestReturn = Double.NEGATIVE_INFINITY;
        for (Path p : all) {
            double r = meanReturn(p);
            if (best == null || r > bestReturn) {
                best = p;
                bestReturn = r;
            }
        }
        JsonObject pointer = new JsonObject();
        pointer.addProperty("checkpoint", best.getFileName().toString());
        pointer.addProperty("step", manifestStep(best));
        if (Double.isFinite(bestReturn)) {
            pointer.addProperty(MEAN_RETURN, bestReturn);
        }
        AtomicFiles.writeString(runDir.resolve(CHECKPOINTS).resolve(BEST), Json.PRETTY.toJson(pointer));
        if (keep == 0) {
            return List.of();
        }
        List<Path> removed = new java.util.ArrayList<>();
        for (int i = 0; i < all.size() - keep; i++) {
            Path p = all.get(i);
            if (!p.equals(best)) {
                try {
                    AtomicFiles.removeTree(p);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot remove old checkpoint " + p + ": " + e.getMessage(), e);
                }
                removed.add(p);
            }
        }
        return removed;
    }

    private static double meanReturn(Path ckpt) {
        try {
            JsonObject m = manifest(ckpt);
            return m.has(MEAN_RETURN) && m.get(MEAN_RETURN).isJsonPrimitive() ? m.get(MEAN_RETURN).getAsDouble()
                    : Double.NEGATIVE_INFINITY;
        } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
            return Double.NEGATIVE_INFINITY;
        }
    }

    /** The env steps of a checkpoint folder, from its name {@code step-<N>}. */
    public static long manifestStep(Path ckpt) {
        String n = ckpt.getFileName().toString();
        if (!n.matches("step-\\d+")) {
            throw new IllegalArgumentException("checkpoint folder " + ckpt + " is not named step-<N>");
        }
        return Long.parseLong(n.substring("step-".length()));
    }

    /** The parsed manifest of a checkpoint folder. */
    public static JsonObject manifest(Path ckpt) {
        return parse(ckpt.resolve(MANIFEST), read(ckpt.resolve(MANIFEST)));
    }

    /**
     * Reads the named files of a checkpoint after verifying their size and SHA-256 against the manifest.
     *
     * @throws IllegalArgumentException naming the file when it is missing, truncated or corrupt
     */
    public static Map<String, String> readVerified(Path ckpt, String... names) {
        JsonObject files;
        try {
            files = manifest(ckpt).getAsJsonObject("files");
        } catch (ClassCastException | IllegalStateException e) {
            throw new IllegalArgumentException("checkpoint manifest " + ckpt.resolve(MANIFEST) + " has no 'files' table", e);
        }
        if (files == null) {
            throw new IllegalArgumentException("checkpoint manifest " + ckpt.resolve(MANIFEST) + " has no 'files' table");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : names) {
            Path f = ckpt.resolve(name);
            JsonObject d = files.has(name) ? files.getAsJsonObject(name) : null;
            if (d == null) {
                throw new IllegalArgumentException("checkpoint " + ckpt + ": manifest lists no file " + name);
            }
            byte[] bytes = readBytes(f);
            long want = d.get("bytes").getAsLong();
            if (bytes.length != want) {
                throw new IllegalArgumentException("checkpoint file " + f + " is truncated or altered: " + bytes.length
                        + " bytes, manifest says " + want);
            }
            if (!AtomicFiles.sha256(bytes).equals(d.get("sha256").getAsString())) {
                throw new IllegalArgumentException("checkpoint file " + f + " is corrupt: its SHA-256 does not match the manifest");
            }
            out.put(name, new String(bytes, StandardCharsets.UTF_8));
        }
        return out;
    }

    /** Parses JSON text of a file, naming the file when it is not valid JSON. */
    public static JsonObject parse(Path file, String text) {
        try {
            JsonElement e = JsonParser.parseString(text);
            if (!e.isJsonObject()) {
                throw new IllegalArgumentException("checkpoint file " + file + " is corrupt: expected a JSON object");
            }
            return e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("checkpoint file " + file + " is corrupt or truncated: " + e.getMessage(), e);
        }
    }

    private static String read(Path f) {
        return new String(readBytes(f), StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new IllegalArgumentException("checkpoint file " + f + " cannot be read: " + e, e);
        }
    }

    /** Versions of the runtime and of jmegym and ND4J. */
    public static Map<String, String> versions() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("jmegym", JMEGYM_VERSION);
        v.put("java", System.getProperty("java.version"));
        v.put("nd4j", mavenVersion("org.nd4j", "nd4j-api"));
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        return v;
    }

    private static String mavenVersion(String group, String artifact) {
        String res = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = Checkpoint.class.getResourceAsStream(res)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The git commit of the working directory, or null when unknown. */
    public static String gitCommit() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            if (!p.waitFor(2, TimeUnit.SECONDS) || p.exitValue() != 0 || !out.matches("[0-9a-f]{40}")) {
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
