/** The trust-region family's mathematical core: Fisher-vector products, conjugate gradient, the TRPO/NPG step, V-trace. */
package io.github.jmegym.agent.trpo;
