package io.github.jmegym.envs;

import java.util.Map;

/** Creates an unwrapped env from keyword arguments (the registry adds the time limit and order checks). */
@FunctionalInterface
public interface EnvFactory {
    /**
     * @param kwargs the spec's default kwargs overlaid with the caller's; the factory rejects unknown keys
     *               (see {@link Kwargs})
     * @param spec the spec the env is made under
     */
    Env<?, ?> create(Map<String, Object> kwargs, EnvSpec spec);
}
