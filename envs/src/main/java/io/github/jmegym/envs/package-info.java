/** The Java Gym API: environments, their specs and the registry that makes them by id. */
package io.github.jmegym.envs;
