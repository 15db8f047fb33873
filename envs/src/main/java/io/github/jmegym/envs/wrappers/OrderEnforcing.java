package io.github.jmegym.envs.wrappers;

import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.Reset;
import io.github.jmegym.envs.Step;
import java.util.Map;

/**
 * Rejects calls out of order with {@link IllegalStateException}: a step before the first reset, a step after the
 * episode ended without a reset, any call after {@link #close()}. (Gymnasium's {@code OrderEnforcing} checks the
 * first; the Java API also enforces the others, which Gymnasium leaves undefined.) An action of the wrong Java type
 * (which fails the generic cast before reaching the env) becomes an {@link IllegalArgumentException} naming it.
 */
public final class OrderEnforcing<O, A> extends Wrapper<O, A> {
    private boolean hasReset;
    private boolean episodeOver;
    private boolean closed;

    /** @param env the env to guard */
    public OrderEnforcing(Env<O, A> env) {
        super(env);
    }

    @Override
    public Reset<O> reset(Long seed, Map<String, ?> options) {
        requireOpen("reset");
        Reset<O> r = env.reset(seed, options);
        hasReset = true;
        episodeOver = false;
        return r;
    }

    @Override
    public Step<O> step(A action) {
        requireOpen("step");
        if (!hasReset) {
            String id = env.spec().id();
            throw new IllegalStateException("step(" + action + ") on " + id + " before reset(): call reset() first");
        }
        if (episodeOver) {
            throw new IllegalStateException("step(" + action + ") on " + env.spec().id()
                    + " after the episode ended (terminated or truncated): call reset() first");
        }
        Step<O> s;
        try {
            s = env.step(action);
        } catch (ClassCastException e) {
            // an action of the wrong Java type fails the cast of the env's bridge method before any state changes
            throw new IllegalArgumentException("step(action=" + action + ") of " + env.spec().id() + ": action of type "
                    + (action == null ? "null" : action.getClass().getSimpleName()) + " does not fit the action space " + env.actionSpace(), e);
        }
        episodeOver = s.done();
        return s;
    }

    /** Whether {@link #reset} has been called at least once. */
    public boolean hasReset() {
        return hasReset;
    }

    private void requireOpen(String call) {
        if (closed) {
            throw new IllegalStateException(call + "() on " + env.spec().id() + " after close()");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            env.close();
        }
    }
}
