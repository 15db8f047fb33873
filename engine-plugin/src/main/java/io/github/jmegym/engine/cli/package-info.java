/** The engine module's subcommands of {@code ./jmegym}: {@code play}, {@code record}, {@code replay}, {@code render}. */
package io.github.jmegym.engine.cli;
