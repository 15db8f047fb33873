package io.github.jmegym.agent.run;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import io.github.jmegym.agent.ConfigJson;
import java.util.List;
import java.util.Set;

/**
 * What a run was asked to do, recorded in every checkpoint's manifest (under {@value #KEY}) and in {@code run.json},
 * so that {@code --resume} continues exactly that: the env steps to reach, the mean return to stop at (or none), and
 * how many checkpoints to keep.
 *
 * @param totalSteps env steps of the whole run (>= 1)
 * @param stopAtMeanReturn stop when the mean return of the last 10 episodes reaches it, or null (absent in JSON) to run all steps
 * @param keepCheckpoints checkpoints kept besides the best (>= 1), or 0 to keep all
 */
public record RunPlan(long totalSteps, Double stopAtMeanReturn, int keepCheckpoints) {
    /** The manifest key. */
    public static final String KEY = "plan";
    /** The default of {@code --keep-checkpoints}. */
    public static final int DEFAULT_KEEP = 5;
    private static final Set<String> FIELDS = Set.of("total_steps", "stop_at_mean_return", "keep_checkpoints");

    /** Validates. */
    public RunPlan {
        if (totalSteps < 1) {
            throw new IllegalArgumentException("run plan: totalSteps=" + totalSteps + "; expected >= 1 env step");
        }
        if (stopAtMeanReturn != null && !Double.isFinite(stopAtMeanReturn)) {
            throw new IllegalArgumentException("run plan: stopAtMeanReturn=" + stopAtMeanReturn + "; expected a finite number or none");
        }
        if (keepCheckpoints < 0) {
            throw new IllegalArgumentException("run plan: keepCheckpoints=" + keepCheckpoints + "; expected >= 1, or 0 to keep all");
        }
    }

    /** The JSON form ({@code total_steps}, {@code stop_at_mean_return} (null for none), {@code keep_checkpoints}). */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("total_steps", totalSteps);
        if (stopAtMeanReturn != null) {
            o.addProperty("stop_at_mean_return", stopAtMeanReturn);
        } else {
            o.add("stop_at_mean_return", JsonNull.INSTANCE);
        }
        o.addProperty("keep_checkpoints", keepCheckpoints);
        return o;
    }

    /** Reads the JSON form strictly; {@code where} names the file in messages. */
    public static RunPlan fromJson(JsonElement e, String where) {
        if (e == null || !e.isJsonObject()) {
            throw new IllegalArgumentException(where + ": " + KEY + "=" + e + "; expected an object with " + FIELDS);
        }
        JsonObject o = e.getAsJsonObject();
        for (String k : o.keySet()) {
            if (!FIELDS.contains(k)) {
                throw ConfigJson.unknownKey(where + " " + KEY, k, FIELDS);
            }
        }
        for (String k : List.of("total_steps", "keep_checkpoints")) {
            if (!o.has(k)) {
                throw new IllegalArgumentException(where + ": " + KEY + " has no " + k);
            }
        }
        JsonElement stop = o.has("stop_at_mean_return") ? o.get("stop_at_mean_return") : JsonNull.INSTANCE;
        try {
            return new RunPlan(ConfigJson.integer(o.get("total_steps"), KEY + ".total_steps", where, 1, Long.MAX_VALUE),
                    stop.isJsonNull() ? null : ConfigJson.real(stop, KEY + ".stop_at_mean_return", where),
                    (int) ConfigJson.integer(o.get("keep_checkpoints"), KEY + ".keep_checkpoints", where, 0, Integer.MAX_VALUE));
        } catch (IllegalArgumentException ex) {
            throw ex.getMessage().startsWith(where) ? ex : new IllegalArgumentException(where + ": " + ex.getMessage(), ex);
        }
    }

    /** "2000 env steps, stopping at mean return 475.0" or "... no early stop", and the retention. */
    public String describe() {
        return totalSteps + " env steps, " + (stopAtMeanReturn != null ? "stopping early at mean return " + stopAtMeanReturn
                : "no early stop") + ", keeping " + (keepCheckpoints == 0 ? "all" : "the last " + keepCheckpoints + " and the best")
                + " checkpoints";
    }
}
