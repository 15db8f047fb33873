package io.github.jmegym.agent.crosscheck;

import com.google.gson.JsonObject;
import io.github.jmegym.agent.run.AtomicFiles;
import io.github.jmegym.envs.Json;
import io.github.jmegym.envs.cli.CliCommand;
import io.github.jmegym.envs.cli.EnvIdOption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./jmegym crosscheck ppo|trpo --in FILE --out FILE}: the Java half of {@code python -m jmegym.crosscheck ppo}
 * and {@code trpo} ({@link PpoCrossCheck}, {@link TrpoCrossCheck}), one JSON file in and one out, so that the Python
 * side needs only a JVM subprocess.
 */
@Command(name = "crosscheck", mixinStandardHelpOptions = true, subcommands = {CrossCheckCommand.Ppo.class, CrossCheckCommand.Trpo.class,
        CrossCheckCommand.Config.class},
        description = "The Java half of `python -m jmegym.crosscheck`: runs an update on handed-in data.")
public final class CrossCheckCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The {@code crosscheck} subcommand service. */
    public static final class Service implements CliCommand {
        @Override
        public Object command() {
            return new CrossCheckCommand();
        }
    }

    /**
     * {@code crosscheck config}: the full config {@code ./jmegym train} would use (a file's fields over the env's
     * preset, {@link io.github.jmegym.agent.Presets#resolve}), so the other side maps every field without a second copy of the defaults.
     */
    @Command(name = "config", mixinStandardHelpOptions = true,
            description = {"Write the full PpoConfig that `train --env ID [--config FILE]` would use to --out.",
                    "--env (the env whose preset to use) and --out are required."})
    static final class Config implements Callable<Integer> {
        @Mixin
        private EnvIdOption env = new EnvIdOption();

        @Mixin
        private io.github.jmegym.agent.cli.ConfigOption config = new io.github.jmegym.agent.cli.ConfigOption();

        @Option(names = "--algo", paramLabel = "ALGO", description = "the algorithm whose preset to use, as "
                + "`train --algo` (default: the --config file's algo, else ppo)")
        private String algo;

        @Option(names = "--out", paramLabel = "FILE", required = true, description = "the JSON file to write")
        private Path out;

        @Override
        public Integer call() {
            String id = env.require();
            io.github.jmegym.agent.PpoConfig c = config.resolve(id,
                    algo == null ? null : io.github.jmegym.agent.Algo.parse(algo, "--algo"));
            AtomicFiles.writeString(out, c.toJsonString());
            return 0;
        }
    }

    /** {@code crosscheck ppo}. */
    @Command(name = "ppo", mixinStandardHelpOptions = true,
            description = "One PPO update of the Java trainer on the rollout, weights and permutations of --in; "
                    + "every intermediate to --out (see PpoCrossCheck for the fields).")
    static final class Ppo extends Run {
        Ppo() {
            super(PpoCrossCheck::run);
        }
    }

    /** {@code crosscheck trpo}. */
    @Command(name = "trpo", mixinStandardHelpOptions = true,
            description = "One TRPO or NPG update of the Java trainer on the rollout, weights and critic permutations "
                    + "of --in; every intermediate to --out (see TrpoCrossCheck for the fields).")
    static final class Trpo extends Run {
        Trpo() {
            super(TrpoCrossCheck::run);
        }
    }

    /** One JSON input, one update, one JSON report. */
    abstract static class Run implements Callable<Integer> {
        private final java.util.function.Function<JsonObject, JsonObject> check;

        @Option(names = "--in", paramLabel = "FILE", required = true, description = "the input JSON")
        private Path in;

        @Option(names = "--out", paramLabel = "FILE", required = true, description = "the report JSON to write")
        private Path out;

        Run(java.util.function.Function<JsonObject, JsonObject> check) {
            this.check = check;
        }

        @Override
        public Integer call() {
            JsonObject input;
            try {
                input = Json.GSON.fromJson(Files.readString(in, StandardCharsets.UTF_8), JsonObject.class);
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("cannot read --in " + in + ": " + e.getMessage(), e);
            }
            JsonObject report;
            try {
                report = check.apply(input);
            } catch (IllegalStateException | ClassCastException | UnsupportedOperationException e) {
                // malformed fields surface as Gson's ClassCast / IllegalState / UnsupportedOperation exceptions
                throw new IllegalArgumentException("--in " + in + ": " + e.getMessage(), e);
            }
            AtomicFiles.writeString(out, Json.GSON.toJson(report));
            return 0;
        }
    }
}
