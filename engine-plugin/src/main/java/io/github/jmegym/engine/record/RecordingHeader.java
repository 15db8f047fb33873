package io.github.jmegym.engine.record;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * The first line of a recording: what is needed to rebuild the env and re-simulate the episode.
 *
 * @param envId the registered env id ({@code Envs.make(envId, kwargs)} rebuilds it)
 * @param kwargs the kwargs the env was made with (render kwargs removed)
 * @param maxEpisodeSteps the time limit the env had, or {@code null}
 * @param seed the seed of the episode's reset (every recorded episode is seeded)
 * @param episode the episode's index in its run (0-based), or -1 when unknown
 * @param world a description of the world ({@code GameWorld.name()}), or the env's class for other envs
 * @param physicsDt the physics step in seconds (0 for envs without a simulation)
 * @param ticksPerDecision physics ticks per decision (0 for envs without a simulation)
 * @param observationSpace the observation space's JSON form
 * @param actionSpace the action space's JSON form
 * @param spatialNames the names of the tracked spatials, in the order of every step's transforms
 * @param spatialTags their tags, in the same order
 * @param created when recording started (ISO-8601 instant)
 */
public record RecordingHeader(String envId, Map<String, Object> kwargs, Integer maxEpisodeSteps, long seed, long episode,
                              String world, float physicsDt, int ticksPerDecision, JsonObject observationSpace,
                              JsonObject actionSpace, List<String> spatialNames, List<String> spatialTags,
                              String created) {
    /** Validates and copies. */
    public RecordingHeader {
        if (envId == null || envId.isBlank()) {
            throw new IllegalArgumentException("RecordingHeader: env id is empty");
        }
        if (observationSpace == null || actionSpace == null) {
            throw new IllegalArgumentException("RecordingHeader(" + envId + "): the spaces must be set");
        }
        if (spatialNames.size() != spatialTags.size()) {
            throw new IllegalArgumentException("RecordingHeader(" + envId + "): " + spatialNames.size() + " spatial names but "
                    + spatialTags.size() + " tags");
        }
        kwargs = kwargs == null ? Map.of() : Map.copyOf(kwargs);
        spatialNames = List.copyOf(spatialNames);
        spatialTags = List.copyOf(spatialTags);
    }
}
