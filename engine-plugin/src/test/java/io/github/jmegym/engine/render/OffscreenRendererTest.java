package io.github.jmegym.engine.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jme3.math.ColorRGBA;
import com.jme3.math.Vector3f;
import com.jme3.renderer.Camera;
import com.jme3.scene.Geometry;
import com.jme3.scene.Node;
import com.jme3.scene.shape.Box;
import io.github.jmegym.engine.Tags;
import io.github.jmegym.envs.RenderFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OffscreenRendererTest {
    private static final ColorRGBA RED = new ColorRGBA(1f, 0f, 0f, 1f);
    private static final ColorRGBA BLUE = new ColorRGBA(0f, 0f, 1f, 1f);
    private static final ColorRGBA BACKGROUND = new ColorRGBA(0f, 1f, 0f, 1f);

    @TempDir
    Path dir;

    /** A red unit box at the origin and a blue one at x = 3, seen from z = 10 looking down -Z. */
    private static Node knownScene() {
        Node root = new Node("root");
        Geometry red = new Geometry("Red", new Box(1, 1, 1));
        Tags.setColor(red, RED);
        root.attachChild(red);
        Geometry blue = new Geometry("Blue", new Box(0.5f, 0.5f, 0.5f));
        Tags.setColor(blue, BLUE);
        blue.setLocalTranslation(3, 0, 0);
        root.attachChild(blue);
        root.updateGeometricState();
        return root;
    }

    private static final CameraSetup FRONT = new CameraSetup(new Vector3f(0, 0, 10), Vector3f.ZERO, 45f);

    @Test
    void knownSceneHasExpectedColoursAtKnownPixels() {
        Node scene = knownScene();
        WorldRenderer r = new WorldRenderer(scene, 160, 120, FRONT, SceneStyle.flat(BACKGROUND), TestRenderer.get());
        RenderFrame f = r.render();
        assertEquals(160, f.width());
        assertEquals(120, f.height());
        assertArrayEquals(new int[] {255, 0, 0}, Frames.pixel(f, 80, 60), "centre: the red box");
        assertArrayEquals(new int[] {0, 255, 0}, Frames.pixel(f, 2, 2), "top-left corner: background");
        assertArrayEquals(new int[] {0, 255, 0}, Frames.pixel(f, 80, 5), "top middle: background");
        // the blue box projects right of centre (world +X is screen right when looking down -Z)
        Camera cam = FRONT.camera(160, 120);
        Vector3f s = cam.getScreenCoordinates(new Vector3f(3, 0, 0.5f));
        int bx = Math.round(s.x);
        int by = 119 - Math.round(s.y);
        assertTrue(bx > 100 && bx < 150 && Math.abs(by - 60) <= 1, "blue box at " + bx + "," + by);
        assertArrayEquals(new int[] {0, 0, 255}, Frames.pixel(f, bx, by), "blue box");
        // the red box is 2 m wide at 9 m: about 2 / (2 * 9 * tan(22.5°)) * 120 = 32 px; its edges
        assertArrayEquals(new int[] {255, 0, 0}, Frames.pixel(f, 80 + 13, 60));
        assertArrayEquals(new int[] {0, 255, 0}, Frames.pixel(f, 80 + 20, 60));
    }

    @Test
    void framesFollowTheSceneAsItMoves() {
        Node scene = knownScene();
        WorldRenderer r = new WorldRenderer(scene, 160, 120, FRONT, SceneStyle.flat(BACKGROUND), TestRenderer.get());
        assertArrayEquals(new int[] {255, 0, 0}, Frames.pixel(r.render(), 80, 60));
        scene.getChild("Red").setLocalTranslation(0, 5, 0);
        scene.updateGeometricState();
        RenderFrame moved = r.render();
        assertArrayEquals(new int[] {0, 255, 0}, Frames.pixel(moved, 80, 60), "the red box has left the centre");
        assertArrayEquals(new int[] {255, 0, 0}, Frames.pixel(moved, 80, 5), "and is at the top now");
    }

    @Test
    void litStyleShadesButKeepsTheHue() {
        WorldRenderer r = new WorldRenderer(knownScene(), 64, 48, FRONT, SceneStyle.defaults(), TestRenderer.get());
        int[] c = Frames.pixel(r.render(), 32, 24);
        assertTrue(c[0] > 60 && c[1] < 20 && c[2] < 20, "lit red face: " + c[0] + "," + c[1] + "," + c[2]);
    }

    @Test
    void framesWriteAsPngAndAnimatedGif() throws Exception {
        Node scene = knownScene();
        WorldRenderer r = new WorldRenderer(scene, 80, 60, FRONT, SceneStyle.flat(BACKGROUND), TestRenderer.get());
        RenderFrame a = r.render();
        scene.getChild("Red").setLocalTranslation(-2, 0, 0);
        scene.updateGeometricState();
        RenderFrame b = r.render();
        Path png = dir.resolve("a.png");
        Frames.writePng(a, png);
        assertEquals(0xFF0000, ImageIO.read(png.toFile()).getRGB(40, 30) & 0xFFFFFF);
        Path gif = dir.resolve("out/anim.gif");
        AnimatedGif.write(List.of(a, b), 10, gif);
        try (var in = ImageIO.createImageInputStream(gif.toFile())) {
            var reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            assertEquals(2, reader.getNumImages(true));
            int centre = reader.read(0).getRGB(40, 30) & 0xFFFFFF;
            assertEquals(0xFF0000, centre);
        }
        assertTrue(Files.size(gif) > 100);
    }
}
