/**
 * The {@code jmegym} command line: a picocli root command whose subcommands each module contributes, the shared
 * option mixins ({@link io.github.jmegym.envs.cli.EnvOptions}, {@link io.github.jmegym.envs.cli.SeedOption}) and the
 * one error convention ({@link io.github.jmegym.envs.cli.CliErrors}); docs/cli.md is the reference.
 */
package io.github.jmegym.envs.cli;
