package io.github.jmegym.envs.spaces;

import com.google.gson.JsonObject;

/**
 * A set of valid observations or actions, as Gymnasium's {@code Space}: membership, seeded sampling, a compact
 * description and a JSON form that the bridge sends to Python.
 *
 * <p>Element types: {@link Box} uses {@code double[]} (float32 boxes hold float32-representable values),
 * {@link Discrete} uses {@code Integer}, {@link MultiDiscrete} and {@link MultiBinary} use {@code int[]},
 * {@link DictSpace} uses an ordered {@code Map<String, Object>}. Spaces are not thread-safe for sampling.
 *
 * @param <T> the element type
 */
public interface Space<T> {

    /** Whether {@code x} is an element of this space. */
    default boolean contains(Object x) {
        return whyNotContained(x) == null;
    }

    /**
     * Why {@code x} is not an element, in words that name the offending value and the expectation; {@code null}
     * when it is an element.
     */
    String whyNotContained(Object x);

    /**
     * Returns {@code x} cast to the element type, or throws {@link IllegalArgumentException} with a message of the
     * form {@code "<where>: <reason>"}.
     *
     * @param x the candidate element
     * @param where the call site for the message, e.g. {@code "step(action) of CartPole-v1"}
     */
    @SuppressWarnings("unchecked")
    default T require(Object x, String where) {
        String why = whyNotContained(x);
        if (why != null) {
            throw new IllegalArgumentException(where + ": " + why);
        }
        return (T) x;
    }

    /** A random element, drawn from this space's own generator (see {@link #seed(long)}). */
    T sample();

    /** Reseeds this space's generator; the same seed gives the same samples. */
    void seed(long seed);

    /** Number of scalars an element flattens to (one-hot for discrete parts, as Gymnasium's {@code flatdim}). */
    int flatDim();

    /** The JSON description ({@code {"type": "Box", ...}}) that {@link Spaces#fromJson} reads back. */
    JsonObject toJson();
}
