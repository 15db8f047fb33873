/** Remote mode: a running game serves its live scene to Python through an in-process gateway, and {@code ./jmegym game}. */
package io.github.jmegym.bridge.remote;
