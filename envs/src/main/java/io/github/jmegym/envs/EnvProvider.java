package io.github.jmegym.envs;

import java.util.List;

/**
 * Contributes envs to the registry through {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/io.github.jmegym.envs.EnvProvider} of the module that owns the envs.
 */
public interface EnvProvider {
    /** The envs this module registers. */
    List<EnvRegistration> registrations();
}
