package io.github.jmegym.envs.cli;

import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options every command that makes an env shares, as a picocli mixin ({@code @Mixin EnvOptions env;}):
 * {@code --env ID}, {@code -k KEY=VALUE} ({@link KwargOptions}) and {@code --seed S}, with one meaning in every
 * command. Whether {@code --env} is required, or has a default, is the command's: {@link #requireId()} or
 * {@link #idOr(String)}.
 */
public final class EnvOptions {
    @Option(names = "--env", paramLabel = "ID", description = "Registered env id, e.g. CartPole-v1 or Chase-v0 "
            + "(see `jmegym envs`).")
    private String id;

    @Mixin
    private KwargOptions kwargs = new KwargOptions();

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of the run: the first episode's reset (episode i of a run: S + i or drawn from S), "
                    + "the policy's initialisation and sampling (default: ${DEFAULT-VALUE}).")
    private long seed;

    /** The {@code --env} given, or null. */
    public String id() {
        return id;
    }

    /** The {@code --env} given, or {@code fallback}. */
    public String idOr(String fallback) {
        return id != null ? id : fallback;
    }

    /**
     * The {@code --env} given.
     *
     * @throws IllegalArgumentException when none was
     */
    public String requireId() {
        if (id == null) {
            throw new IllegalArgumentException("missing --env ID; list the registered ids with `jmegym envs`");
        }
        return id;
    }

    /** The {@code -k} kwargs, parsed, in command-line order. */
    public Map<String, Object> kwargs() {
        return kwargs.parsed();
    }

    /** The {@code --seed}. */
    public long seed() {
        return seed;
    }
}
