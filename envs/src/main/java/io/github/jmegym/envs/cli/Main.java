package io.github.jmegym.envs.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./jmegym}: collects every module's {@link CliCommand} and runs the chosen one. */
@Command(name = "jmegym", mixinStandardHelpOptions = true, version = "jmegym 0.1.0",
        description = "jMonkeyEngine worlds as Gym environments: list, roll out, train, evaluate, serve, replay.",
        subcommandsRepeatable = false)
public final class Main implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The root command line with every contributed subcommand added. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        List<CommandLine> subcommands = new ArrayList<>();
        for (CliCommand c : ServiceLoader.load(CliCommand.class, Main.class.getClassLoader())) {
            subcommands.add(new CommandLine(c.command()));
        }
        subcommands.sort(Comparator.comparing(CommandLine::getCommandName));   // stable help, whatever the jar order
        subcommands.forEach(sub -> cl.addSubcommand(sub.getCommandName(), sub));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
