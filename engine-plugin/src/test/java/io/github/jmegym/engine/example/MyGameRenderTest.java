package io.github.jmegym.engine.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.engine.record.XvfbDisplay;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guide's {@link MyGame} as a player sees it: a child JVM runs it in an OpenGL window ({@code $DISPLAY}, or a
 * private Xvfb) and grabs a frame of its 3D scene; every NPC in view is lit, not black. Skipped only when no display
 * can be had (no {@code $DISPLAY} and no Xvfb installed).
 */
@Tag("slow")
class MyGameRenderTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void readmeGameShowsItsNpcsLit() throws Exception {
        try (XvfbDisplay display = XvfbDisplay.open()) {
            Assumptions.assumeTrue(display != null, "no DISPLAY and no Xvfb installed: cannot open a window");
            Path png = dir.resolve("mygame.png");
            String out = display.runJava(MyGameScreenshotMain.class, dir.resolve("child.log"), Duration.ofSeconds(240),
                    png.toString());

            BufferedImage img = ImageIO.read(png.toFile());
            List<String> seen = new ArrayList<>();
            for (String line : out.lines().filter(l -> l.startsWith("NPC ")).toList()) {
                String[] f = line.split(" ");
                int x = Integer.parseInt(f[2]);
                int y = Integer.parseInt(f[3]);
                if (x < 2 || y < 2 || x >= img.getWidth() - 2 || y >= img.getHeight() - 2) {
                    continue;
                }
                int brightest = brightestChannel(img, x, y);
                assertTrue(brightest > 40, f[1] + " at (" + x + ", " + y + ") renders black (brightest channel "
                        + brightest + " of 255 around it): the scene has no light");
                seen.add(f[1]);
            }
            assertTrue(seen.size() >= 6, "NPCs in view: " + seen + " of\n" + out);
        }
    }

    /** The largest 8-bit channel among the 5 x 5 pixels around (x, y). */
    private static int brightestChannel(BufferedImage img, int x, int y) {
        int max = 0;
        for (int dy = -2; dy <= 2; dy++) {
            for (int dx = -2; dx <= 2; dx++) {
                int c = img.getRGB(x + dx, y + dy);
                max = Math.max(max, Math.max((c >> 16) & 255, Math.max((c >> 8) & 255, c & 255)));
            }
        }
        return max;
    }
}
