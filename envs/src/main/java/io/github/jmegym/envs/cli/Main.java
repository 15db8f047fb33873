package io.github.jmegym.envs.cli;

import io.github.jmegym.envs.Plugins;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Entry point of {@code ./jmegym}: collects every module's {@link CliCommand} and runs the chosen one. */
@Command(name = "jmegym", mixinStandardHelpOptions = true, version = "jmegym 0.1.0",
        description = "jMonkeyEngine worlds as Gym environments: list, roll out, train, evaluate, serve, replay.",
        subcommandsRepeatable = false)
public final class Main implements Runnable {
    /** Exit code of a command given bad input: {@link CliErrors#EXIT_BAD_INPUT}. */
    public static final int EXIT_BAD_INPUT = CliErrors.EXIT_BAD_INPUT;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    // Applied by main() before any command is built (plugins can contribute envs and commands); declared here so
    // that every command's --help lists it.
    @SuppressWarnings("unused")
    @Option(names = Plugins.OPTION, paramLabel = "PATH", scope = ScopeType.INHERIT,
            description = "Extra jars and class folders (separated by ':') whose envs and commands to load, beside "
                    + "those of the JMEGYM_CLASSPATH environment variable.")
    private String classPath;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The root command line with every contributed subcommand added, and the {@link CliErrors} convention. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        List<CommandLine> subcommands = new ArrayList<>();
        for (CliCommand c : ServiceLoader.load(CliCommand.class, Plugins.classLoader())) {
            subcommands.add(new CommandLine(c.command()));
        }
        subcommands.sort(Comparator.comparing(CommandLine::getCommandName));   // stable help, whatever the jar order
        subcommands.forEach(sub -> cl.addSubcommand(sub.getCommandName(), sub));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return CliErrors.install(cl);
    }

    /** Loads the plugins ({@code JMEGYM_CLASSPATH}, {@code --classpath}), runs the command line, exits with its code. */
    public static void main(String[] args) {
        List<String> rest;
        try {
            rest = Plugins.installFromCommandLine(Arrays.asList(args), System.getenv(Plugins.ENV_VAR));
        } catch (IllegalArgumentException e) {
            System.err.println("jmegym: " + e.getMessage());
            System.exit(EXIT_BAD_INPUT);
            return;
        }
        System.exit(commandLine().execute(rest.toArray(String[]::new)));
    }
}
