/**
 * The {@code ./jmegym train}, {@code eval} and {@code export} subcommands, and the {@code --model} option every
 * command that loads a policy shares ({@link io.github.jmegym.agent.cli.ModelOption}).
 */
package io.github.jmegym.agent.cli;
