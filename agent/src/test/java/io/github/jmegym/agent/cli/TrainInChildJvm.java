package io.github.jmegym.agent.cli;

import io.github.jmegym.envs.cli.Main;

/** A child-JVM entry point for fault injection: registers {@link EasyCoin} and runs {@code ./jmegym} with the args. */
public final class TrainInChildJvm {
    private TrainInChildJvm() {
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        EasyCoin.register();
        System.exit(Main.commandLine().execute(args));
    }
}
