package io.github.jmegym.engine.record;

import io.github.jmegym.engine.WorldEnv;
import io.github.jmegym.engine.WorldSimulation;
import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.Kwargs;
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
import java.util.concurrent.atomic.AtomicInteger;
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
    /**
     * Kwargs that choose how an env is shown or recorded, not what it simulates: left out of recordings, so a replay
     * neither needs a renderer nor records again.
     */
    public static final List<String> OUTPUT_KWARGS = List.of("render_mode", "render_width", "render_height",
            "record_dir", "record_every", "record_seed");
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private final Path dir;
    private final LongPredicate trigger;
    private final Long baseSeed;
    private final String prefix;
    private SplittableRandom seeds;
    private Long firstSeed;
    private int stepsInEpisode;
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
        this(env, dir, trigger, seed, safeName(env.spec().id()));
    }

    private RecordEpisodes(Env<double[], A> env, Path dir, LongPredicate trigger, Long seed, String prefix) {
        super(env);
        if (dir == null || trigger == null) {
            throw new IllegalArgumentException("RecordEpisodes(" + env.spec().id() + "): dir and trigger must not be null");
        }
        this.dir = dir;
        this.trigger = trigger;
        this.baseSeed = seed;
        this.prefix = prefix;
    }

    /**
     * Applies the recording kwargs to a freshly made env (the engine worlds' factory does), so that training code
     * that makes envs with kwargs (Java {@code Envs.makeVec(..., kwargs)}, Python {@code gym.make(..., **kwargs)},
     * SB3's {@code env_kwargs}) records without code changes: {@code record_dir} (a directory; none: no recording),
     * {@code record_every} (record episodes 0, N, 2N, ... of each env; default 1) and {@code record_seed} (seeds
     * the seeds of recorded episodes that were reset without one; default: the env's first reset seed). Files are
     * named {@code <id>-w<k>-ep<episode>-seed<seed>.jsonl.gz}, {@code k} telling the envs of one process apart.
     * Recording sits below the time limit that {@code Envs.make} adds; it marks the step that reaches the spec's
     * {@code max_episode_steps} as truncated, as that limit does.
     */
    public static <A> Env<double[], A> apply(Env<double[], A> env, Map<String, ?> kwargs) {
        String where = "make(" + env.spec().id() + ")";
        Kwargs k = new Kwargs(kwargs, where);
        String dir;
        int every;
        try {
            dir = k.getString("record_dir", null);
            every = k.getInt("record_every", 1);
        } catch (IllegalArgumentException e) {
            env.close();
            throw e;
        }
        Object seed = k.raw("record_seed");
        if (seed != null && !(seed instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) < 0x1p63)) { // rejects NaN and infinities too
            env.close();
            throw new IllegalArgumentException(where + ": record_seed=" + seed + "; expected an integer");
        }
        Long s = seed == null ? null : ((Number) seed).longValue();
        if (dir == null) {
            if (k.has("record_every") || seed != null) {
                env.close();
                throw new IllegalArgumentException(where + ": record_every/record_seed without record_dir; give record_dir=DIR");
            }
            return env;
        }
        if (every < 1) {
            env.close();
            throw new IllegalArgumentException(where + ": record_every=" + every + "; expected >= 1");
        }
        return new RecordEpisodes<>(env, Path.of(dir), everyNth(every), s,
                safeName(env.spec().id()) + "-w" + INSTANCES.getAndIncrement());
    }

    static String safeName(String id) {
        return id.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** The file name of a recorded episode: {@code <prefix>-ep<episode>-seed<seed>.jsonl.gz}. */
    static String fileName(String prefix, long episode, long seed) {
        return String.format("%s-ep%06d-seed%d.jsonl.gz", prefix, episode, seed);
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
        if (firstSeed == null && seed != null) {
            firstSeed = seed;
        }
        if (!record) {
            return env.reset(seed, options);
        }
        if (firstSeed == null && seed != null) {
            firstSeed = seed;
        }
        if (seed == null && seeds == null) {
            seeds = new SplittableRandom(baseSeed != null ? baseSeed : firstSeed != null ? firstSeed : 0L);
        }
        long s = seed != null ? seed : seeds.nextLong();
        Reset<double[]> r = env.reset(s, options);
        WorldSimulation sim = env.unwrapped() instanceof WorldEnv<?> w ? w.simulation() : null;
        TrackedSpatials tracked = sim == null ? TrackedSpatials.none() : TrackedSpatials.of(sim.rootNode());
        Map<String, Object> kwargs = new HashMap<>(env.spec().kwargs());
        OUTPUT_KWARGS.forEach(kwargs::remove);
        RecordingHeader h = new RecordingHeader(env.spec().id(), kwargs, env.spec().maxEpisodeSteps(), s, episode,
                sim == null ? env.unwrapped().getClass().getSimpleName() : sim.world().name(),
                sim == null ? 0f : sim.config().physicsDt(), sim == null ? 0 : sim.config().ticksPerDecision(),
                env.observationSpace().toJson(), env.actionSpace().toJson(), tracked.names(), tracked.tags(),
                Instant.now().toString());
        String name = fileName(prefix, episode, s);
        recorder = EpisodeRecorder.start(dir.resolve(name), h, tracked);
        recorder.reset(r.observation());
        stepsInEpisode = 0;
        return r;
    }

    @Override
    public Step<double[]> step(A action) {
        Step<double[]> s = env.step(action);
        if (recorder != null) {
            stepsInEpisode++;
            // below Envs.make's TimeLimit (engine factories wrap here) the limit is not visible yet: apply it as it does
            Integer max = env.spec().maxEpisodeSteps();
            boolean truncated = s.truncated() || (max != null && stepsInEpisode >= max);
            recorder.step(action, s.reward(), s.terminated(), truncated, s.observation(), s.info());
            if (s.terminated() || truncated) {
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
