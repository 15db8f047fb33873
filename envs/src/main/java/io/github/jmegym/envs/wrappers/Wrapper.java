package io.github.jmegym.envs.wrappers;

import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.EnvSpec;
import io.github.jmegym.envs.RenderFrame;
import io.github.jmegym.envs.Reset;
import io.github.jmegym.envs.Step;
import io.github.jmegym.envs.spaces.Space;
import java.util.Map;
import java.util.Optional;

/**
 * Base of all wrappers: every {@link Env} method delegates explicitly to the wrapped env; subclasses override
 * what they change.
 *
 * @param <O> observation type
 * @param <A> action type
 */
public abstract class Wrapper<O, A> implements Env<O, A> {
    /** The wrapped env. */
    protected final Env<O, A> env;

    /** @param env the env to wrap (not null) */
    protected Wrapper(Env<O, A> env) {
        if (env == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": wrapped env is null");
        }
        this.env = env;
    }

    /** The env directly below this wrapper. */
    public Env<O, A> inner() {
        return env;
    }

    @Override
    public Reset<O> reset(Long seed, Map<String, ?> options) {
        return env.reset(seed, options);
    }

    @Override
    public Step<O> step(A action) {
        return env.step(action);
    }

    @Override
    public Space<O> observationSpace() {
        return env.observationSpace();
    }

    @Override
    public Space<A> actionSpace() {
        return env.actionSpace();
    }

    @Override
    public EnvSpec spec() {
        return env.spec();
    }

    @Override
    public Optional<RenderFrame> render() {
        return env.render();
    }

    @Override
    public void close() {
        env.close();
    }

    @Override
    public Env<O, A> unwrapped() {
        return env.unwrapped();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "<" + env + ">";
    }
}
