package io.github.jmegym.envs.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --env ID} option, as a picocli mixin: alone in a command that names an env without making one
 * ({@code crosscheck config}), else through {@link EnvOptions}. Whether it is required, or has a default, is the
 * command's: {@link #require()} or {@link #or(String)}.
 */
public final class EnvIdOption {
    @Option(names = "--env", paramLabel = "ID", description = "Registered env id, e.g. CartPole-v1 or Chase-v0 "
            + "(see `jmegym envs`); required unless the command's description names its default.")
    private String id;

    /** The {@code --env} given, or null. */
    public String get() {
        return id;
    }

    /** The {@code --env} given, or {@code fallback}. */
    public String or(String fallback) {
        return id != null ? id : fallback;
    }

    /**
     * The {@code --env} given.
     *
     * @throws IllegalArgumentException when none was
     */
    public String require() {
        if (id == null) {
            throw new IllegalArgumentException("missing --env ID; list the registered ids with `jmegym envs`");
        }
        return id;
    }
}
