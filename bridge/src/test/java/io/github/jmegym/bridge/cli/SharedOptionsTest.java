package io.github.jmegym.bridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.envs.cli.Main;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The one grammar of {@code ./jmegym}: every command (walking {@link Main}'s subcommands, theirs included) that has
 * one of the shared options has it exactly as the others do (names, parameter label, default, type, help text),
 * and every command that takes an env, a seed, a model or the gateway's port has the shared option.
 */
class SharedOptionsTest {
    /** The shared options, by their longest name. */
    private static final Set<String> SHARED = Set.of("--env", "--kwarg", "--seed", "--model", "--port", "--token-file",
            "--config", "--update-mode", "--slice-ms");

    /** Which commands must have which shared options (a command not listed must have none). */
    private static final Map<String, Set<String>> EXPECTED = Map.ofEntries(
            Map.entry("jmegym rollout", Set.of("--env", "--kwarg", "--seed")),
            Map.entry("jmegym train", Set.of("--env", "--kwarg", "--seed", "--config", "--update-mode", "--slice-ms")),
            Map.entry("jmegym eval", Set.of("--env", "--kwarg", "--seed", "--model")),
            Map.entry("jmegym export", Set.of("--seed", "--model")),
            Map.entry("jmegym bc", Set.of("--env", "--kwarg", "--seed")),
            Map.entry("jmegym record", Set.of("--env", "--kwarg", "--seed", "--model")),
            Map.entry("jmegym play", Set.of("--env", "--kwarg", "--seed", "--model", "--port", "--token-file",
                    "--config", "--update-mode", "--slice-ms")),
            Map.entry("jmegym serve", Set.of("--port", "--token-file")),
            Map.entry("jmegym crosscheck config", Set.of("--env", "--config")));

    @Test
    void everySharedOptionIsTheSameInEveryCommandThatHasIt() {
        Map<String, List<String>> shapes = new TreeMap<>();
        Map<String, Set<String>> found = new TreeMap<>();
        for (CommandLine cmd : all(Main.commandLine())) {
            String name = cmd.getCommandSpec().qualifiedName();
            for (OptionSpec o : cmd.getCommandSpec().options()) {
                if (SHARED.contains(o.longestName())) {
                    shapes.computeIfAbsent(o.longestName(), k -> new ArrayList<>()).add(shape(o));
                    found.computeIfAbsent(name, k -> new TreeSet<>()).add(o.longestName());
                }
            }
        }
        for (Map.Entry<String, List<String>> e : shapes.entrySet()) {
            assertEquals(1, new TreeSet<>(e.getValue()).size(), e.getKey() + " differs between commands: " + e.getValue());
        }
        Map<String, Set<String>> expected = new TreeMap<>();
        EXPECTED.forEach((k, v) -> expected.put(k, new TreeSet<>(v)));
        assertEquals(expected, found, "which commands have which shared options");
    }

    @Test
    void theKwargOptionKeepsItsShortNameAndTheSeedItsDefault() {
        CommandLine play = Main.commandLine().getSubcommands().get("rollout");
        OptionSpec k = play.getCommandSpec().findOption("-k");
        assertTrue(k != null && k.longestName().equals("--kwarg"), "-k is --kwarg");
        assertEquals("0", play.getCommandSpec().findOption("--seed").defaultValue());
    }

    private static String shape(OptionSpec o) {
        return String.join("|", List.of(String.join(",", o.names()), o.paramLabel(), String.valueOf(o.defaultValue()),
                o.type().getName(), String.valueOf(o.required()), String.join(" ", o.description())));
    }

    private static List<CommandLine> all(CommandLine root) {
        List<CommandLine> out = new ArrayList<>();
        for (CommandLine sub : root.getSubcommands().values()) {
            if (!out.contains(sub)) {
                out.add(sub);
                out.addAll(all(sub));
            }
        }
        return out;
    }
}
