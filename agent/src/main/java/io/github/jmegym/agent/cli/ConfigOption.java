package io.github.jmegym.agent.cli;

import io.github.jmegym.agent.Algo;
import io.github.jmegym.agent.PpoConfig;
import io.github.jmegym.agent.Presets;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * The {@code -c/--config FILE} option of every command that trains or prints training settings ({@code train},
 * {@code play}, {@code crosscheck config}), as a picocli mixin: one meaning everywhere, the file's fields over the
 * env's preset for the algorithm ({@link Presets#resolve}).
 */
public final class ConfigOption {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Training settings (PpoConfig JSON): the file's fields over the env's preset for the algorithm "
                    + "(--algo, else the file's \"algo\", else ppo); with train --resume, over the run's config.")
    private Path file;

    /** The {@code --config} given, or null. */
    public Path file() {
        return file;
    }

    /** The settings for {@code envId}: {@link Presets#resolve(String, Algo, Path)} with this file. */
    public PpoConfig resolve(String envId, Algo algo) {
        return Presets.resolve(envId, algo, file);
    }

    /** The settings over another base per algorithm: {@link Presets#resolve(Algo, Path, Function)} with this file. */
    public PpoConfig resolve(Algo algo, Function<Algo, PpoConfig> preset) {
        return Presets.resolve(algo, file, preset);
    }
}
