package io.github.jmegym.engine.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.engine.record.XvfbDisplay;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HUD in a real window: a child JVM trains BallBalance x8 in an OpenGL window (on {@code $DISPLAY}, or on an
 * Xvfb started for it when there is none) and grabs a frame; the test checks the scene and the HUD are in it.
 * Skipped only when no display can be had (no {@code $DISPLAY} and no {@code Xvfb}).
 */
@Tag("slow")
class HudRenderTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(360)
    void hudShowsModeMetricsAndReturnGraphOverTheScene() throws Exception {
        try (XvfbDisplay display = XvfbDisplay.open()) {
            Assumptions.assumeTrue(display != null, "no DISPLAY and no Xvfb installed: cannot open a window");
            Path png = Path.of("target", "hud-screenshot.png").toAbsolutePath();
            Files.deleteIfExists(png);
            String log = display.runJava(HudScreenshotMain.class, dir.resolve("child.log"), Duration.ofSeconds(300),
                    png.toString());
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
            // the text sits on a translucent dark panel: just above its first line the scene shows through, darkened
            int panel = img.getRGB(9, 9);
            int[] bgRgb = {(bg >> 16) & 255, (bg >> 8) & 255, bg & 255};
            int[] panelRgb = {(panel >> 16) & 255, (panel >> 8) & 255, panel & 255};
            for (int c = 0; c < 3; c++) {
                assertTrue(panelRgb[c] < 0.8 * bgRgb[c] && panelRgb[c] > 0,
                        "text panel pixel " + Integer.toHexString(panel) + " is not the background "
                                + Integer.toHexString(bg) + " darkened by a translucent panel");
            }
        }
    }

    @Test
    @Timeout(360)
    void hudShowsDashesForMissingFiguresAndStaysReadableOverALightScene() throws Exception {
        try (XvfbDisplay display = XvfbDisplay.open()) {
            Assumptions.assumeTrue(display != null, "no DISPLAY and no Xvfb installed: cannot open a window");
            Path png = Path.of("target", "hud-light-screenshot.png").toAbsolutePath();
            Files.deleteIfExists(png);
            String log = display.runJava(HudScreenshotMain.class, dir.resolve("child-light.log"), Duration.ofSeconds(300),
                    png.toString(), "light");
            String hud = log.substring(log.indexOf("HUD-TEXT-BEGIN"), log.indexOf("HUD-TEXT-END"));
            assertTrue(hud.contains("approx KL -   clip frac -   ESS -"), "no update yet: dashes, not NaN\n" + hud);
            assertTrue(!hud.contains("NaN"), hud);

            BufferedImage img = ImageIO.read(png.toFile());
            int bg = img.getRGB(img.getWidth() - 3, 3);
            int[] bgRgb = {(bg >> 16) & 255, (bg >> 8) & 255, bg & 255};
            assertTrue(bgRgb[0] > 200 && bgRgb[1] > 200 && bgRgb[2] > 200, "a light scene: " + Integer.toHexString(bg));
            // inside the text panel (the first lines span more than 300 px): dark panel and white text, not the light
            // background, so the text keeps its contrast
            int white = count(img, 14, 14, 300, 50, (r, g, b) -> r > 200 && g > 200 && b > 200);
            int dark = count(img, 14, 14, 300, 50, (r, g, b) -> r < 0.6 * bgRgb[0] && g < 0.6 * bgRgb[1] && b < 0.6 * bgRgb[2]);
            assertTrue(white >= 100, "white text pixels on the panel: " + white);
            assertTrue(dark >= 3000, "panel pixels darker than 60% of the light background: " + dark);
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
}
