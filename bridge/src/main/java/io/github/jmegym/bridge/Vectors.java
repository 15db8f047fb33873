package io.github.jmegym.bridge;

import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.vector.VectorEnv;
import io.github.jmegym.envs.vector.VectorMode;
import java.util.Locale;
import java.util.Map;

/** Builds the vector envs the bridge serves through the registry's {@code Envs.makeVec}. */
final class Vectors {
    /** Kwarg choosing how the Java side runs the sub-envs: {@code sync} (default) or {@code threaded}. */
    static final String VECTOR_MODE = "vector_mode";

    private Vectors() {
    }

    static VectorEnv<?, ?> make(String id, int numEnvs, Map<String, Object> kwargs, AutoresetMode mode) {
        Map<String, Object> subKwargs = new java.util.HashMap<>(kwargs);
        Object m = subKwargs.remove(VECTOR_MODE);
        VectorMode vectorMode;
        if (m == null) {
            vectorMode = VectorMode.SYNC;
        } else if (m instanceof String s && (s.equalsIgnoreCase("sync") || s.equalsIgnoreCase("threaded"))) {
            vectorMode = VectorMode.valueOf(s.toUpperCase(Locale.ROOT));
        } else {
            throw new IllegalArgumentException("makeVec(" + id + "): " + VECTOR_MODE + "=" + m
                    + "; expected 'sync' or 'threaded'");
        }
        return Envs.makeVec(id, numEnvs, vectorMode, mode, subKwargs);
    }
}
