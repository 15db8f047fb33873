package io.github.jmegym.agent.run;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.jmegym.agent.MetricsSink;
import io.github.jmegym.envs.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Appends one JSON line per update ({@code {"step": N, "train/approx_kl": ..., ...}}) to {@code metrics.jsonl}. */
public final class JsonlMetricsSink implements MetricsSink, AutoCloseable {
    private final Path file;
    private final BufferedWriter out;

    /** Opens (appending to) the file. */
    public JsonlMetricsSink(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void record(long totalSteps, Map<String, Double> metrics) {
        JsonObject o = new JsonObject();
        o.addProperty("step", totalSteps);
        metrics.forEach(o::addProperty);
        try {
            out.write(Json.GSON.toJson(o));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** One line of a metrics file: the env steps and the metrics of one update. */
    public record Row(long step, Map<String, Double> metrics) {
    }

    /**
     * The rows of a metrics file in file order (empty when it does not exist); lines that are not a JSON object with
     * a numeric {@code step} (a line torn by a kill) are skipped, as are non-numeric values.
     */
    public static List<Row> readAll(Path file) {
        List<Row> rows = new ArrayList<>();
        for (String line : lines(file)) {
            Row r = parse(line);
            if (r != null) {
                rows.add(r);
            }
        }
        return rows;
    }

    /**
     * Makes a metrics file continue from a resumed checkpoint: keeps the lines whose step is at most {@code step} and
     * above every earlier kept line's, and moves the others (the tail written after the checkpoint by a run that was
     * then killed, and torn lines) to {@code discarded}, appended, so nothing is lost. Both files are rewritten
     * atomically ({@code discarded} first), so env steps in {@code file} never go backwards.
     *
     * @return the number of lines moved
     */
    public static int trimAfter(Path file, long step, Path discarded) {
        List<String> kept = new ArrayList<>();
        List<String> cut = new ArrayList<>();
        long last = Long.MIN_VALUE;
        for (String line : lines(file)) {
            if (line.isBlank()) {
                continue;
            }
            Row r = parse(line);
            if (r != null && r.step() <= step && r.step() > last) {
                kept.add(line);
                last = r.step();
            } else {
                cut.add(line);
            }
        }
        if (cut.isEmpty()) {
            return 0;
        }
        List<String> before = lines(discarded);
        StringBuilder d = new StringBuilder();
        before.stream().filter(l -> !l.isBlank()).forEach(l -> d.append(l).append('\n'));
        cut.forEach(l -> d.append(l).append('\n'));
        AtomicFiles.writeString(discarded, d.toString());
        StringBuilder k = new StringBuilder();
        kept.forEach(l -> k.append(l).append('\n'));
        AtomicFiles.writeString(file, k.toString());
        return cut.size();
    }

    private static List<String> lines(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Row parse(String line) {
        try {
            JsonElement e = JsonParser.parseString(line);
            if (!e.isJsonObject()) {
                return null;
            }
            JsonObject o = e.getAsJsonObject();
            JsonElement st = o.get("step");
            if (st == null || !st.isJsonPrimitive() || !st.getAsJsonPrimitive().isNumber()) {
                return null;
            }
            Map<String, Double> m = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> kv : o.entrySet()) {
                if (!kv.getKey().equals("step") && kv.getValue().isJsonPrimitive()
                        && kv.getValue().getAsJsonPrimitive().isNumber()) {
                    m.put(kv.getKey(), kv.getValue().getAsDouble());
                }
            }
            return new Row(st.getAsLong(), m);
        } catch (JsonParseException | NumberFormatException e) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file + ": " + e.getMessage(), e);
        }
    }
}
