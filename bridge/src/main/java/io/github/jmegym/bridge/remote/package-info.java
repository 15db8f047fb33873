/** Remote mode: a running game serves its live scene to Python through an in-process gateway, the server behind {@code ./jmegym play --remote}. */
package io.github.jmegym.bridge.remote;
