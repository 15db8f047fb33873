/** Runs the Java trainers' update code on data handed in from another implementation and reports every intermediate. */
package io.github.jmegym.agent.crosscheck;
