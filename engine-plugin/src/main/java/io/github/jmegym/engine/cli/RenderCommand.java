package io.github.jmegym.engine.cli;

import io.github.jmegym.engine.record.EpisodeReader;
import io.github.jmegym.engine.record.EpisodeRenderer;
import io.github.jmegym.engine.record.Recording;
import io.github.jmegym.engine.render.OffscreenRenderer;
import io.github.jmegym.envs.cli.CliCommand;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jmegym render FILE --out DIR}: renders a recorded episode headless to PNG frames and an animated GIF. */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Render a recorded episode (a .jsonl.gz recording) headless to PNG frames and an animated GIF.",
            "Needs an X display (e.g. xvfb-run -a) or OSMesa (libosmesa6); -Djmegym.render=display|osmesa or "
                + "JMEGYM_RENDER chooses (default: the display when DISPLAY is set)."})
public final class RenderCommand implements Callable<Integer>, CliCommand {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The recording.")
    private Path file;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for frame_NNNNN.png and episode.gif.")
    private Path out;

    @Option(names = "--width", defaultValue = "320", description = "Frame width in pixels (default: ${DEFAULT-VALUE}).")
    private int width;

    @Option(names = "--height", defaultValue = "240", description = "Frame height in pixels (default: ${DEFAULT-VALUE}).")
    private int height;

    @Option(names = "--no-png", description = "Write the GIF only.")
    private boolean noPng;

    @Option(names = "--no-gif", description = "Write the PNG frames only.")
    private boolean noGif;

    @Option(names = "--fps", defaultValue = "0", description = "GIF frame rate (default: the recording's decision rate).")
    private double fps;

    @Option(names = "--every", defaultValue = "1", description = "Render every N-th frame only (default: ${DEFAULT-VALUE}).")
    private int every;

    @Override
    public Object command() {
        return new RenderCommand();
    }

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        EpisodeRenderer.Options opts = new EpisodeRenderer.Options(width, height, !noPng, !noGif, fps, every);
        Recording rec = EpisodeReader.read(file);
        OffscreenRenderer r = OffscreenRenderer.shared();
        EpisodeRenderer.Result res = EpisodeRenderer.render(rec, out, opts, r);
        if (res.frames() == 0) {
            throw new IllegalStateException("no frames were produced for " + file);
        }
        o.printf("%s: %d frames (%dx%d) in %.2f s (%.0f frames/s incl. encoding) on %s [%s]%n", file, res.frames(), width,
                height, res.seconds(), res.frames() / res.seconds(), r.backend(), r.glDescription());
        if (!res.pngs().isEmpty()) {
            o.println("  " + out.resolve("frame_00000.png") + " ... " + res.pngs().get(res.pngs().size() - 1).getFileName());
        }
        if (res.gif() != null) {
            o.println("  " + res.gif());
        }
        o.flush();
        return 0;
    }
}
