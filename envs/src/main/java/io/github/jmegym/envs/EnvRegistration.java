package io.github.jmegym.envs;

/**
 * One entry of the registry: a spec and the factory that builds the env.
 *
 * @param spec the spec (id, time limit, ...)
 * @param factory builds the unwrapped env
 */
public record EnvRegistration(EnvSpec spec, EnvFactory factory) {
    /** Validates that both parts are present. */
    public EnvRegistration {
        if (spec == null || factory == null) {
            throw new IllegalArgumentException("EnvRegistration: spec and factory must not be null");
        }
    }
}
