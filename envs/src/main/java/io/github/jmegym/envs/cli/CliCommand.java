package io.github.jmegym.envs.cli;

/**
 * A subcommand of {@code ./jmegym}, contributed through {@link java.util.ServiceLoader}: list the implementation
 * in {@code META-INF/services/io.github.jmegym.envs.cli.CliCommand} of the module that owns it.
 */
public interface CliCommand {
    /**
     * A fresh picocli command object (a class annotated with {@code @picocli.CommandLine.Command(name = ...)},
     * usually {@code Callable<Integer>}); its {@code name} is the subcommand's name.
     */
    Object command();
}
