/** Faithful Java ports of Gymnasium's classic-control environments. */
package io.github.jmegym.envs.classic;
