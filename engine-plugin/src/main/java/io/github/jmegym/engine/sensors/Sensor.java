package io.github.jmegym.engine.sensors;

import io.github.jmegym.engine.Observations;

/** A reusable part of an agent's observation: a fixed number of values written on every decision. */
public interface Sensor {
    /** Number of values {@link #observe(Observations)} writes. */
    int size();

    /** Writes exactly {@link #size()} values. */
    void observe(Observations out);
}
