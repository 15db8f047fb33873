/**
 * Episode recordings, the one format every path writes ({@code record}, {@code play --record}, a game on demand) and
 * reads ({@code replay}, {@code render}, behaviour cloning): JSON-lines files, re-simulated and checked, played back
 * in a window or rendered to a GIF.
 */
package io.github.jmegym.engine.record;
