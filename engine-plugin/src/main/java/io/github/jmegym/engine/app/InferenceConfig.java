package io.github.jmegym.engine.app;

import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * How an {@link InferenceAppState} runs trained policies in a game.
 *
 * <p>The validated copies {@code withX(value)}, one per field, come from {@link InferenceConfigBuilder.With}, generated from
 * the components at compile time.
 *
 * @param seed seeds the world's first reset (agent {@code i}'s start states from {@code seed + i}) and the
 *             policies' sampling (default 0)
 * @param deterministic whether a policy takes its most likely action ({@code true}, default: what a shipped NPC
 *                      usually wants) or samples one from its distribution ({@code false}: varied behaviour)
 * @param speed simulated seconds per wall-clock second ({@code > 0}; 1 = real time), or {@code <= 0} to run exactly
 *              one decision interval per frame, as fast as frames come (default 1)
 * @param maxTicksPerFrame most physics ticks one frame may run when paced by {@code speed} ({@code >= 1}; the rest is
 *                         dropped, so a slow machine plays slower instead of spiralling) (default 64)
 * @param maxEpisodeSteps decisions after which an agent's episode is truncated and the agent restarts ({@code >= 0};
 *                        0 = only when the world ends it, default)
 * @param maxDecisions decisions after which the state stops stepping the world ({@code >= 0}; 0 = never, default)
 */
@RecordBuilder
public record InferenceConfig(long seed, boolean deterministic, double speed, int maxTicksPerFrame,
                              int maxEpisodeSteps, long maxDecisions) implements InferenceConfigBuilder.With {
    /** Validates every field; messages name the field, the value and the expectation. */
    public InferenceConfig {
        if (Double.isNaN(speed) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("InferenceConfig: speed=" + speed
                    + "; expected a finite number (<= 0 for one decision per frame)");
        }
        if (maxTicksPerFrame < 1) {
            throw new IllegalArgumentException("InferenceConfig: maxTicksPerFrame=" + maxTicksPerFrame + "; expected >= 1");
        }
        if (maxEpisodeSteps < 0) {
            throw new IllegalArgumentException("InferenceConfig: maxEpisodeSteps=" + maxEpisodeSteps
                    + "; expected >= 0 (0 = no limit)");
        }
        if (maxDecisions < 0) {
            throw new IllegalArgumentException("InferenceConfig: maxDecisions=" + maxDecisions
                    + "; expected >= 0 (0 = run until the state is detached)");
        }
    }

    /** Seed 0, deterministic actions, real time, at most 64 ticks per frame, no episode limit, no end. */
    public static InferenceConfig defaults() {
        return new InferenceConfig(0L, true, 1.0, 64, 0, 0L);
    }
}
