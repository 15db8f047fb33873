package io.github.jmegym.engine.record;

/**
 * Where a re-simulation first differs from its recording.
 *
 * @param step the step (0 for the state after the reset)
 * @param line the recording's line holding that step
 * @param what what differs: {@code transform}, {@code observation}, {@code reward}, {@code terminated} or
 *             {@code truncated}
 * @param spatial the spatial whose transform differs (or the observation index as {@code obs[i]}), else empty
 * @param recorded the recorded value(s)
 * @param simulated the re-simulated value(s)
 */
public record Divergence(int step, long line, String what, String spatial, String recorded, String simulated) {
    /** One line for people: {@code step 17 (line 19): transform of 'Target' differs: recorded [...], re-simulated [...]}. */
    public String describe() {
        return "step " + step + " (line " + line + "): " + what + (spatial.isEmpty() ? "" : " of '" + spatial + "'")
                + " differs: recorded " + recorded + ", re-simulated " + simulated;
    }
}
