package io.github.jmegym.agent.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --model PATH} option of every command that loads a trained policy ({@code eval}, {@code export},
 * {@code record}, {@code play}), as a picocli mixin: one meaning everywhere, anything {@code Policy.load} takes.
 */
public final class ModelOption {
    @Option(names = "--model", paramLabel = "PATH",
            description = "Trained policy: a run folder (its latest checkpoint), a checkpoint folder or a policy JSON file.")
    private Path path;

    /** The {@code --model} given, or null. */
    public Path path() {
        return path;
    }

    /**
     * The {@code --model} given, checked to exist.
     *
     * @throws IllegalArgumentException when none was given or it does not exist
     */
    public Path require() {
        if (path == null) {
            throw new IllegalArgumentException("missing --model PATH: a run folder, checkpoint folder or policy JSON file");
        }
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("--model " + path + ": no such run folder, checkpoint or policy file");
        }
        return path;
    }
}
