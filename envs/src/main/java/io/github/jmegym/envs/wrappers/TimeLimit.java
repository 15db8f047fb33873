package io.github.jmegym.envs.wrappers;

import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.EnvSpec;
import io.github.jmegym.envs.Reset;
import io.github.jmegym.envs.Step;
import java.util.Map;

/**
 * Truncates an episode after a number of steps, as Gymnasium's {@code TimeLimit}: the step that reaches the limit
 * returns {@code truncated = true} (terminated is passed through unchanged).
 */
public final class TimeLimit<O, A> extends Wrapper<O, A> {
    private final int maxEpisodeSteps;
    private EnvSpec spec;
    private int elapsed;

    /**
     * @param env the env to limit
     * @param maxEpisodeSteps steps per episode ({@code >= 1})
     */
    public TimeLimit(Env<O, A> env, int maxEpisodeSteps) {
        super(env);
        if (maxEpisodeSteps < 1) {
            throw new IllegalArgumentException("TimeLimit: maxEpisodeSteps=" + maxEpisodeSteps + "; expected >= 1");
        }
        this.maxEpisodeSteps = maxEpisodeSteps;
    }

    /** The limit. */
    public int maxEpisodeSteps() {
        return maxEpisodeSteps;
    }

    /** Steps taken in the current episode. */
    public int elapsedSteps() {
        return elapsed;
    }

    @Override
    public Reset<O> reset(Long seed, Map<String, ?> options) {
        Reset<O> r = env.reset(seed, options);
        elapsed = 0;
        return r;
    }

    @Override
    public Step<O> step(A action) {
        Step<O> s = env.step(action);
        elapsed++;
        if (elapsed >= maxEpisodeSteps && !s.truncated()) {
            return new Step<>(s.observation(), s.reward(), s.terminated(), true, s.info());
        }
        return s;
    }

    /** The inner env's spec with this time limit (built once: specs are immutable). */
    @Override
    public EnvSpec spec() {
        if (spec == null) {
            spec = env.spec().withMaxEpisodeSteps(maxEpisodeSteps);
        }
        return spec;
    }
}
