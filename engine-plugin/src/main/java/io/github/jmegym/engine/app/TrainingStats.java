package io.github.jmegym.engine.app;

import io.github.jmegym.agent.Metrics;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link TrainingAppState} shows and reports: mode, counters, the return curve (one point per PPO update),
 * the last update's metrics, steps per second, per-mode episode returns, the training work per frame and a status
 * message. Written by the game loop; every method is synchronized, so other threads (a remote client, the
 * launcher after the game stopped) may read it.
 */
public final class TrainingStats {
    private static final int RECENT = 10;
    private final Durations trainingWork = new Durations(1 << 16);
    private final Durations steadyTrainingWork = new Durations(1 << 16);
    private final List<double[]> returnCurve = new ArrayList<>();
    private final Map<GameMode, ArrayDeque<Double>> recentReturns = new LinkedHashMap<>();
    private final Map<GameMode, Long> episodesByMode = new LinkedHashMap<>();
    private final Map<GameMode, Long> decisionsByMode = new LinkedHashMap<>();
    private Map<String, Double> lastMetrics = Map.of();
    private GameMode mode = GameMode.TRAINING;
    private boolean paused;
    private long totalSteps;
    private long decisions;
    private long episodesCut;
    private long deferred;
    private long held;
    private long lastFrameWork;
    private int updates;
    private String message = "";
    private double stepsPerSecond;
    private long rateNanos = -1;
    private long rateSteps;

    synchronized void setMode(GameMode m, boolean isPaused) {
        mode = m;
        paused = isPaused;
    }

    synchronized void decisionDone(GameMode m, int agents) {
        decisions++;
        totalSteps += agents;
        decisionsByMode.merge(m, 1L, Long::sum);
    }

    synchronized void episodeDone(GameMode m, double ret) {
        ArrayDeque<Double> q = recentReturns.computeIfAbsent(m, k -> new ArrayDeque<>());
        q.addLast(ret);
        if (q.size() > RECENT) {
            q.removeFirst();
        }
        episodesByMode.merge(m, 1L, Long::sum);
    }

    synchronized void decisionDeferred() {
        deferred++;
    }

    synchronized void decisionHeld() {
        held++;
    }

    synchronized void episodeCut() {
        episodesCut++;
    }

    synchronized void updateDone(long trainerSteps, Map<String, Double> metrics) {
        updates++;
        lastMetrics = new LinkedHashMap<>(metrics);
        Double r = metrics.get(Metrics.EP_REW_MEAN);
        if (r != null && Double.isFinite(r)) {
            returnCurve.add(new double[] {trainerSteps, r});
        }
    }

    synchronized void frameDone(long nowNanos, long trainingNanos, boolean trained) {
        lastFrameWork = trained ? trainingNanos : 0;
        if (trained) {
            trainingWork.add(trainingNanos);
            if (updates > 0) {
                steadyTrainingWork.add(trainingNanos);
            }
        }
        if (rateNanos < 0) {
            rateNanos = nowNanos;
            rateSteps = totalSteps;
        } else if (nowNanos - rateNanos >= 500_000_000L) {
            stepsPerSecond = (totalSteps - rateSteps) / ((nowNanos - rateNanos) / 1e9);
            rateNanos = nowNanos;
            rateSteps = totalSteps;
        }
    }

    synchronized void setMessage(String text) {
        message = text == null ? "" : text;
    }

    /** The current mode. */
    public synchronized GameMode mode() {
        return mode;
    }

    /** Whether the simulation is paused. */
    public synchronized boolean paused() {
        return paused;
    }

    /** Agent decisions taken in the game (all modes, all agents). */
    public synchronized long totalSteps() {
        return totalSteps;
    }

    /** Decision intervals run (each moves every agent once). */
    public synchronized long decisions() {
        return decisions;
    }

    /** Frames that left decisions to the next frame because their training work had used the budget. */
    public synchronized long framesDeferred() {
        return deferred;
    }

    /**
     * Frames that held their next decision back because the update was backlogged (the rollout full, its
     * predecessor's update not done): the update got the frame's budget instead of the next {@code act} finishing it.
     */
    public synchronized long decisionsHeld() {
        return held;
    }

    /** Training episodes cut by a mode switch (reported to the trainer as truncated; not in {@link #episodes}). */
    public synchronized long episodesCut() {
        return episodesCut;
    }

    /** Decision intervals run in mode {@code m}. */
    public synchronized long decisions(GameMode m) {
        return decisionsByMode.getOrDefault(m, 0L);
    }

    /** PPO updates completed. */
    public synchronized int updates() {
        return updates;
    }

    /** The metrics of the last PPO update (keys from {@link Metrics}), empty before the first. */
    public synchronized Map<String, Double> lastMetrics() {
        return Map.copyOf(lastMetrics);
    }

    /** One point {@code {trainer steps, mean return of the last 100 training episodes}} per update, a copy. */
    public synchronized List<double[]> returnCurve() {
        return new ArrayList<>(returnCurve);
    }

    /** Points of the return curve so far. */
    public synchronized int returnCurveSize() {
        return returnCurve.size();
    }

    /** Mean return of the last 10 episodes finished in {@code m}, NaN before the first. */
    public synchronized double recentReturn(GameMode m) {
        ArrayDeque<Double> q = recentReturns.get(m);
        return q == null || q.isEmpty() ? Double.NaN : q.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    /** Episodes finished in {@code m}. */
    public synchronized long episodes(GameMode m) {
        return episodesByMode.getOrDefault(m, 0L);
    }

    /** Agent decisions per wall-clock second over the last half second or more. */
    public synchronized double stepsPerSecond() {
        return stepsPerSecond;
    }

    /**
     * {@link #trainingWork()} from the frame after the first update was installed on: without the first update's
     * slices, which include ND4J's one-time warm-up (its first operations take 0.1-1 s).
     */
    public synchronized Durations steadyTrainingWork() {
        return steadyTrainingWork;
    }

    /** The training work of the last frame, nanoseconds (0 when it ran no training decision). */
    public synchronized long lastFrameTrainingNanos() {
        return lastFrameWork;
    }

    /** The last status message (saved, loaded, a refused mode switch), or empty. */
    public synchronized String message() {
        return message;
    }

    /**
     * Wall time spent per frame in the trainer (choosing actions, reporting, update slices, installing updates),
     * one sample per frame that ran at least one decision boundary in {@link GameMode#TRAINING}.
     */
    public synchronized Durations trainingWork() {
        return trainingWork;
    }
}
