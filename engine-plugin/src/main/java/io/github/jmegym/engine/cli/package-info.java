/** The engine module's subcommands of {@code ./jmegym}: {@code play}. */
package io.github.jmegym.engine.cli;
