package io.github.jmegym.engine.record;

import io.github.jmegym.engine.WorldEnv;
import io.github.jmegym.engine.WorldSimulation;
import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.Reset;
import io.github.jmegym.envs.Step;
import io.github.jmegym.envs.wrappers.Wrapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongPredicate;

/**
 * Records episodes of an env to files in a directory, one {@code <id>-ep<episode>-seed<seed>.jsonl.gz} per
 * episode: every episode (evaluation), every N-th (training) or on demand ({@link #recordNextEpisode()}), chosen by
 * a trigger on the episode index as Gymnasium's {@code RecordVideo} does. Engine envs ({@link WorldEnv} below the
 * wrappers) also get the transforms of their tagged spatials recorded; other envs record observations only.
 *
 * <p>A recorded episode must be re-simulable from its seed, so a recorded episode whose {@code reset} got no seed
 * is reset with a seed drawn from this wrapper's own generator (seeded by the constructor): recording changes the
 * random stream of unseeded episodes, but runs stay deterministic for a given seed.
 *
 * @param <A> the action type
 */
public final class RecordEpisodes<A> extends Wrapper<double[], A> {
    /** Kwargs that only choose how an env renders: left out of recordings, so replays do not need a renderer. */
    public static final List<String> RENDER_KWARGS = List.of("render_mode", "render_width", "render_height");
    private final Path dir;
    private final LongPredicate trigger;
    private final SplittableRandom seeds;
    private final List<Path> written = new ArrayList<>();
    private long episode = -1;
    private boolean onDemand;
    private EpisodeRecorder recorder;

    /**
     * @param env the env to record (its observations are flat {@code double[]})
     * @param dir the directory the recordings go to (created when missing)
     * @param trigger which episodes (0-based index) to record, e.g. {@link #everyNth(long)}
     * @param seed seeds the generator of the seeds given to recorded episodes that were reset without one
     */
    public RecordEpisodes(Env<double[], A> env, Path dir, LongPredicate trigger, long seed) {
        super(env);
        if (dir == null || trigger == null) {
            throw new IllegalArgumentException("RecordEpisodes(" + env.spec().id() + "): dir and trigger must not be null");
        }
        this.dir = dir;
        this.trigger = trigger;
        this.seeds = new SplittableRandom(seed);
    }

    /** A trigger recording every episode (evaluation). */
    public static LongPredicate always() {
        return e -> true;
    }

    /** A trigger recording episodes 0, n, 2n, ... ({@code n >= 1}). */
    public static LongPredicate everyNth(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("RecordEpisodes.everyNth(" + n + "): expected n >= 1");
        }
        return e -> e % n == 0;
    }

    /** A trigger recording nothing unless asked with {@link #recordNextEpisode()}. */
    public static LongPredicate onDemand() {
        return e -> false;
    }

    /** Records the next episode (the one the next {@code reset} starts) whatever the trigger says. */
    public void recordNextEpisode() {
        onDemand = true;
    }

    /** Whether the current episode is being recorded. */
    public boolean recording() {
        return recorder != null;
    }

    /** The recordings finished so far, in order. */
    public List<Path> written() {
        return List.copyOf(written);
    }

    @Override
    public Reset<double[]> reset(Long seed, Map<String, ?> options) {
        finishRecording();
        episode++;
        boolean record = onDemand || trigger.test(episode);
        onDemand = false;
        if (!record) {
            return env.reset(seed, options);
        }
        long s = seed != null ? seed : seeds.nextLong();
        Reset<double[]> r = env.reset(s, options);
        WorldSimulation sim = env.unwrapped() instanceof WorldEnv<?> w ? w.simulation() : null;
        TrackedSpatials tracked = sim == null ? TrackedSpatials.none() : TrackedSpatials.of(sim.rootNode());
        Map<String, Object> kwargs = new HashMap<>(env.spec().kwargs());
        RENDER_KWARGS.forEach(kwargs::remove);
        RecordingHeader h = new RecordingHeader(env.spec().id(), kwargs, env.spec().maxEpisodeSteps(), s, episode,
                sim == null ? env.unwrapped().getClass().getSimpleName() : sim.world().name(),
                sim == null ? 0f : sim.config().physicsDt(), sim == null ? 0 : sim.config().ticksPerDecision(),
                env.observationSpace().toJson(), env.actionSpace().toJson(), tracked.names(), tracked.tags(),
                Instant.now().toString());
        String name = String.format("%s-ep%06d-seed%d.jsonl.gz", env.spec().id().replaceAll("[^A-Za-z0-9._-]", "_"), episode, s);
        recorder = EpisodeRecorder.start(dir.resolve(name), h, tracked);
        recorder.reset(r.observation());
        return r;
    }

    @Override
    public Step<double[]> step(A action) {
        Step<double[]> s = env.step(action);
        if (recorder != null) {
            recorder.step(action, s.reward(), s.terminated(), s.truncated(), s.observation(), s.info());
            if (s.terminated() || s.truncated()) {
                finishRecording();
            }
        }
        return s;
    }

    private void finishRecording() {
        if (recorder != null) {
            EpisodeRecorder r = recorder;
            recorder = null;
            written.add(r.finish());
        }
    }

    /** Finishes a recording in progress (kept, marked incomplete) and closes the env. */
    @Override
    public void close() {
        try {
            finishRecording();
        } finally {
            env.close();
        }
    }
}
