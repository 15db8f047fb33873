package io.github.jmegym.engine.app;

import com.google.gson.JsonObject;
import io.github.jmegym.engine.AgentStep;
import io.github.jmegym.engine.Decision;
import io.github.jmegym.envs.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Records an agent's decisions as a demonstration: one JSON line per decision with the observation the brain saw,
 * the action, the reward and the episode flags ({@code {"episode":0,"step":0,"obs":[...],"action":...,
 * "reward":0.1,"terminated":false,"truncated":false}}). {@link #save()} writes the file atomically (a temporary file
 * in the same folder, then a rename).
 */
public final class DemonstrationRecorder {
    private final Path file;
    private final String envId;
    private final List<String> lines = new ArrayList<>();
    private Decision pending;
    private int episode;
    private int step;

    /**
     * @param file where {@link #save()} writes (its folder must exist)
     * @param envId the env id, written into every line
     */
    public DemonstrationRecorder(Path file, String envId) {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("record " + file + ": the folder " + dir + " does not exist");
        }
        this.file = file;
        this.envId = envId;
    }

    /** Notes what the brain saw and chose (call before the decision's ticks). */
    public synchronized void decided(Decision d) {
        pending = d;
    }

    /**
     * Completes the pending decision with its outcome (call after the ticks).
     *
     * @param r the agent's outcome
     * @param timeLimit whether a time limit outside the agent cut the episode here (recorded as truncated)
     */
    public synchronized void stepped(AgentStep r, boolean timeLimit) {
        if (pending == null) {
            throw new IllegalStateException("record " + file + ": stepped() without decided()");
        }
        JsonObject o = new JsonObject();
        o.addProperty("env_id", envId);
        o.addProperty("episode", episode);
        o.addProperty("step", step);
        o.add("obs", Json.GSON.toJsonTree(pending.observation()));
        o.add("action", Json.GSON.toJsonTree(pending.action()));
        o.addProperty("reward", r.reward());
        o.addProperty("terminated", r.terminated());
        o.addProperty("truncated", r.truncated() || (timeLimit && !r.terminated()));
        lines.add(Json.GSON.toJson(o));
        pending = null;
        step++;
        if (r.terminated() || r.truncated() || timeLimit) {
            episode++;
            step = 0;
        }
    }

    /** Decisions recorded so far. */
    public synchronized int size() {
        return lines.size();
    }

    /** Writes every recorded decision to the file atomically; returns the file. */
    public synchronized Path save() {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("record " + file + ": cannot write the demonstration", e);
        }
        return file;
    }
}
