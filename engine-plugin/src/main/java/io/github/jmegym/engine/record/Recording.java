package io.github.jmegym.engine.record;

import java.nio.file.Path;
import java.util.List;

/**
 * A recorded episode read back from a file ({@link EpisodeReader#read(Path)}).
 *
 * @param file the file it was read from
 * @param header the header line
 * @param reset the state after the reset (index 0)
 * @param steps the decision steps, in order (index 1, 2, ...)
 * @param episodeReturn the sum of the rewards, as the footer states it
 * @param complete whether the episode ended (terminated or truncated) before recording stopped
 */
public record Recording(Path file, RecordingHeader header, RecordedStep reset, List<RecordedStep> steps,
                        double episodeReturn, boolean complete) {
    /** Copies the steps. */
    public Recording {
        steps = List.copyOf(steps);
    }

    /** The reset state followed by every step: the frames of a playback. */
    public List<RecordedStep> frames() {
        List<RecordedStep> all = new java.util.ArrayList<>(steps.size() + 1);
        all.add(reset);
        all.addAll(steps);
        return all;
    }
}
