package io.github.jmegym.agent.cli;

import io.github.jmegym.envs.cli.CliCommand;

/** Contributes {@code train}, {@code eval} and {@code export} to {@code ./jmegym} (one service per subcommand). */
public final class AgentCommands {
    private AgentCommands() {
    }

    /** The {@code train} subcommand service. */
    public static final class Train implements CliCommand {
        @Override
        public Object command() {
            return new TrainCommand();
        }
    }

    /** The {@code eval} subcommand service. */
    public static final class Eval implements CliCommand {
        @Override
        public Object command() {
            return new EvalCommand();
        }
    }

    /** The {@code export} subcommand service. */
    public static final class Export implements CliCommand {
        @Override
        public Object command() {
            return new ExportCommand();
        }
    }
}
