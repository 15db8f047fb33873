/** Wrappers that change an env's behaviour while delegating everything else explicitly. */
package io.github.jmegym.envs.wrappers;
