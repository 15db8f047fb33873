package io.github.jmegym.envs;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * The registration of an env, as Gymnasium's {@code EnvSpec}.
 *
 * @param id the id, e.g. {@code CartPole-v1} ({@code Name-vN})
 * @param maxEpisodeSteps the time limit that {@link Envs#make} applies, or {@code null} for none
 * @param rewardThreshold the return at which the task counts as solved, or {@code null}
 * @param kwargs default keyword arguments of the factory (merged under the caller's)
 * @param renderModes render modes the env supports (e.g. {@code rgb_array}), possibly empty
 * @param renderFps frames per second of rendered episodes (0 when unknown)
 * @param autoresetMode the autoreset mode vector envs of this env use by default
 */
public record EnvSpec(String id, Integer maxEpisodeSteps, Double rewardThreshold, Map<String, Object> kwargs,
                      List<String> renderModes, int renderFps, AutoresetMode autoresetMode) {

    /** Validates the id and copies the collections. */
    public EnvSpec {
        if (id == null || !id.matches("[A-Za-z0-9_./:-]+-v\\d+")) {
            throw new IllegalArgumentException("EnvSpec: id '" + id + "' must look like Name-vN, e.g. CartPole-v1");
        }
        if (maxEpisodeSteps != null && maxEpisodeSteps <= 0) {
            throw new IllegalArgumentException("EnvSpec " + id + ": maxEpisodeSteps=" + maxEpisodeSteps + "; expected > 0 or null");
        }
        kwargs = kwargs == null ? Map.of() : Map.copyOf(kwargs);
        renderModes = renderModes == null ? List.of() : List.copyOf(renderModes);
        autoresetMode = autoresetMode == null ? AutoresetMode.NEXT_STEP : autoresetMode;
    }

    /** A spec with only an id and a time limit. */
    public static EnvSpec of(String id, Integer maxEpisodeSteps, Double rewardThreshold) {
        return new EnvSpec(id, maxEpisodeSteps, rewardThreshold, Map.of(), List.of(), 0, AutoresetMode.NEXT_STEP);
    }

    /** This spec with another time limit. */
    public EnvSpec withMaxEpisodeSteps(Integer steps) {
        return new EnvSpec(id, steps, rewardThreshold, kwargs, renderModes, renderFps, autoresetMode);
    }

    /** This spec with other default keyword arguments. */
    public EnvSpec withKwargs(Map<String, Object> newKwargs) {
        return new EnvSpec(id, maxEpisodeSteps, rewardThreshold, newKwargs, renderModes, renderFps, autoresetMode);
    }

    /** The JSON form sent to Python (field names as Gymnasium's {@code EnvSpec}). */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("id", id);
        o.addProperty("max_episode_steps", maxEpisodeSteps);
        o.addProperty("reward_threshold", rewardThreshold);
        o.add("kwargs", Json.GSON.toJsonTree(kwargs));
        JsonObject meta = new JsonObject();
        meta.add("render_modes", Json.GSON.toJsonTree(renderModes));
        meta.addProperty("render_fps", renderFps);
        meta.addProperty("autoreset_mode", autoresetMode.gymName());
        o.add("metadata", meta);
        return o;
    }
}
