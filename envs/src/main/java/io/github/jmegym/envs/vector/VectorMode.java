package io.github.jmegym.envs.vector;

/** How {@link io.github.jmegym.envs.Envs#makeVec} runs the sub-envs of a vector env. */
public enum VectorMode {
    /** One after the other on the calling thread ({@link SyncVectorEnv}). */
    SYNC,
    /** In parallel on a fixed thread pool ({@link ThreadedVectorEnv}). */
    THREADED
}
