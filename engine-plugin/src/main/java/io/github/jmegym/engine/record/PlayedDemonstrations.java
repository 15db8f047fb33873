package io.github.jmegym.engine.record;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.Space;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the decisions {@code play --keyboard --record FILE.jsonl} writes ({@code DemonstrationRecorder}: one JSON line
 * per decision with the env id, the episode, the observation the brain saw, the action, the reward and the flags)
 * back as episodes.
 */
public final class PlayedDemonstrations {
    /** The file names of played demonstrations. */
    public static final String SUFFIX = ".jsonl";

    private PlayedDemonstrations() {
    }

    /** One played episode: the observation seen before each decision, the action taken and the reward that followed. */
    public record Episode(List<double[]> observations, List<Object> actions, List<Double> rewards) {
    }

    /**
     * The episodes of {@code file}, each line checked against the env and its spaces.
     *
     * @throws IllegalArgumentException naming the file and line, for another env, an observation outside the Box's
     *         shape, an action outside the action space, or a malformed line
     */
    public static List<Episode> read(Path file, String envId, Box observationSpace, Space<?> actionSpace) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("demonstration " + file + ": cannot read it: " + e.getMessage(), e);
        }
        List<Episode> episodes = new ArrayList<>();
        Episode current = null;
        long episode = Long.MIN_VALUE;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String where = "demonstration " + file + " line " + (i + 1);
            try {
                JsonObject o = JsonParser.parseString(lines.get(i)).getAsJsonObject();
                String id = o.get("env_id").getAsString();
                if (!id.equals(envId)) {
                    throw new IllegalArgumentException("recorded with env " + id + ", expected " + envId
                            + "; record demonstrations of the env being trained");
                }
                double[] obs = EpisodeCodec.values(o.getAsJsonArray("obs"), false);
                if (obs.length != observationSpace.size()) {
                    throw new IllegalArgumentException("observation of " + obs.length + " values, expected observation "
                            + "space " + observationSpace);
                }
                Object action = EpisodeCodec.action(o.get("action"), actionSpace);
                long ep = o.get("episode").getAsLong();
                if (current == null || ep != episode) {
                    current = new Episode(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
                    episodes.add(current);
                    episode = ep;
                }
                current.observations().add(obs);
                current.actions().add(action);
                current.rewards().add(o.get("reward").getAsDouble());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(where + ": malformed line (" + e + ")", e);
            }
        }
        return episodes;
    }
}
