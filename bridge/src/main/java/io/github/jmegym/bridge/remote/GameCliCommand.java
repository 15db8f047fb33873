package io.github.jmegym.bridge.remote;

import io.github.jmegym.envs.cli.CliCommand;

/** Contributes {@code ./jmegym game} to the command line. */
public final class GameCliCommand implements CliCommand {
    @Override
    public Object command() {
        return new GameCommand();
    }
}
