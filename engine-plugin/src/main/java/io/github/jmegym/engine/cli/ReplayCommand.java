package io.github.jmegym.engine.cli;

import io.github.jmegym.engine.record.EpisodeReader;
import io.github.jmegym.engine.record.RecordedScene;
import io.github.jmegym.engine.record.Recording;
import io.github.jmegym.engine.record.Replay;
import io.github.jmegym.engine.record.ReplayReport;
import io.github.jmegym.engine.record.ReplayViewer;
import io.github.jmegym.envs.cli.CliCommand;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jmegym replay FILE}: checks a recording by re-simulating it from its seed and actions, then plays it back
 * in a window (pause, single-step, speed, scrubbing); {@code --check} only checks (no window; exit code 1 when it
 * diverges).
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Re-simulate a recording from its seed and actions and compare with the recorded transforms "
                + "(reports the first step and spatial that differ), then play it back in a window.",
            "Keys: " + "Space pause/play, Right/Left step, Up/Down speed, PgUp/PgDn or [/] jump 10, Home/End, click the bar "
                + "to scrub, Esc quit."})
public final class ReplayCommand implements Callable<Integer>, CliCommand {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The recording (.jsonl.gz or .jsonl).")
    private Path file;

    @Option(names = "--check", description = "Only re-simulate and compare; no window. Exit code 1 when it diverges.")
    private boolean checkOnly;

    @Option(names = "--no-check", description = "Skip the re-simulation check; just play the recorded transforms back.")
    private boolean noCheck;

    @Option(names = "--frame", defaultValue = "0", paramLabel = "N", description = "Start at frame N (0 = after the reset).")
    private int startFrame;

    @Option(names = "--paused", description = "Start paused.")
    private boolean paused;

    @Option(names = "--screenshot", paramLabel = "PNG",
            description = "Write a screenshot of the window to PNG after it opens, then close (for checks under Xvfb).")
    private Path screenshot;

    // strong reference: java.util.logging forgets the level of loggers nobody holds
    private static final java.util.logging.Logger JME_LOG = java.util.logging.Logger.getLogger("com.jme3");

    @Override
    public Object command() {
        return new ReplayCommand();
    }

    @Override
    public Integer call() {
        if (checkOnly && noCheck) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--check and --no-check exclude each other");
        }
        PrintWriter o = spec.commandLine().getOut();
        return run(o);
    }

    private int run(PrintWriter o) {
        Recording rec = EpisodeReader.read(file);
        String checkLine = "";
        boolean ok = true;
        if (!noCheck) {
            ReplayReport r = Replay.resimulate(rec);
            o.println(r.summary());
            o.flush();
            ok = r.matches();
            checkLine = r.matches() ? "re-simulation: matches the recording bit for bit"
                    : "re-simulation DIVERGES at " + r.divergence().describe();
        }
        if (checkOnly) {
            return ok ? 0 : 1;
        }
        JME_LOG.setLevel(java.util.logging.Level.WARNING);
        try (RecordedScene scene = new RecordedScene(rec)) {
            new ReplayViewer(scene, checkLine, startFrame, paused, screenshot).run();
        }
        if (screenshot != null) {
            o.println("screenshot: " + screenshot);
        }
        return ok ? 0 : 1;
    }
}
