package io.github.jmegym.engine.record;

import com.google.gson.JsonObject;
import io.github.jmegym.engine.AgentControl;
import io.github.jmegym.engine.WorldSimulation;
import io.github.jmegym.engine.render.Frames;
import io.github.jmegym.envs.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes one episode to a JSON-lines file, gzip-compressed when the name ends in {@code .gz}: a header line
 * ({@link RecordingHeader}), a {@code reset} line, one {@code step} line per decision (action, reward,
 * observation, terminated/truncated, info and the world transforms of the {@link TrackedSpatials}) and an
 * {@code end} line. The file is written to a temporary file beside the target and renamed when
 * {@link #finish()} is called, so a reader never sees half a recording under the final name.
 *
 * <p>This is the API a game calls to record on demand (see {@link #forSimulation}); {@link RecordEpisodes} uses it
 * to record an env's episodes. Not thread-safe: the thread that steps the world records it.
 */
public final class EpisodeRecorder implements AutoCloseable {
    private final Path file;
    private final Path temp;
    private final Writer out;
    private final RecordingHeader header;
    private final TrackedSpatials tracked;
    private int steps = -1;
    private double episodeReturn;
    private boolean terminated;
    private boolean truncated;
    private boolean closed;

    private EpisodeRecorder(Path file, RecordingHeader header, TrackedSpatials tracked) throws IOException {
        if (!header.spatialNames().equals(tracked.names())) {
            throw new IllegalArgumentException("EpisodeRecorder(" + file + "): the header lists spatials "
                    + header.spatialNames() + " but the scene tracks " + tracked.names());
        }
        this.file = file.toAbsolutePath();
        this.header = header;
        this.tracked = tracked;
        Path dir = this.file.getParent();
        Files.createDirectories(dir);
        this.temp = Files.createTempFile(dir, "." + this.file.getFileName(), ".tmp");
        OutputStream os = Files.newOutputStream(temp);
        if (file.getFileName().toString().endsWith(".gz")) {
            os = new GZIPOutputStream(os, 1 << 16);
        }
        this.out = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
        writeHeader();
    }

    /**
     * Starts a recording.
     *
     * @param file where the finished recording goes ({@code .jsonl.gz}: gzip, the default; {@code .jsonl}: plain)
     * @param header what the first line says
     * @param tracked the spatials whose transforms every step stores (their names must match the header's)
     */
    public static EpisodeRecorder start(Path file, RecordingHeader header, TrackedSpatials tracked) {
        try {
            return new EpisodeRecorder(file, header, tracked);
        } catch (IOException e) {
            throw new UncheckedIOException("EpisodeRecorder: cannot create " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts recording agent {@code agent} of a running simulation, e.g. from a game on a key press: call it right
     * after the simulation's reset, then {@link #reset(double[])} with the agent's observation, {@link #step} after
     * every decision and {@link #finish()} when the episode ends.
     *
     * @param file where the recording goes
     * @param envId the id that rebuilds this world ({@code Envs.make(envId, kwargs)}) for re-simulation
     * @param kwargs the kwargs that rebuild it
     * @param seed the seed the simulation was reset with
     * @param sim the simulation
     * @param agent the index of the recorded agent in {@link WorldSimulation#agents()}
     */
    public static EpisodeRecorder forSimulation(Path file, String envId, Map<String, Object> kwargs, long seed,
                                                WorldSimulation sim, int agent) {
        return forSimulation(file, envId, kwargs, null, seed, -1, sim, agent);
    }

    /**
     * {@link #forSimulation(Path, String, Map, long, WorldSimulation, int)} with the time limit the game applies
     * (written into the header, so that a replay applies it too) and the episode's index.
     *
     * @param maxEpisodeSteps the game's time limit in decisions, or null for none
     * @param episode the episode's index in its run (0-based), or -1 when unknown
     */
    public static EpisodeRecorder forSimulation(Path file, String envId, Map<String, Object> kwargs,
                                                Integer maxEpisodeSteps, long seed, long episode, WorldSimulation sim,
                                                int agent) {
        AgentControl<?> a = sim.agents().get(agent);
        TrackedSpatials tracked = TrackedSpatials.of(sim.rootNode());
        RecordingHeader h = new RecordingHeader(envId, kwargs, maxEpisodeSteps, seed, episode, sim.world().name(),
                sim.config().physicsDt(), sim.config().ticksPerDecision(), a.observationSpace().toJson(),
                a.actionSpace().toJson(), tracked.names(), tracked.tags(), Instant.now().toString());
        return start(file, h, tracked);
    }

    private void writeHeader() throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("type", "header");
        o.addProperty("format", EpisodeCodec.FORMAT);
        o.addProperty("version", EpisodeCodec.VERSION);
        o.addProperty("env_id", header.envId());
        o.add("kwargs", Json.GSON.toJsonTree(header.kwargs()));
        o.addProperty("max_episode_steps", header.maxEpisodeSteps());
        o.addProperty("seed", header.seed());
        o.addProperty("episode", header.episode());
        o.addProperty("world", header.world());
        o.addProperty("physics_dt", header.physicsDt());
        o.addProperty("ticks_per_decision", header.ticksPerDecision());
        o.add("observation_space", header.observationSpace());
        o.add("action_space", header.actionSpace());
        o.add("spatials", Json.GSON.toJsonTree(header.spatialNames()));
        o.add("tags", Json.GSON.toJsonTree(header.spatialTags()));
        o.addProperty("created", header.created());
        line(o);
    }

    /** The header this recorder writes. */
    public RecordingHeader header() {
        return header;
    }

    /** The file the recording goes to once finished. */
    public Path file() {
        return file;
    }

    /** Records the state right after the reset. */
    public void reset(double[] observation) {
        checkOpen();
        if (steps >= 0) {
            throw new IllegalStateException("EpisodeRecorder(" + file + "): reset recorded twice; one file holds one episode");
        }
        JsonObject o = new JsonObject();
        o.addProperty("type", "reset");
        o.add("observation", EpisodeCodec.values(observation));
        o.add("transforms", EpisodeCodec.transforms(tracked.transforms()));
        line(o);
        steps = 0;
    }

    /**
     * Records one decision step: the action applied and what followed it; the spatials' transforms are read now.
     *
     * @param action the action (Integer, int[] or double[])
     * @param reward the step's reward
     * @param terminated whether the episode ended as terminal
     * @param truncated whether it was cut (time limit)
     * @param observation the observation after the step
     * @param info the step's info (numbers, strings, booleans)
     */
    public void step(Object action, double reward, boolean terminated, boolean truncated, double[] observation,
                     Map<String, ?> info) {
        checkOpen();
        if (steps < 0) {
            throw new IllegalStateException("EpisodeRecorder(" + file + "): step before reset; call reset(observation) first");
        }
        if (this.terminated || this.truncated) {
            throw new IllegalStateException("EpisodeRecorder(" + file + "): step after the episode ended at step " + steps);
        }
        steps++;
        JsonObject o = new JsonObject();
        o.addProperty("type", "step");
        o.addProperty("t", steps);
        o.add("action", EpisodeCodec.action(action));
        o.addProperty("reward", reward);
        o.addProperty("terminated", terminated);
        o.addProperty("truncated", truncated);
        o.add("observation", EpisodeCodec.values(observation));
        o.add("transforms", EpisodeCodec.transforms(tracked.transforms()));
        if (info != null && !info.isEmpty()) {
            o.add("info", Json.GSON.toJsonTree(info));
        }
        line(o);
        episodeReturn += reward;
        this.terminated = terminated;
        this.truncated = truncated;
    }

    /** Whether the recorded episode has ended. */
    public boolean episodeEnded() {
        return terminated || truncated;
    }

    /** Writes the end line and moves the file to its final name; returns it. Calling it again does nothing. */
    public Path finish() {
        if (closed) {
            return file;
        }
        if (steps < 0) {
            abort();
            throw new IllegalStateException("EpisodeRecorder(" + file + "): nothing recorded (no reset); file not written");
        }
        JsonObject o = new JsonObject();
        o.addProperty("type", "end");
        o.addProperty("steps", steps);
        o.addProperty("return", episodeReturn);
        o.addProperty("complete", terminated || truncated);
        line(o);
        closed = true;
        try {
            out.close();
            Frames.readableByAll(temp);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("EpisodeRecorder: cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** Drops the recording: closes and deletes the temporary file. */
    public void abort() {
        if (!closed) {
            closed = true;
            try {
                out.close();
            } catch (IOException ignored) {
                // the file is deleted anyway
            }
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                throw new UncheckedIOException("EpisodeRecorder: cannot delete " + temp + ": " + e.getMessage(), e);
            }
        }
    }

    /** {@link #finish()}: a recording stopped mid-episode is kept, its end line saying it is incomplete. */
    @Override
    public void close() {
        if (!closed && steps < 0) {
            abort();
        } else {
            finish();
        }
    }

    private void line(JsonObject o) {
        try {
            Json.GSON.toJson(o, out);
            out.write('\n');
        } catch (IOException e) {
            abort();
            throw new UncheckedIOException("EpisodeRecorder: cannot write " + temp + ": " + e.getMessage(), e);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("EpisodeRecorder(" + file + "): already finished");
        }
    }
}
