package io.github.jmegym.envs.wrappers;

import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.Reset;
import io.github.jmegym.envs.Step;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records each episode's return, length and wall time, as Gymnasium's {@code RecordEpisodeStatistics}: the step
 * that ends an episode gets the info key {@code episode} (configurable) holding {@code r} (return, Double),
 * {@code l} (length, Integer) and {@code t} (seconds since the reset, rounded to 6 decimals, Double); the last
 * {@code bufferLength} episodes are kept in queues.
 */
public final class RecordEpisodeStatistics<O, A> extends Wrapper<O, A> {
    /** The default info key. */
    public static final String DEFAULT_KEY = "episode";

    private final String statsKey;
    private final int bufferLength;
    private final ArrayDeque<Double> returnQueue = new ArrayDeque<>();
    private final ArrayDeque<Integer> lengthQueue = new ArrayDeque<>();
    private final ArrayDeque<Double> timeQueue = new ArrayDeque<>();
    private int episodeCount;
    private long episodeStart = System.nanoTime();
    private double episodeReturn;
    private int episodeLength;

    /**
     * @param env the env to record
     * @param bufferLength episodes kept in the queues ({@code >= 1}, Gymnasium's default 100)
     * @param statsKey the info key ({@code "episode"} in Gymnasium)
     */
    public RecordEpisodeStatistics(Env<O, A> env, int bufferLength, String statsKey) {
        super(env);
        if (bufferLength < 1) {
            throw new IllegalArgumentException("RecordEpisodeStatistics(" + env.spec().id() + "): bufferLength="
                    + bufferLength + "; expected >= 1");
        }
        if (statsKey == null || statsKey.isEmpty()) {
            throw new IllegalArgumentException("RecordEpisodeStatistics(" + env.spec().id() + "): empty statsKey");
        }
        this.bufferLength = bufferLength;
        this.statsKey = statsKey;
    }

    /** Buffer of 100 episodes, info key {@code episode}. */
    public RecordEpisodeStatistics(Env<O, A> env) {
        this(env, 100, DEFAULT_KEY);
    }

    @Override
    public Reset<O> reset(Long seed, Map<String, ?> options) {
        Reset<O> r = env.reset(seed, options);
        episodeStart = System.nanoTime();
        episodeReturn = 0.0;
        episodeLength = 0;
        return r;
    }

    @Override
    public Step<O> step(A action) {
        Step<O> s = env.step(action);
        episodeReturn += s.reward();
        episodeLength++;
        if (!s.done()) {
            return s;
        }
        if (s.info().containsKey(statsKey)) {
            throw new IllegalStateException("RecordEpisodeStatistics(" + env.spec().id() + "): the info already has the key '"
                    + statsKey + "'; choose another statsKey");
        }
        double seconds = Math.round((System.nanoTime() - episodeStart) / 1e3) / 1e6;
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("r", episodeReturn);
        stats.put("l", episodeLength);
        stats.put("t", seconds);
        Map<String, Object> info = new LinkedHashMap<>(s.info());
        info.put(statsKey, stats);
        push(returnQueue, episodeReturn);
        push(lengthQueue, episodeLength);
        push(timeQueue, seconds);
        episodeCount++;
        episodeStart = System.nanoTime();
        return new Step<>(s.observation(), s.reward(), s.terminated(), s.truncated(), info);
    }

    private <T> void push(ArrayDeque<T> q, T v) {
        if (q.size() == bufferLength) {
            q.removeFirst();
        }
        q.addLast(v);
    }

    /** Episodes completed since construction. */
    public int episodeCount() {
        return episodeCount;
    }

    /** Returns of the last {@code bufferLength} episodes, oldest first. */
    public List<Double> returnQueue() {
        return new ArrayList<>(returnQueue);
    }

    /** Lengths of the last {@code bufferLength} episodes, oldest first. */
    public List<Integer> lengthQueue() {
        return new ArrayList<>(lengthQueue);
    }

    /** Wall times in seconds of the last {@code bufferLength} episodes, oldest first. */
    public List<Double> timeQueue() {
        return new ArrayList<>(timeQueue);
    }

    /** Return of the current episode so far. */
    public double episodeReturn() {
        return episodeReturn;
    }

    /** Length of the current episode so far. */
    public int episodeLength() {
        return episodeLength;
    }
}
