package io.github.jmegym.envs;

/** How a vector env restarts a finished sub-env, as Gymnasium 1.x's {@code AutoresetMode}. */
public enum AutoresetMode {
    /** The step after the one that ended an episode resets the sub-env (its action is ignored). Default. */
    NEXT_STEP("next_step"),
    /** The sub-env resets inside the step that ended it; the final observation goes into the info. */
    SAME_STEP("same_step"),
    /** No automatic reset: the caller resets finished sub-envs with a mask. */
    DISABLED("disabled");

    private final String gymName;

    AutoresetMode(String gymName) {
        this.gymName = gymName;
    }

    /** The name Gymnasium uses ({@code next_step}, {@code same_step}, {@code disabled}). */
    public String gymName() {
        return gymName;
    }

    /** The mode with the given Gymnasium or Java name. */
    public static AutoresetMode parse(String name) {
        for (AutoresetMode m : values()) {
            if (m.gymName.equalsIgnoreCase(name) || m.name().equalsIgnoreCase(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("autoreset mode '" + name + "': expected next_step, same_step or disabled");
    }
}
