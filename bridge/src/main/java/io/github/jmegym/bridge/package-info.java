/** The Python bridge: a Py4J gateway serving jmegym envs to Gymnasium, with a versioned binary wire layout. */
package io.github.jmegym.bridge;
