/** The game worlds shipped with jmegym and their registration: BallBalance-v0 and Chase-v0. */
package io.github.jmegym.engine.worlds;
