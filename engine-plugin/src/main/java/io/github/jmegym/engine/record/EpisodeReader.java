package io.github.jmegym.engine.record;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;
import io.github.jmegym.envs.Json;
import io.github.jmegym.envs.spaces.Space;
import io.github.jmegym.envs.spaces.Spaces;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a recording written by {@link EpisodeRecorder} (gzip or plain, told apart by the gzip magic bytes), checking
 * every line; anything wrong (bad JSON, a missing or mistyped field, an action outside the action space, steps out
 * of order, a file cut short) is a {@link RecordingFormatException} naming the file and the line.
 */
public final class EpisodeReader {
    private final Path file;
    private long line;
    private boolean float32Obs;
    private IOException streamError;

    private EpisodeReader(Path file) {
        this.file = file;
    }

    /** Reads and checks a whole recording. */
    public static Recording read(Path file) {
        return new EpisodeReader(file).readAll();
    }

    private Recording readAll() {
        try (BufferedReader in = open()) {
            RecordingHeader header = header(next(in, "the header line"));
            Space<?> actions = Spaces.fromJson(header.actionSpace());
            float32Obs = EpisodeCodec.float32(Spaces.fromJson(header.observationSpace()));
            RecordedStep reset = step(next(in, "the reset line"), "reset", 0, header, actions);
            List<RecordedStep> steps = new ArrayList<>();
            while (true) {
                JsonObject o = next(in, "step " + (steps.size() + 1) + " or the end line");
                String type = string(o, "type");
                if (type.equals("end")) {
                    int n = integer(o, "steps");
                    if (n != steps.size()) {
                        throw fail("the end line says " + n + " steps but the file has " + steps.size(), null);
                    }
                    boolean complete = bool(o, "complete");
                    RecordedStep last = steps.isEmpty() ? reset : steps.get(steps.size() - 1);
                    if (complete != (last.terminated() || last.truncated())) {
                        throw fail("the end line says complete=" + complete + " but the last step has terminated="
                                + last.terminated() + ", truncated=" + last.truncated(), null);
                    }
                    double ret = number(o, "return");
                    if (in.readLine() != null) {
                        line++;
                        throw fail("text after the end line", null);
                    }
                    if (streamError != null) {
                        throw new RecordingFormatException(file, line + 1, "damaged gzip data after the end line ("
                                + streamError.getMessage() + ")", streamError);
                    }
                    return new Recording(file, header, reset, steps, ret, complete);
                }
                RecordedStep s = step(o, "step", steps.size() + 1, header, actions);
                RecordedStep prev = steps.isEmpty() ? reset : steps.get(steps.size() - 1);
                if (prev.terminated() || prev.truncated()) {
                    throw fail("step " + s.index() + " follows the end of the episode at step " + prev.index(), null);
                }
                steps.add(s);
            }
        } catch (NoSuchFileException e) {
            throw new RecordingFormatException(file, 0, "no such file", e);
        } catch (CharacterCodingException e) {
            throw new RecordingFormatException(file, line + 1, "not UTF-8 text: the file is corrupt or not a recording", e);
        } catch (IOException e) {
            throw new RecordingFormatException(file, line, "cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * The file's text, decompressed whole first: when the gzip data ends early or is corrupt, the lines before the
     * damage are still read (and checked), and the error names the first damaged line.
     */
    private BufferedReader open() throws IOException {
        byte[] raw = Files.readAllBytes(file);
        byte[] text = raw;
        if (raw.length >= 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length * 8);
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw), 1 << 16)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                }
            } catch (EOFException | ZipException e) {
                streamError = e;
            }
            text = out.toByteArray();
            if (streamError != null) {
                // keep the complete lines only; the damaged one is reported where reading stops
                int end = text.length;
                while (end > 0 && text[end - 1] != '\n') {
                    end--;
                }
                text = Arrays.copyOf(text, end);
            }
        }
        return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(text), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
    }

    private JsonObject next(BufferedReader in, String expected) throws IOException {
        String text = in.readLine();
        if (text == null && streamError != null) {
            throw new RecordingFormatException(file, line + 1, (streamError instanceof EOFException
                    ? "the gzip data ends early in this line: the file is truncated (cut off while it was written or copied)"
                    : "corrupt gzip data in this line (" + streamError.getMessage() + ")"), streamError);
        }
        if (text == null) {
            throw new RecordingFormatException(file, line, line == 0 ? "empty file; expected a jmegym recording"
                    : "the file ends after line " + line + " where " + expected + " was expected: the recording is "
                    + "truncated (cut off while it was written or copied)", null);
        }
        line++;
        try {
            JsonElement e = JsonParser.parseString(text);
            if (!e.isJsonObject()) {
                throw fail("expected a JSON object, got " + abbreviate(text), null);
            }
            return e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw fail("not valid JSON (" + rootMessage(e) + "): " + abbreviate(text), e);
        }
    }

    private RecordingHeader header(JsonObject o) {
        if (!o.has("format") || !EpisodeCodec.FORMAT.equals(stringOrNull(o, "format"))) {
            throw fail("not a jmegym recording: the first line has no \"format\": \"" + EpisodeCodec.FORMAT + "\"", null);
        }
        int version = integer(o, "version");
        if (version != EpisodeCodec.VERSION) {
            throw fail("format version " + version + "; this jmegym reads version " + EpisodeCodec.VERSION, null);
        }
        try {
            Map<String, Object> kwargs = Json.GSON.fromJson(o.get("kwargs"), new TypeToken<Map<String, Object>>() { }.getType());
            JsonElement max = o.get("max_episode_steps");
            List<String> names = Json.GSON.fromJson(require(o, "spatials"), new TypeToken<List<String>>() { }.getType());
            List<String> tags = Json.GSON.fromJson(require(o, "tags"), new TypeToken<List<String>>() { }.getType());
            JsonObject obsSpace = require(o, "observation_space").getAsJsonObject();
            JsonObject actSpace = require(o, "action_space").getAsJsonObject();
            Spaces.fromJson(obsSpace);
            Spaces.fromJson(actSpace);
            return new RecordingHeader(string(o, "env_id"), kwargs, max == null || max.isJsonNull() ? null : max.getAsInt(),
                    require(o, "seed").getAsLong(), require(o, "episode").getAsLong(), string(o, "world"),
                    require(o, "physics_dt").getAsFloat(), integer(o, "ticks_per_decision"), obsSpace, actSpace, names,
                    tags, string(o, "created"));
        } catch (RecordingFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw fail("bad header: " + rootMessage(e), e);
        }
    }

    private RecordedStep step(JsonObject o, String type, int index, RecordingHeader h, Space<?> actions) {
        String t = string(o, "type");
        if (!t.equals(type)) {
            throw fail("expected a \"" + type + "\" line" + (index > 0 ? " (step " + index + ")" : "") + ", got type \"" + t + "\"", null);
        }
        try {
            Object action = null;
            double reward = 0;
            boolean term = false;
            boolean trunc = false;
            Map<String, Object> info = Map.of();
            if (index > 0) {
                int at = integer(o, "t");
                if (at != index) {
                    throw fail("step number t=" + at + "; expected " + index + " (a line is missing or repeated)", null);
                }
                action = EpisodeCodec.action(require(o, "action"), actions);
                reward = number(o, "reward");
                term = bool(o, "terminated");
                trunc = bool(o, "truncated");
                if (o.has("info")) {
                    info = Json.GSON.fromJson(o.get("info"), new TypeToken<Map<String, Object>>() { }.getType());
                }
            }
            double[] obs = EpisodeCodec.values(require(o, "observation").getAsJsonArray(), float32Obs);
            float[][] tf = EpisodeCodec.transforms(require(o, "transforms").getAsJsonArray(), h.spatialNames().size());
            return new RecordedStep(index, action, reward, term, trunc, obs, tf, info, line);
        } catch (RecordingFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw fail("bad " + type + " line" + (index > 0 ? " (step " + index + ")" : "") + ": " + rootMessage(e), e);
        }
    }

    private JsonElement require(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            throw fail("missing field \"" + key + "\"", null);
        }
        return e;
    }

    private String string(JsonObject o, String key) {
        JsonElement e = require(o, key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw fail("field \"" + key + "\" is " + e + "; expected a string", null);
        }
        return e.getAsString();
    }

    private static String stringOrNull(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }

    private double number(JsonObject o, String key) {
        JsonElement e = require(o, key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw fail("field \"" + key + "\" is " + e + "; expected a number", null);
        }
        return e.getAsDouble();
    }

    private int integer(JsonObject o, String key) {
        double d = number(o, key);
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw fail("field \"" + key + "\" is " + d + "; expected an integer", null);
        }
        return (int) d;
    }

    private boolean bool(JsonObject o, String key) {
        JsonElement e = require(o, key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw fail("field \"" + key + "\" is " + e + "; expected true or false", null);
        }
        return e.getAsBoolean();
    }

    private RecordingFormatException fail(String problem, Throwable cause) {
        return new RecordingFormatException(file, line, problem, cause);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
