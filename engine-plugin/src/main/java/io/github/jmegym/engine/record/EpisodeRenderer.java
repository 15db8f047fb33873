package io.github.jmegym.engine.record;

import io.github.jmegym.engine.record.Recording;
import io.github.jmegym.engine.render.AnimatedGif;
import io.github.jmegym.engine.render.Frames;
import io.github.jmegym.engine.render.OffscreenRenderer;
import io.github.jmegym.engine.render.SceneStyle;
import io.github.jmegym.engine.render.WorldRenderer;
import io.github.jmegym.envs.RenderFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a recorded episode headless: every frame (the reset and each step) posed from the recorded transforms,
 * written as {@code frame_00000.png}, ... and, when asked, one looping {@code episode.gif}, into a directory.
 */
public final class EpisodeRenderer {
    private EpisodeRenderer() {
    }

    /**
     * What to write.
     *
     * @param width frame width in pixels
     * @param height frame height in pixels
     * @param pngs whether to write one PNG per frame
     * @param gif whether to write the animated GIF
     * @param gifFps the GIF's frame rate, or {@code <= 0} for the recording's decision rate (capped at 50)
     * @param every render every {@code every}-th frame only (the last frame always), {@code >= 1}
     */
    public record Options(int width, int height, boolean pngs, boolean gif, double gifFps, int every) {
        /** Validates. */
        public Options {
            if (width < 16 || height < 16 || width > 4096 || height > 4096) {
                throw new IllegalArgumentException("render: size " + width + "x" + height + "; expected 16..4096 each way");
            }
            if (every < 1) {
                throw new IllegalArgumentException("render: every=" + every + "; expected >= 1");
            }
            if (!pngs && !gif) {
                throw new IllegalArgumentException("render: neither PNG frames nor a GIF asked for");
            }
        }

        /** 320x240, PNGs and a GIF at the recording's rate, every frame. */
        public static Options defaults() {
            return new Options(320, 240, true, true, 0, 1);
        }
    }

    /**
     * What was written.
     *
     * @param frames frames rendered
     * @param pngs the PNG files
     * @param gif the GIF, or {@code null}
     * @param seconds wall-clock seconds spent rendering (with readback and encoding)
     */
    public record Result(int frames, List<Path> pngs, Path gif, double seconds) {
    }

    /** Renders {@code rec} into {@code outDir} (created when missing). */
    public static Result render(Recording rec, Path outDir, Options opts, OffscreenRenderer renderer) {
        long start = System.nanoTime();
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new UncheckedIOException("render: cannot create " + outDir + ": " + e.getMessage(), e);
        }
        List<Path> pngs = new ArrayList<>();
        List<RenderFrame> frames = new ArrayList<>();
        Path gif = null;
        try (RecordedScene scene = new RecordedScene(rec)) {
            WorldRenderer wr = new WorldRenderer(scene.world().simulation().rootNode(), opts.width(), opts.height(), null,
                    SceneStyle.defaults(), renderer);
            int n = scene.frames();
            for (int i = 0; i < n; i++) {
                if (i % opts.every() != 0 && i != n - 1) {
                    continue;
                }
                scene.show(i);
                RenderFrame f = wr.render();
                if (opts.pngs()) {
                    Path p = outDir.resolve(String.format("frame_%05d.png", i));
                    Frames.writePng(f, p);
                    pngs.add(p);
                }
                if (opts.gif()) {
                    frames.add(f);
                }
            }
            if (opts.gif()) {
                double fps = opts.gifFps() > 0 ? opts.gifFps() : Math.min(50, scene.decisionsPerSecond() / opts.every());
                gif = outDir.resolve("episode.gif");
                AnimatedGif.write(frames, Math.max(1, fps), gif);
            }
        }
        return new Result(Math.max(pngs.size(), frames.size()), pngs, gif, (System.nanoTime() - start) / 1e9);
    }
}
