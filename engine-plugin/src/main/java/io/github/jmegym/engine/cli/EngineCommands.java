package io.github.jmegym.engine.cli;

import io.github.jmegym.envs.cli.CliCommand;

/** Contributes {@code play} to {@code ./jmegym}. */
public final class EngineCommands implements CliCommand {
    @Override
    public Object command() {
        return new PlayCommand();
    }
}
