/** The {@code jmegym} command line: a picocli root command whose subcommands each module contributes. */
package io.github.jmegym.envs.cli;
