package io.github.jmegym.envs.spaces;

/** Element type of a {@link Box}, named as NumPy names it: float32, float64, or uint8 (images). */
public enum DType {
    FLOAT32("float32"),
    FLOAT64("float64"),
    /** Whole numbers 0..255, for image observations (a camera sensor's pixels); crosses the bridge as one byte. */
    UINT8("uint8");

    private final String numpyName;

    DType(String numpyName) {
        this.numpyName = numpyName;
    }

    /** The NumPy name, e.g. {@code float32}. */
    public String numpyName() {
        return numpyName;
    }

    /**
     * Rounds {@code v} to this type: to the nearest float for {@link #FLOAT32}, to the nearest whole number in
     * 0..255 for {@link #UINT8} (NaN stays NaN so that validation can name it).
     */
    public double round(double v) {
        switch (this) {
            case FLOAT32:
                return (double) (float) v;
            case UINT8:
                return Double.isNaN(v) ? v : Math.min(255.0, Math.max(0.0, Math.rint(v)));
            default:
                return v;
        }
    }

    /** Whether elements are whole numbers (an integer NumPy dtype). */
    public boolean isInteger() {
        return this == UINT8;
    }

    /** The type of the given NumPy name. */
    public static DType fromNumpy(String name) {
        for (DType t : values()) {
            if (t.numpyName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("dtype '" + name + "': expected float32, float64 or uint8");
    }
}
