package io.github.jmegym.envs.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/**
 * The one exit-code and error convention of every {@code ./jmegym} command: a command reports bad input by throwing
 * ({@link IllegalArgumentException}, or picocli's {@link ParameterException} for a malformed option) and a failure
 * by throwing anything else; this prints one line, {@code jmegym <command>: <message>}, on the error stream and
 * exits {@link #EXIT_BAD_INPUT} (bad input) or {@link #EXIT_FAILURE} (the run failed). Commands never catch to
 * return a code themselves.
 */
public final class CliErrors {
    /** Exit code of a command given bad input (an unknown id, a malformed option or file), as picocli's usage errors. */
    public static final int EXIT_BAD_INPUT = 2;
    /** Exit code of a command whose run failed (an I/O error, a window that could not open, a check that failed). */
    public static final int EXIT_FAILURE = 1;

    private CliErrors() {
    }

    /** The prefix of every error line of {@code cmd}: {@code jmegym <command>: } ({@code jmegym: } for the root). */
    public static String prefix(CommandLine cmd) {
        return cmd.getCommandSpec().qualifiedName() + ": ";
    }

    /** Installs the convention on {@code root} and every subcommand it has now; returns {@code root}. */
    public static CommandLine install(CommandLine root) {
        root.setParameterExceptionHandler(PARAMETERS);
        root.setExecutionExceptionHandler(EXECUTION);
        return root;
    }

    private static final IParameterExceptionHandler PARAMETERS = (ex, args) -> {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(prefix(cmd) + ex.getMessage());
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for its options.");
        err.flush();
        return EXIT_BAD_INPUT;
    };

    private static final IExecutionExceptionHandler EXECUTION = (ex, cmd, parseResult) -> {
        PrintWriter err = cmd.getErr();
        boolean badInput = ex instanceof IllegalArgumentException;
        String message = ex.getMessage() == null ? ex.toString() : ex.getMessage();
        if (ex instanceof UncheckedIOException && ex.getCause() != null) {
            message = ex.getCause().getMessage();   // its own message is the cause's toString(): say only what went wrong
        }
        err.println(prefix(cmd) + message);
        err.flush();
        if (ex instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return badInput ? EXIT_BAD_INPUT : EXIT_FAILURE;
    };
}
