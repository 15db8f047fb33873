package io.github.jmegym.engine.ingame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HUD in a real window: a child JVM trains BallBalance x8 in an OpenGL window (on {@code $DISPLAY}, or on an
 * Xvfb this test starts when there is none) and grabs a frame; the test checks the scene and the HUD are in it.
 * Skipped only when no display can be had (no {@code $DISPLAY} and no {@code Xvfb}).
 */
@Tag("slow")
class HudRenderTest {
    @TempDir
    Path dir;

    @Test
    void hudShowsModeMetricsAndReturnGraphOverTheScene() throws Exception {
        String display = System.getenv("DISPLAY");
        Process xvfb = null;
        if (display == null || display.isBlank()) {
            Assumptions.assumeTrue(onPath("Xvfb"), "no DISPLAY and no Xvfb: cannot open a window");
            display = ":" + (70 + ProcessHandle.current().pid() % 20);
            xvfb = new ProcessBuilder("Xvfb", display, "-screen", "0", "1024x768x24", "+extension", "GLX", "-nolisten", "tcp")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("xvfb.log").toFile()).start();
            Thread.sleep(1000);
            assertTrue(xvfb.isAlive(), "Xvfb " + display + " exited: " + Files.readString(dir.resolve("xvfb.log")));
        }
        try {
            Path png = Path.of("target", "hud-screenshot.png").toAbsolutePath();
            Files.deleteIfExists(png);
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx1g", "-cp", System.getProperty("java.class.path"), HudScreenshotMain.class.getName(), png.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile());
            pb.environment().put("DISPLAY", display);
            Process child = pb.start();
            boolean ended = child.waitFor(300, TimeUnit.SECONDS);
            String log = Files.readString(dir.resolve("child.log"), StandardCharsets.UTF_8);
            if (!ended) {
                child.destroyForcibly();
            }
            assertTrue(ended, "the game window did not finish in 300 s:\n" + tail(log));
            assertEquals(0, child.exitValue(), "the game window failed:\n" + tail(log));
            String hud = log.substring(log.indexOf("HUD-TEXT-BEGIN"), log.indexOf("HUD-TEXT-END"));
            assertTrue(hud.contains("Mode: TRAINING"), hud);
            assertTrue(hud.contains("approx KL 0.") && (hud.contains("ESS 0.") || hud.contains("ESS 1.")), hud);

            BufferedImage img = ImageIO.read(png.toFile());
            assertEquals(800, img.getWidth());
            assertEquals(600, img.getHeight());
            // the HUD's graph panel: dark, with green curve pixels in it
            int graphTop = img.getHeight() - (int) (12 + TrainingHud.GRAPH_H);
            int green = count(img, 12, graphTop, 12 + (int) TrainingHud.GRAPH_W, img.getHeight() - 12,
                    (r, g, b) -> g > 150 && g > r + 50 && g > b + 40);
            assertTrue(green >= 30, "green curve pixels in the graph: " + green);
            // text in the top-left corner: near-white pixels
            int white = count(img, 0, 0, 420, 110, (r, g, b) -> r > 200 && g > 200 && b > 200);
            assertTrue(white >= 200, "white HUD text pixels: " + white);
            // the scene: the background colour in the top-right corner and lit platform or ball pixels in the middle
            // (jME 3.9 windows write sRGB: the linear colour is encoded; OSMesa contexts do not convert)
            int bg = img.getRGB(img.getWidth() - 3, 3);
            int[] want = near(bg, InGameApp.BACKGROUND.r, InGameApp.BACKGROUND.g, InGameApp.BACKGROUND.b);
            assertTrue(want != null, "background pixel " + Integer.toHexString(bg) + " is not the window's background colour");
            int sceneLit = count(img, 200, 150, 600, 450, (r, g, b) -> Math.abs(r - want[0]) + Math.abs(g - want[1])
                    + Math.abs(b - want[2]) > 60);
            assertTrue(sceneLit >= 2000, "scene pixels that are not background in the middle: " + sceneLit);
        } finally {
            if (xvfb != null) {
                xvfb.destroy();
                xvfb.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** The expected 8-bit colour (linear or sRGB-encoded) that pixel {@code c} is within 8 of, else null. */
    private static int[] near(int c, float r, float g, float b) {
        for (boolean srgb : new boolean[] {false, true}) {
            int[] w = {enc(r, srgb), enc(g, srgb), enc(b, srgb)};
            if (Math.abs(((c >> 16) & 255) - w[0]) <= 8 && Math.abs(((c >> 8) & 255) - w[1]) <= 8
                    && Math.abs((c & 255) - w[2]) <= 8) {
                return w;
            }
        }
        return null;
    }

    private static int enc(float linear, boolean srgb) {
        double v = !srgb ? linear : linear <= 0.0031308 ? 12.92 * linear : 1.055 * Math.pow(linear, 1 / 2.4) - 0.055;
        return (int) Math.round(v * 255);
    }

    private interface Rgb {
        boolean test(int r, int g, int b);
    }

    private static int count(BufferedImage img, int x0, int y0, int x1, int y1, Rgb p) {
        int n = 0;
        for (int y = Math.max(0, y0); y < Math.min(img.getHeight(), y1); y++) {
            for (int x = Math.max(0, x0); x < Math.min(img.getWidth(), x1); x++) {
                int c = img.getRGB(x, y);
                if (p.test((c >> 16) & 255, (c >> 8) & 255, c & 255)) {
                    n++;
                }
            }
        }
        return n;
    }

    private static boolean onPath(String exe) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, exe))) {
                return true;
            }
        }
        return false;
    }

    private static String tail(String log) {
        return log.length() > 4000 ? log.substring(log.length() - 4000) : log;
    }
}
