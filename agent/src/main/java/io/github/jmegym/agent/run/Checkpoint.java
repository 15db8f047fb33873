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
            Path tmp = Files.createTempDirectory(parent, ".tmp-step-" + step + "-");
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
            if (Files.exists(target)) {
                Path old = Files.createTempDirectory(parent, ".old-step-" + step + "-");
                Files.delete(old);
                Files.move(target, old);
                deleteTree(old);
            }
            Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
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
        Path dir = Files.isDirectory(path.resolve(CHECKPOINTS)) ? path.resolve(CHECKPOINTS) : path;
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> steps = s.filter(p -> p.getFileName().toString().matches("step-\\d+") && Files.isDirectory(p))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
            if (steps.isEmpty()) {
                throw new IllegalArgumentException("model " + path + " holds no checkpoint (no " + CHECKPOINTS
                        + "/step-N folder with a " + MANIFEST + ")");
            }
            return steps.get(steps.size() - 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
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

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
