package io.github.jmegym.envs.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --seed S} option of every command that draws random numbers, as a picocli mixin
 * ({@code @Mixin SeedOption seed;}, or through {@link EnvOptions}): one meaning and one help text everywhere.
 */
public final class SeedOption {
    private static final String DESCRIPTION = "Seed of everything random the command does: the first episode's reset (later "
            + "episodes: S + i or drawn from S, as the command says), random actions, the policy's initialisation and "
            + "sampling, minibatch order, drawn observations; same seed, same result (default: ${DEFAULT-VALUE}).";

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = DESCRIPTION)
    private long seed;

    /** The {@code --seed}. */
    public long seed() {
        return seed;
    }
}
