package io.github.jmegym.envs.vector;

/** A sub-env of a vector env failed while stepping or resetting; {@link #subEnv()} names which one. */
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

    /** Index of the failed sub-env. */
    public int subEnv() {
        return subEnv;
    }
}
