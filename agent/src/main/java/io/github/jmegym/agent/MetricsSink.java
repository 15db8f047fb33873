package io.github.jmegym.agent;

import java.util.Map;

/**
 * Receives the metrics of every PPO update, keyed by the stable names in {@link Metrics}.
 * Called on the thread that completes the update's rollout (never concurrently).
 */
@FunctionalInterface
public interface MetricsSink {
    /**
     * @param totalSteps env steps collected so far (over all sub-envs)
     * @param metrics the metrics of this update (insertion-ordered; keys from {@link Metrics})
     */
    void record(long totalSteps, Map<String, Double> metrics);
}
