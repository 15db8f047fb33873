package io.github.jmegym.agent.trpo;

/** The one check the settings records of this package validate their fields with. */
final class Validation {
    private Validation() {
    }

    /** Throws {@code owner: field=value; expected ...} unless {@code ok}. */
    static void require(boolean ok, String owner, String field, Object value, String expected) {
        if (!ok) {
            throw new IllegalArgumentException(owner + ": " + field + "=" + value + "; expected " + expected);
        }
    }
}
