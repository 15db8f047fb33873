package io.github.jmegym.envs.spaces;

/** Floating-point element type of a {@link Box}, named as NumPy names it. */
public enum DType {
    FLOAT32("float32"),
    FLOAT64("float64");

    private final String numpyName;

    DType(String numpyName) {
        this.numpyName = numpyName;
    }

    /** The NumPy name, e.g. {@code float32}. */
    public String numpyName() {
        return numpyName;
    }

    /** Rounds {@code v} to this type (to the nearest float for {@link #FLOAT32}). */
    public double round(double v) {
        return this == FLOAT32 ? (double) (float) v : v;
    }

    /** The type of the given NumPy name. */
    public static DType fromNumpy(String name) {
        for (DType t : values()) {
            if (t.numpyName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("dtype '" + name + "': expected float32 or float64");
    }
}
