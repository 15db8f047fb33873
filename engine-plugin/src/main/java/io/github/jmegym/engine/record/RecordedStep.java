package io.github.jmegym.engine.record;

import java.util.Map;

/**
 * One decision step of a recording (or, with {@code index} 0 and no action, the state after the reset).
 *
 * @param index the step number, 1-based (0 for the reset)
 * @param action the action (decoded to the action space's element type), or {@code null} for the reset
 * @param reward the step's reward (0 for the reset)
 * @param terminated whether the step ended the episode as terminal
 * @param truncated whether the step ended the episode as truncated
 * @param observation the observation after the step
 * @param transforms the tracked spatials' world transforms after the step ({@link TrackedSpatials#FLOATS} floats each)
 * @param info the step's info entries
 * @param line the line of the file the step was read from (0 when not read from a file)
 */
public record RecordedStep(int index, Object action, double reward, boolean terminated, boolean truncated,
                           double[] observation, float[][] transforms, Map<String, Object> info, long line) {
}
