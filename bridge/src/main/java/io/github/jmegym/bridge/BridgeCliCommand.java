package io.github.jmegym.bridge;

import io.github.jmegym.envs.cli.CliCommand;

/** Contributes {@code ./jmegym serve} to the command line. */
public final class BridgeCliCommand implements CliCommand {
    @Override
    public Object command() {
        return new ServeCommand();
    }
}
