/** Offscreen rendering of worlds (Xvfb/Mesa or OSMesa): frames for {@code rgb_array}, camera sensors, PNG and GIF output. */
package io.github.jmegym.engine.render;
