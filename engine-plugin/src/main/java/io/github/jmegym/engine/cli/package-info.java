/**
 * The engine module's subcommands of {@code ./jmegym}: {@code play}, {@code record}, {@code replay}, {@code render},
 * and the gateway options {@code play --remote} shares with {@code serve}
 * ({@link io.github.jmegym.engine.cli.GatewayCliOptions}).
 */
package io.github.jmegym.engine.cli;
