/** Behaviour cloning from recorded episodes: loading recordings as demonstrations and the {@code bc} command. */
package io.github.jmegym.engine.bc;
