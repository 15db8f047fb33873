package io.github.jmegym.engine.record;

import io.github.jmegym.engine.AgentStep;
import io.github.jmegym.engine.WorldSimulation;
import io.github.jmegym.engine.app.EpisodeObserver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records every episode of a game's one-agent scene ({@code play --record DIR}, or a {@code TrainingAppState} of your
 * own through {@code observeEpisodes}) in the format of {@code jmegym record}: one
 * {@code <id>-ep<episode>-seed<seed>.jsonl.gz} per episode in {@code dir}, episode {@code k} reset with seed
 * {@code seed + k}, so that {@code replay --check}, {@code render} and behaviour cloning ({@code bc},
 * {@code train --demos}) read it like any recording. An episode cut by the end of the game or a mode switch is kept
 * with its end line saying it is incomplete; one without a decision is dropped.
 */
public final class PlayRecorder implements EpisodeObserver {
    private final Path dir;
    private final String envId;
    private final Map<String, Object> kwargs;
    private final Integer maxEpisodeSteps;
    private final long seed;
    private final List<Path> written = new ArrayList<>();
    private long episode;
    private EpisodeRecorder current;
    private int steps;

    /**
     * @param dir the folder the recordings go to (created when missing)
     * @param envId the registered id that rebuilds the world ({@code Envs.make(envId, kwargs)})
     * @param kwargs the kwargs it was made with
     * @param maxEpisodeSteps the game's time limit in decisions (written into each header), or null for none
     * @param seed the seed of the first episode; episode {@code k} gets {@code seed + k}
     */
    public PlayRecorder(Path dir, String envId, Map<String, Object> kwargs, Integer maxEpisodeSteps, long seed) {
        if (dir == null || envId == null) {
            throw new IllegalArgumentException("PlayRecorder: dir and envId must not be null");
        }
        this.dir = dir;
        this.envId = envId;
        Map<String, Object> k = new HashMap<>(kwargs == null ? Map.of() : kwargs);
        RecordEpisodes.OUTPUT_KWARGS.forEach(k::remove);
        this.kwargs = k;
        this.maxEpisodeSteps = maxEpisodeSteps;
        this.seed = seed;
    }

    @Override
    public long nextSeed() {
        end();   // an episode without a decision is dropped, and its index and seed go to the next
        return seed + episode;
    }

    @Override
    public void started(WorldSimulation sim, long episodeSeed) {
        end();
        Path file = dir.resolve(RecordEpisodes.fileName(RecordEpisodes.safeName(envId), episode, episodeSeed));
        current = EpisodeRecorder.forSimulation(file, envId, kwargs, maxEpisodeSteps, episodeSeed, episode, sim, 0);
        current.reset(sim.observe(0, "PlayRecorder reset of " + file.getFileName()));
        steps = 0;
    }

    @Override
    public void stepped(WorldSimulation sim, Object action, AgentStep step) {
        if (current == null || current.episodeEnded()) {
            throw new IllegalStateException("PlayRecorder(" + dir + "): a step outside an episode; the scene must "
                    + "be reset through the observer (started) before each episode");
        }
        current.step(action, step.reward(), step.terminated(), step.truncated(), step.observation(), step.info());
        steps++;
    }

    /** The recordings written so far, in episode order. */
    public synchronized List<Path> written() {
        return List.copyOf(written);
    }

    @Override
    public void close() {
        end();
    }

    private synchronized void end() {
        if (current == null) {
            return;
        }
        if (steps == 0) {
            current.abort();
        } else {
            written.add(current.finish());
            episode++;
        }
        current = null;
    }
}
