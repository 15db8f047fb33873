/** Showing recorded episodes: headless rendering to PNG and GIF, the replay window, and their commands. */
package io.github.jmegym.engine.replay;
