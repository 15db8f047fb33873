package io.github.jmegym.agent.run;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.jmegym.agent.ConfigJson;
import io.github.jmegym.envs.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * {@code run.json}: the run's env, seed and current {@link RunPlan}, and one segment per start or resume (the step it
 * started from, the plan, what the command line changed, how it finished), rewritten atomically at each start and
 * finish. A record for people: resume restores the plan from the checkpoint's manifest, which always matches the
 * checkpoint being resumed.
 */
public final class RunRecord {
    /** The key of how a run (or segment) finished: {@code {"reason": "solved"|"total_steps", "step": N, ...}}. */
    public static final String FINISHED = "finished";

    /** Pretty JSON that keeps {@code "stop_at_mean_return": null}: "no early stop" said, not left out. */
    private static final com.google.gson.Gson PRETTY_WITH_NULLS = new com.google.gson.GsonBuilder().setPrettyPrinting()
            .serializeNulls().disableHtmlEscaping().create();

    private final Path file;
    private final JsonObject root;

    private RunRecord(Path file, JsonObject root) {
        this.file = file;
        this.root = root;
    }

    /** Adds a segment starting at {@code fromStep} to the run folder's record (a new one when absent) and writes it. */
    public static RunRecord start(Path runDir, String envId, long seed, long fromStep, RunPlan plan, List<String> changes) {
        Path file = runDir.resolve(RunFolder.RUN);
        JsonObject root;
        if (Files.isRegularFile(file)) {
            root = ConfigJson.parseObject(AtomicFiles.readString(file), file.toString());
        } else {
            root = new JsonObject();
        }
        root.addProperty("env_id", envId);
        root.addProperty("seed", seed);
        root.add(RunPlan.KEY, plan.toJson());
        root.remove(FINISHED);
        JsonElement segs = root.get("segments");
        JsonArray segments = segs != null && segs.isJsonArray() ? segs.getAsJsonArray() : new JsonArray();
        JsonObject seg = new JsonObject();
        seg.addProperty("from_step", fromStep);
        seg.addProperty("started", Instant.now().toString());
        seg.add(RunPlan.KEY, plan.toJson());
        seg.add("changes", Json.GSON.toJsonTree(changes));
        segments.add(seg);
        root.add("segments", segments);
        RunRecord r = new RunRecord(file, root);
        r.write();
        return r;
    }

    /** Records how the run finished (on the run and on the current segment) and writes the record. */
    public void finish(JsonObject finished) {
        root.add(FINISHED, finished);
        JsonArray segments = root.getAsJsonArray("segments");
        segments.get(segments.size() - 1).getAsJsonObject().add(FINISHED, finished);
        write();
    }

    private void write() {
        AtomicFiles.writeString(file, PRETTY_WITH_NULLS.toJson(root));
    }
}
