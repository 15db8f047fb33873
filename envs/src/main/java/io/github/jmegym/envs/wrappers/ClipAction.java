package io.github.jmegym.envs.wrappers;

import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.Step;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.DType;
import io.github.jmegym.envs.spaces.Space;

/**
 * Clips continuous actions into the env's Box action space before stepping, as Gymnasium's {@code ClipAction};
 * the wrapper's action space is {@code Box(-inf, inf, shape, dtype)}. NaN passes through, so the env rejects it.
 */
public final class ClipAction<O> extends Wrapper<O, double[]> {
    private final Box bounds;
    private final Box actionSpace;

    /** @param env an env with a {@link Box} action space */
    public ClipAction(Env<O, double[]> env) {
        super(env);
        if (!(env.actionSpace() instanceof Box box)) {
            throw new IllegalArgumentException("ClipAction(" + env.spec().id() + "): action space " + env.actionSpace()
                    + " is not a Box");
        }
        this.bounds = box;
        this.actionSpace = new Box(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, box.shape(),
                box.dtype().isInteger() ? DType.FLOAT64 : box.dtype());
    }

    @Override
    public Step<O> step(double[] action) {
        if (action == null || action.length != bounds.size()) {
            throw new IllegalArgumentException("step(action) of " + env.spec().id() + " (ClipAction): expected "
                    + bounds.size() + " values for " + bounds + ", got "
                    + (action == null ? "null" : java.util.Arrays.toString(action)));
        }
        return env.step(bounds.clip(action));
    }

    @Override
    public Space<double[]> actionSpace() {
        return actionSpace;
    }
}
