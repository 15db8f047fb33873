/** The {@code ./jmegym train} and {@code ./jmegym eval} subcommands. */
package io.github.jmegym.agent.cli;
