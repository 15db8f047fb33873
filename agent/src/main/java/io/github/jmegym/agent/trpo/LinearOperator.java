package io.github.jmegym.agent.trpo;

/** A symmetric linear map {@code x -> A x} on flat vectors, given by its product (the matrix is never formed). */
@FunctionalInterface
public interface LinearOperator {
    /** Writes {@code A v} to {@code out} ({@code out} and {@code v} are different arrays of the same length). */
    void apply(double[] v, double[] out);
}
