package io.github.jmegym.engine.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jme3.math.Vector3f;
import com.jme3.renderer.Camera;
import io.github.jmegym.engine.WorldEnv;
import io.github.jmegym.engine.worlds.EngineEnvs;
import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.RenderFrame;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RgbArrayRenderTest {
    @SuppressWarnings("unchecked")
    private static Env<double[], Object> chase(Map<String, ?> kwargs) {
        return (Env<double[], Object>) (Env<?, ?>) Envs.make(EngineEnvs.CHASE, kwargs);
    }

    /** The pixel (x, y from the top) where a world point appears. */
    private static int[] project(CameraSetup setup, int w, int h, Vector3f p) {
        Camera cam = setup.camera(w, h);
        Vector3f s = cam.getScreenCoordinates(p);
        return new int[] {Math.round(s.x), h - 1 - Math.round(s.y)};
    }

    @Test
    void chaseRendersTheTargetRedAndTheNpcGreenWhereTheyAre() {
        TestRenderer.get();
        try (Env<double[], Object> env = chase(Map.of("render_mode", "rgb_array"))) {
            assertTrue(env.spec().renderModes().contains("rgb_array"));
            env.reset(11L, Map.of());
            RenderFrame f = env.render().orElseThrow();
            assertEquals(RgbArrayRender.DEFAULT_WIDTH, f.width());
            assertEquals(RgbArrayRender.DEFAULT_HEIGHT, f.height());
            WorldEnv<?> w = (WorldEnv<?>) env.unwrapped();
            var root = w.simulation().rootNode();
            CameraSetup setup = CameraSetup.overview(root.getWorldBound());
            int[] t = project(setup, f.width(), f.height(), root.getChild("Target").getWorldTranslation().add(0, 0.3f, 0));
            int[] red = Frames.pixel(f, t[0], t[1]);
            assertTrue(red[0] > 2 * red[1] && red[0] > 2 * red[2] && red[0] > 100, "target pixel " + Arrays.toString(red));
            int[] n = project(setup, f.width(), f.height(), root.getChild("NPC").getWorldTranslation().add(0, 0.3f, 0));
            int[] green = Frames.pixel(f, n[0], n[1]);
            assertTrue(green[1] > 2 * green[0] && green[1] > 2 * green[2] && green[1] > 100, "npc pixel " + Arrays.toString(green));
            // the scene moves: a later frame differs
            for (int i = 0; i < 5; i++) {
                env.step(1);
            }
            assertFalse(Arrays.equals(f.rgb(), env.render().orElseThrow().rgb()));
        }
    }

    @Test
    void renderSizeComesFromKwargsAndIsChecked() {
        TestRenderer.get();
        try (Env<double[], Object> env = chase(Map.of("render_mode", "rgb_array", "render_width", 64, "render_height", 48))) {
            env.reset(1L, Map.of());
            RenderFrame f = env.render().orElseThrow();
            assertEquals(64, f.width());
            assertEquals(48, f.height());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> chase(Map.of("render_mode", "rgb_array", "render_width", 4)));
        assertTrue(e.getMessage().contains("make(Chase-v0): render_width=4; expected an integer in [16, 4096]"), e.getMessage());
    }

    @Test
    void otherRenderModesAreRejectedAndNoModeRendersNothing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> chase(Map.of("render_mode", "human")));
        assertTrue(e.getMessage().startsWith("make(Chase-v0): render_mode='human'; expected 'rgb_array'"), e.getMessage());
        try (Env<double[], Object> env = chase(Map.of())) {
            env.reset(1L, Map.of());
            assertTrue(env.render().isEmpty());
        }
    }

    /** Run in a JVM without a display: making an rgb_array env must fail clearly instead of giving blank frames. */
    public static void main(String[] args) {
        try {
            chase(Map.of("render_mode", "rgb_array")).close();
            System.out.println("MADE");
        } catch (RendererUnavailableException e) {
            System.out.println("UNAVAILABLE " + e.getMessage());
        }
        System.exit(0);
    }

    @Test
    void withoutAnyRendererMakeFailsClearly() throws Exception {
        String text = NoDisplayProbe.run(RgbArrayRenderTest.class);
        assertTrue(text.contains("UNAVAILABLE make(Chase-v0) with render_mode='rgb_array': cannot start an offscreen renderer on DISPLAY"),
                text);
        assertTrue(text.contains("DISPLAY is not set"), text);
    }
}
