package io.github.jmegym.engine.record;

import java.nio.file.Path;

/** A recording file that cannot be read: corrupted, truncated or of another format; the message names file and line. */
public final class RecordingFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;
    private final long line;

    /**
     * @param file the file
     * @param line the 1-based line the problem was found on (0 when it concerns the whole file)
     * @param problem what is wrong and what was expected
     * @param cause the underlying error, or {@code null}
     */
    public RecordingFormatException(Path file, long line, String problem, Throwable cause) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem, cause);
        this.file = file;
        this.line = line;
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** The 1-based line, or 0 when the problem concerns the whole file. */
    public long line() {
        return line;
    }
}
