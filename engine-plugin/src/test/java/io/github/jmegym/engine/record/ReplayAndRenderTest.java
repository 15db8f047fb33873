package io.github.jmegym.engine.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.engine.WorldEnv;
import io.github.jmegym.engine.record.EpisodeReader;
import io.github.jmegym.engine.record.RecordEpisodes;
import io.github.jmegym.engine.record.Recording;
import io.github.jmegym.engine.render.OffscreenRenderer;
import io.github.jmegym.engine.render.RenderBackend;
import io.github.jmegym.engine.worlds.EngineEnvs;
import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.RenderFrame;
import io.github.jmegym.envs.Step;
import io.github.jmegym.envs.cli.Main;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReplayAndRenderTest {
    @TempDir
    Path dir;

    /** Records a heuristic Chase-v0 episode of at most {@code steps} decisions; with rgb_array, the live frames too. */
    @SuppressWarnings("unchecked")
    private Path record(int steps, boolean render, List<RenderFrame> live) {
        Map<String, Object> k = render ? Map.of("max_episode_steps", steps, "render_mode", "rgb_array", "render_width", 96,
                "render_height", 72) : Map.of("max_episode_steps", steps);
        try (RecordEpisodes<Object> env = new RecordEpisodes<>((Env<double[], Object>) (Env<?, ?>) Envs.make(EngineEnvs.CHASE, k),
                dir.resolve("rec"), RecordEpisodes.always(), 0)) {
            WorldEnv<Object> w = (WorldEnv<Object>) env.unwrapped();
            double[] obs = env.reset(21L, Map.of()).observation();
            if (render) {
                live.add(env.render().orElseThrow());
            }
            Step<double[]> s;
            do {
                s = env.step(w.agent().heuristic(obs));
                obs = s.observation();
                if (render) {
                    live.add(env.render().orElseThrow());
                }
            } while (!s.terminated() && !s.truncated());
            return env.written().get(0);
        }
    }

    private static OffscreenRenderer renderer() {
        Assumptions.assumeTrue(RenderBackend.displayAvailable() || RenderBackend.osmesaAvailable(), "cannot render here");
        return OffscreenRenderer.shared();
    }

    private static int[] rgbAt(BufferedImage img, int x, int y) {
        int c = img.getRGB(x, y);
        return new int[] {c >> 16 & 0xff, c >> 8 & 0xff, c & 0xff};
    }

    @Test
    void renderedPlaybackEqualsTheLiveRgbArrayFramesPixelForPixel() throws Exception {
        renderer();
        List<RenderFrame> live = new ArrayList<>();
        Path file = record(12, true, live);
        Recording rec = EpisodeReader.read(file);
        EpisodeRenderer.Result res = EpisodeRenderer.render(rec, dir.resolve("out"),
                new EpisodeRenderer.Options(96, 72, true, true, 0, 1), OffscreenRenderer.shared());
        assertEquals(rec.steps().size() + 1, res.frames());
        assertEquals(live.size(), res.pngs().size());
        for (int i = 0; i < live.size(); i++) {
            BufferedImage img = ImageIO.read(res.pngs().get(i).toFile());
            RenderFrame f = live.get(i);
            for (int y = 0; y < f.height(); y += 3) {
                for (int x = 0; x < f.width(); x += 3) {
                    int k = (y * f.width() + x) * 3;
                    assertArrayEquals(new int[] {f.rgb()[k] & 0xff, f.rgb()[k + 1] & 0xff, f.rgb()[k + 2] & 0xff},
                            rgbAt(img, x, y), "frame " + i + " pixel " + x + "," + y);
                }
            }
        }
        try (var in = ImageIO.createImageInputStream(res.gif().toFile())) {
            var reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            assertEquals(live.size(), reader.getNumImages(true));
        }
    }

    @Test
    void renderCommandWritesFramesAndGifAndRejectsCorruptFiles() throws Exception {
        renderer();
        Path file = record(30, false, null);
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        int code = cl.execute("render", file.toString(), "--out", dir.resolve("r").toString(), "--width", "64", "--height", "48",
                "--every", "5");
        assertEquals(0, code, out.toString());
        int frames = EpisodeReader.read(file).steps().size() + 1;
        try (var list = Files.list(dir.resolve("r"))) {
            long pngs = list.filter(p -> p.toString().endsWith(".png")).count();
            assertEquals((frames - 1) / 5 + 1 + ((frames - 1) % 5 == 0 ? 0 : 1), pngs);
        }
        assertTrue(Files.size(dir.resolve("r/episode.gif")) > 200);
        BufferedImage first = ImageIO.read(dir.resolve("r/frame_00000.png").toFile());
        long red = 0;
        for (int y = 0; y < first.getHeight(); y++) {
            for (int x = 0; x < first.getWidth(); x++) {
                int[] c = rgbAt(first, x, y);
                if (c[0] > 120 && c[0] > 2 * c[1] && c[0] > 2 * c[2]) {
                    red++;
                }
            }
        }
        assertTrue(red > 0, "the red target is in the first frame");
        Path broken = dir.resolve("broken.jsonl.gz");
        byte[] all = Files.readAllBytes(file);
        Files.write(broken, java.util.Arrays.copyOf(all, all.length / 2));
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertEquals(2, cl.execute("render", broken.toString(), "--out", dir.resolve("b").toString()));
        assertTrue(err.toString().contains(broken + ":"), err.toString());
        assertFalse(Files.exists(dir.resolve("b/episode.gif")));
    }

    @Test
    void replayCheckExitsZeroWhenTheRecordingMatchesAndOneWhenItDiverges() throws Exception {
        Path file = record(15, false, null);
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("replay", "--check", file.toString()));
        assertTrue(out.toString().contains("re-simulation matches the recording"), out.toString());
        // a recording of the same episode with another obstacle count does not match its header's world
        List<String> lines = new ArrayList<>(List.of(new String(new java.util.zip.GZIPInputStream(Files.newInputStream(file))
                .readAllBytes(), StandardCharsets.UTF_8).split("\n")));
        lines.set(0, lines.get(0).replace("\"kwargs\":{}", "\"kwargs\":{\"target_speed\":2.0}"));
        Path other = dir.resolve("other.jsonl");
        Files.write(other, lines);
        StringWriter out2 = new StringWriter();
        cl.setOut(new PrintWriter(out2));
        assertEquals(1, cl.execute("replay", "--check", other.toString()));
        assertTrue(out2.toString().contains("diverges at step"), out2.toString());
    }

    @Test
    void viewerCommandsStepPauseJumpAndChangeSpeed() {
        Path file = record(40, false, null);
        try (RecordedScene scene = new RecordedScene(EpisodeReader.read(file))) {
            int last = scene.frames() - 1;
            ReplayViewer v = new ReplayViewer(scene, "", 0, false, null);
            v.command("next");
            assertEquals(1, v.frame());
            assertTrue(v.paused());
            v.command("prev");
            v.command("prev");
            assertEquals(0, v.frame());
            v.command("fwd10");
            assertEquals(Math.min(10, last), v.frame());
            v.command("last");
            assertEquals(last, v.frame());
            v.command("pause");
            assertFalse(v.paused());
            assertEquals(0, v.frame(), "play at the end restarts from the first frame");
            v.command("faster");
            v.command("faster");
            assertEquals(4.0, v.speed());
            v.command("slower");
            assertEquals(2.0, v.speed());
            assertThrows(IllegalArgumentException.class, () -> new ReplayViewer(scene, "", last + 1, true, null));
        }
    }

    @Test
    void replayWindowUnderXvfbShowsTheSceneTheHudAndTheTimeline() throws Exception {
        Path file = record(40, false, null);
        int frames = EpisodeReader.read(file).steps().size() + 1;
        try (XvfbDisplay x = XvfbDisplay.open()) {
            Assumptions.assumeTrue(x != null, "no X display and no Xvfb");
            Path shot = dir.resolve("shot.png");
            Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
            ProcessBuilder pb = new ProcessBuilder(javaBin.toString(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "replay", file.toString(), "--frame", Integer.toString(frames / 2), "--paused",
                    "--screenshot", shot.toString());
            pb.environment().put("DISPLAY", x.name());
            pb.redirectErrorStream(true);
            Process p = pb.start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the replay window did not close");
            assertEquals(0, p.exitValue(), text);
            assertTrue(Files.exists(shot), "no screenshot: " + text);
            BufferedImage img = ImageIO.read(shot.toFile());
            assertEquals(960, img.getWidth());
            assertEquals(720, img.getHeight());
            // the timeline: filled (yellow) up to the middle, grey after it
            int barY = 720 - 1 - 22;
            int[] filled = rgbAt(img, 30, barY);
            assertTrue(filled[0] > 200 && filled[1] > 150 && filled[2] < 90, "filled timeline " + java.util.Arrays.toString(filled));
            int[] rest = rgbAt(img, 930, barY);
            assertTrue(Math.abs(rest[0] - rest[2]) < 30 && rest[0] < 120, "empty timeline " + java.util.Arrays.toString(rest));
            // HUD text (white) in the top-left corner, the red target and green NPC in the scene
            int white = 0;
            int red = 0;
            int green = 0;
            for (int yy = 0; yy < img.getHeight(); yy++) {
                for (int xx = 0; xx < img.getWidth(); xx++) {
                    int[] c = rgbAt(img, xx, yy);
                    if (yy < 90 && xx < 400 && c[0] > 200 && c[1] > 200 && c[2] > 200) {
                        white++;
                    }
                    if (c[0] > 120 && c[0] > 2 * c[1] && c[0] > 2 * c[2]) {
                        red++;
                    }
                    if (c[1] > 120 && c[1] > 2 * c[0] && c[1] > 2 * c[2]) {
                        green++;
                    }
                }
            }
            assertTrue(white > 200, "HUD text pixels: " + white);
            assertTrue(red > 50 && green > 50, "target " + red + " and NPC " + green + " pixels");
        }
    }
}
