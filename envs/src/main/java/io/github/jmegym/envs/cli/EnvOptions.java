package io.github.jmegym.envs.cli;

import java.util.Map;
import picocli.CommandLine.Mixin;

/**
 * The options every command that makes an env shares, as a picocli mixin ({@code @Mixin EnvOptions env;}):
 * {@code --env ID} ({@link EnvIdOption}), {@code -k KEY=VALUE} ({@link KwargOptions}) and {@code --seed S}
 * ({@link SeedOption}), with one meaning and one help text in every command. Whether {@code --env} is required, or
 * has a default, is the command's: {@link #requireId()} or {@link #idOr(String)}.
 */
public final class EnvOptions {
    @Mixin
    private EnvIdOption id = new EnvIdOption();

    @Mixin
    private KwargOptions kwargs = new KwargOptions();

    @Mixin
    private SeedOption seed = new SeedOption();

    /** The {@code --env} given, or null. */
    public String id() {
        return id.get();
    }

    /** The {@code --env} given, or {@code fallback}. */
    public String idOr(String fallback) {
        return id.or(fallback);
    }

    /**
     * The {@code --env} given.
     *
     * @throws IllegalArgumentException when none was
     */
    public String requireId() {
        return id.require();
    }

    /** The {@code -k} kwargs, parsed, in command-line order. */
    public Map<String, Object> kwargs() {
        return kwargs.parsed();
    }

    /** The {@code --seed}. */
    public long seed() {
        return seed.seed();
    }
}
