package io.github.jmegym.agent.run;

import com.google.gson.JsonObject;
import io.github.jmegym.agent.MetricsSink;
import io.github.jmegym.envs.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file + ": " + e.getMessage(), e);
        }
    }
}
