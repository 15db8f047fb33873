package io.github.jmegym.envs.vector;

import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.Env;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/** A vector env that steps its sub-envs one after the other on the calling thread, as Gymnasium's {@code SyncVectorEnv}. */
public final class SyncVectorEnv<O, A> extends BaseVectorEnv<O, A> {
    /**
     * @param envs the sub-envs (at least one, equal spaces); this vector env owns and closes them
     * @param mode how finished sub-envs restart ({@code null}: the spec's mode, normally next-step)
     */
    public SyncVectorEnv(List<? extends Env<O, A>> envs, AutoresetMode mode) {
        super(envs, mode);
    }

    @Override
    protected <T> List<Outcome<T>> runAll(IntFunction<T> task) {
        List<Outcome<T>> out = new ArrayList<>(numEnvs());
        for (int i = 0; i < numEnvs(); i++) {
            out.add(Outcome.of(task, i));
        }
        return out;
    }
}
