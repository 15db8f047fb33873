package io.github.jmegym.engine.record;

import java.nio.file.Path;

/**
 * The result of re-simulating a recording ({@link Replay#resimulate(Recording)}).
 *
 * @param file the recording
 * @param stepsChecked steps compared (not counting the reset), up to and including a divergent one
 * @param divergence the first difference, or {@code null} when everything matched bit for bit
 */
public record ReplayReport(Path file, int stepsChecked, Divergence divergence) {
    /** Whether the re-simulation matched the recording exactly. */
    public boolean matches() {
        return divergence == null;
    }

    /** One line for people. */
    public String summary() {
        return matches() ? file + ": re-simulation matches the recording (reset + " + stepsChecked + " steps, bit for bit)"
                : file + ": diverges at " + divergence.describe();
    }
}
