package io.github.jmegym.envs.cli;

import com.google.gson.JsonObject;
import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.EnvSpec;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jmegym envs}: lists every registered env with its spaces, time limit and reward threshold. */
@Command(name = "envs", mixinStandardHelpOptions = true,
        description = "List every registered env id with its observation and action spaces and max episode steps.")
public final class EnvsCommand implements Callable<Integer>, CliCommand {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON object per env (id, spec, spaces as JSON) instead of a table.")
    private boolean json;

    @Override
    public Object command() {
        return new EnvsCommand();
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "MAX STEPS", "THRESHOLD", "ACTION SPACE", "OBSERVATION SPACE"});
        int failures = 0;
        for (String id : Envs.ids()) {
            EnvSpec s = Envs.spec(id);
            String limit = s.maxEpisodeSteps() == null ? "-" : s.maxEpisodeSteps().toString();
            String threshold = s.rewardThreshold() == null ? "-" : s.rewardThreshold().toString();
            try (Env<?, ?> env = Envs.make(id)) {
                if (json) {
                    JsonObject o = s.toJson();
                    o.add("observation_space", env.observationSpace().toJson());
                    o.add("action_space", env.actionSpace().toJson());
                    out.println(Json.GSON.toJson(o));
                } else {
                    rows.add(new String[] {id, limit, threshold, env.actionSpace().toString(),
                        env.observationSpace().toString()});
                }
            } catch (RuntimeException e) {
                failures++;
                spec.commandLine().getErr().println("envs: " + id + " could not be made: " + e.getMessage());
                rows.add(new String[] {id, limit, threshold, "?", "(could not be made: " + e.getMessage() + ")"});
            }
        }
        if (!json) {
            printTable(out, rows);
        }
        out.flush();
        return failures == 0 ? 0 : 1;
    }

    /** Left-aligned columns (numbers right-aligned), two spaces apart. */
    static void printTable(PrintWriter out, List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int c = 0; c < cols; c++) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                boolean number = c == 1 || c == 2;
                String cell = c == cols - 1 ? r[c] : number ? pad(r[c], width[c], true) : pad(r[c], width[c], false);
                line.append(c == 0 ? "" : "  ").append(cell);
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(width - s.length());
        return right ? fill + s : s + fill;
    }
}
