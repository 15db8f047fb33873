package io.github.jmegym.envs.vector;

import java.util.List;
import java.util.function.IntFunction;

/**
 * A sub-env of a vector env failed while stepping or resetting; {@link #subEnv()} names which one. The cause is
 * whatever the sub-env threw, a {@link RuntimeException} or an {@link Error} (an {@code AssertionError}, a
 * {@code StackOverflowError}, ...): a vector env handles both alike.
 */
public final class SubEnvException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int subEnv;

    /**
     * @param subEnv index of the failed sub-env
     * @param message what failed, naming the vector env and the sub-env
     * @param cause the sub-env's exception
     */
    public SubEnvException(int subEnv, String message, Throwable cause) {
        super(message, cause);
        this.subEnv = subEnv;
    }

    /**
     * The exception for the first failed sub-env of one call, the later failures added as suppressed.
     *
     * @param errors what each sub-env threw, {@code null} for the sub-envs that succeeded
     * @param where the call and the vector env, e.g. {@code "step() of SyncVectorEnv(CartPole-v1 x4, next_step)"}
     * @param consequence what happens to the failed sub-env, appended to the message (may be empty)
     * @return the exception, or {@code null} when no sub-env failed
     */
    public static SubEnvException firstOf(List<? extends Throwable> errors, String where, String consequence) {
        return firstOf(errors, where, i -> "", consequence);
    }

    /**
     * {@link #firstOf(List, String, String)} with a description of each sub-env after its index, e.g. the agent of
     * a multi-agent vector: {@code "sub-env 2 (agent 'a2' on spatial 'NPC-2') failed: ..."}.
     *
     * @param describe the text after {@code "sub-env i"} for sub-env {@code i}, e.g. {@code " (agent 'a2' ...)"}
     */
    public static SubEnvException firstOf(List<? extends Throwable> errors, String where, IntFunction<String> describe,
                                          String consequence) {
        SubEnvException first = null;
        for (int i = 0; i < errors.size(); i++) {
            Throwable e = errors.get(i);
            if (e == null) {
                continue;
            }
            if (first == null) {
                first = new SubEnvException(i, where + ": sub-env " + i + describe.apply(i) + " failed: " + e
                        + consequence, e);
            } else {
                first.addSuppressed(e);
            }
        }
        return first;
    }

    /** Index of the failed sub-env. */
    public int subEnv() {
        return subEnv;
    }
}
