package io.github.jmegym.envs.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.RenderFrame;
import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code render_mode="rgb_array"} of the classic-control envs: specs, sizes, errors, and the colour of key pixels at
 * fixed states, worked out from Gymnasium's renderers (pygame coordinates, y up, then flipped: frame row
 * {@code height - 1 - y}). {@code bridge/python/tests/test_classic_render.py} compares whole frames with Gymnasium's.
 */
class ClassicRenderTest {
    private static final int WHITE = 0xFFFFFF;
    private static final int BLACK = 0x000000;

    private static Env<double[], Object> rendering(String id) {
        return Envs.make(id, Map.of("render_mode", "rgb_array"));
    }

    /** The frame of the explicit state. */
    private static RenderFrame frameAt(Env<double[], Object> env, double... state) {
        env.reset(null, Map.of("state", state));
        return env.render().orElseThrow();
    }

    /** The pixel at pygame's {@code (x, y)} before the flip, as 0xRRGGBB. */
    private static int pixel(RenderFrame f, int x, int y) {
        int i = ((f.height() - 1 - y) * f.width() + x) * 3;
        return (f.rgb()[i] & 0xFF) << 16 | (f.rgb()[i + 1] & 0xFF) << 8 | (f.rgb()[i + 2] & 0xFF);
    }

    private static int drawnPixels(RenderFrame f) {
        int n = 0;
        for (int i = 0; i < f.rgb().length; i += 3) {
            if ((f.rgb()[i] & f.rgb()[i + 1] & f.rgb()[i + 2] & 0xFF) != 0xFF) {
                n++;
            }
        }
        return n;
    }

    @ParameterizedTest
    @CsvSource({"CartPole-v1, 50", "MountainCar-v0, 30", "MountainCarContinuous-v0, 30", "Pendulum-v1, 30",
        "Acrobot-v1, 15"})
    void specListsRgbArrayWithGymnasiumsRenderFps(String id, int fps) {
        try (Env<double[], Object> env = Envs.make(id)) {
            assertEquals(List.of("rgb_array"), env.spec().renderModes());
            assertEquals(fps, env.spec().renderFps());
        }
    }

    @ParameterizedTest
    @CsvSource({"CartPole-v1, 600, 400", "MountainCar-v0, 600, 400", "MountainCarContinuous-v0, 600, 400",
        "Pendulum-v1, 500, 500", "Acrobot-v1, 500, 500"})
    void framesHaveGymnasiumsScreenSizeAndAWhiteBackground(String id, int width, int height) {
        try (Env<double[], Object> env = rendering(id)) {
            env.reset(0L, Map.of());
            RenderFrame f = env.render().orElseThrow();
            assertEquals(width, f.width());
            assertEquals(height, f.height());
            assertEquals(WHITE, pixel(f, 1, height - 2), "top-left corner is background");
            int drawn = drawnPixels(f);
            assertTrue(drawn > 1000 && drawn < width * height / 10, id + " draws " + drawn + " pixels");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1", "Acrobot-v1"})
    void withoutARenderModeRenderIsEmpty(String id) {
        try (Env<double[], Object> env = Envs.make(id)) {
            env.reset(0L, Map.of());
            assertTrue(env.render().isEmpty());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1", "Acrobot-v1"})
    void renderBeforeResetThrowsNamingTheFix(String id) {
        try (Env<double[], Object> env = rendering(id)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, env::render);
            assertEquals("render() on " + id + " before reset(): call reset() first", e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"human", "ansi", "rgb_array_list"})
    void otherRenderModesAreRejectedNamingTheAllowedOne(String mode) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Envs.make("Pendulum-v1", Map.of("render_mode", mode)));
        assertEquals("make(Pendulum-v1): render_mode='" + mode + "'; expected one of [rgb_array] or none", e.getMessage());
    }

    @Test
    void cartPoleDrawsTheCartPoleAxleAndTrackWhereGymnasiumDoes() {
        try (Env<double[], Object> env = rendering("CartPole-v1")) {
            RenderFrame f = frameAt(env, 0, 0, 0, 0);
            // cart: 50x30 around x = 300, y = 85..115; pole: 10 wide from the axle at y = 107.5, 125 px long
            assertEquals(CartPole.CART_RGB, pixel(f, 280, 95));
            assertEquals(CartPole.POLE_RGB, pixel(f, 300, 200));
            assertEquals(WHITE, pixel(f, 310, 200));
            assertEquals(CartPole.AXLE_RGB, pixel(f, 300, 107));
            assertEquals(BLACK, pixel(f, 5, 100), "the track line");
            assertEquals(WHITE, pixel(f, 5, 101));
            // 1 m right is 125 px right; a positive angle leans the pole to the right
            f = frameAt(env, 1.0, 0, 0.2, 0);
            assertEquals(CartPole.CART_RGB, pixel(f, 405, 95));
            assertEquals(WHITE, pixel(f, 280, 95));
            assertEquals(CartPole.POLE_RGB, pixel(f, 425 + (int) (100 * Math.sin(0.2)), 107 + (int) (100 * Math.cos(0.2))));
        }
    }

    @Test
    void mountainCarDrawsTheCarOnTheTrackAndTheFlagAtTheGoal() {
        try (Env<double[], Object> env = rendering("MountainCar-v0")) {
            double bottom = -Math.PI / 6;  // sin(3x) = -1: the car stands level at height 0.1 (33 px) + 10 clearance
            RenderFrame f = frameAt(env, bottom, 0);
            int x = (int) ((bottom + 1.2) * 600 / 1.8);
            assertEquals(BLACK, pixel(f, x, 58), "the car's body");
            assertEquals(MountainCar.WHEEL_RGB, pixel(f, x + 10, 43), "the front wheel");
            assertEquals(MountainCar.WHEEL_RGB, pixel(f, x - 10, 43), "the back wheel");
            assertEquals(WHITE, pixel(f, x, 80));
            assertEquals(MountainCar.FLAG_RGB, pixel(f, 570, 377), "the flag at x = 0.5");
            assertEquals(BLACK, pixel(f, 566, 350), "the flag pole");
        }
        try (Env<double[], Object> env = rendering("MountainCarContinuous-v0")) {
            RenderFrame f = frameAt(env, -0.5, 0);
            assertEquals(MountainCar.FLAG_RGB, pixel(f, 554, 372), "the flag at x = 0.45");
            assertEquals(WHITE, pixel(f, 570, 377));
        }
    }

    @Test
    void pendulumDrawsTheRodFromTheAxleAndTheTorqueArrowAfterAStep() {
        try (Env<double[], Object> env = rendering("Pendulum-v1")) {
            RenderFrame up = frameAt(env, 0, 0);  // theta = 0 points up: the rod goes from y = 250 to 363
            assertEquals(Pendulum.ROD_RGB, pixel(up, 250, 320));
            assertEquals(Pendulum.ROD_RGB, pixel(up, 250, 363), "the end cap");
            assertEquals(WHITE, pixel(up, 250, 180), "nothing below the axle");
            assertEquals(BLACK, pixel(up, 250, 250), "the axle");
            RenderFrame right = frameAt(env, -Math.PI / 2, 0);  // theta = -pi/2 points right
            assertEquals(Pendulum.ROD_RGB, pixel(right, 320, 250));
            assertEquals(WHITE, pixel(right, 250, 320));

            env.reset(null, Map.of("state", new double[] {Math.PI, 0}));
            double[] s = stepAndState(env, 2.0);
            RenderFrame clockwise = env.render().orElseThrow();
            RenderFrame noArrow = frameAt(env, s);
            int arrow = drawnPixels(clockwise) - drawnPixels(noArrow);
            assertTrue(arrow > 1000, "the arrow at the largest torque adds " + arrow + " pixels");
            env.reset(null, Map.of("state", new double[] {Math.PI, 0}));
            stepAndState(env, -2.0);
            assertFalse(java.util.Arrays.equals(clockwise.rgb(), env.render().orElseThrow().rgb()),
                    "a negative torque mirrors the arrow");
            env.reset(null, Map.of("state", new double[] {Math.PI, 0}));
            double[] idle = stepAndState(env, 0.0);
            byte[] afterIdle = env.render().orElseThrow().rgb();
            assertArrayEquals(frameAt(env, idle).rgb(), afterIdle, "a zero torque draws no arrow");
        }
    }

    private static double[] stepAndState(Env<double[], Object> env, double torque) {
        env.step(new double[] {torque});
        return ((Pendulum) (Object) env.unwrapped()).state.clone();
    }

    @Test
    void acrobotDrawsBothLinksTheJointsAndTheGoalBar() {
        try (Env<double[], Object> env = rendering("Acrobot-v1")) {
            RenderFrame f = frameAt(env, 0, 0, 0, 0);  // hanging down: links from y = 250 to 136 and 136 to 23
            assertEquals(Acrobot.LINK_RGB, pixel(f, 250, 200));
            assertEquals(Acrobot.LINK_RGB, pixel(f, 250, 80));
            assertEquals(Acrobot.JOINT_RGB, pixel(f, 250, 250), "the pivot");
            assertEquals(Acrobot.JOINT_RGB, pixel(f, 250, 136), "the joint between the links");
            assertEquals(BLACK, pixel(f, 20, 363), "the goal bar one link length above the pivot");
            assertEquals(WHITE, pixel(f, 300, 200));
            RenderFrame bent = frameAt(env, 0, Math.PI / 2, 0, 0);  // the second link points right
            assertEquals(Acrobot.LINK_RGB, pixel(bent, 300, 136));
            assertEquals(WHITE, pixel(bent, 250, 80));
        }
    }

    @Test
    void renderingDoesNotChangeTheTrajectory() {
        try (Env<double[], Object> plain = Envs.make("CartPole-v1"); Env<double[], Object> drawn = rendering("CartPole-v1")) {
            plain.reset(3L, Map.of());
            drawn.reset(3L, Map.of());
            for (int i = 0; i < 20; i++) {
                drawn.render();
                assertArrayEquals(plain.step(i % 2).observation(), drawn.step(i % 2).observation());
            }
        }
    }

    @Test
    void framesFollowTheStateAndAreNotSharedBetweenCalls() {
        try (Env<double[], Object> env = rendering("CartPole-v1")) {
            env.reset(0L, Map.of());
            RenderFrame first = env.render().orElseThrow();
            byte[] copy = first.rgb().clone();
            env.step(1);
            env.step(1);
            RenderFrame second = env.render().orElseThrow();
            assertArrayEquals(copy, first.rgb(), "a later render leaves an earlier frame as it was");
            assertNotEquals(java.util.Arrays.hashCode(copy), java.util.Arrays.hashCode(second.rgb()));
        }
    }

    /** Renders every classic env in a JVM started with {@code -Djava.awt.headless=true} (and no DISPLAY). */
    @Test
    void rendersInAHeadlessJvm() throws Exception {
        String javaBin = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-Djava.awt.headless=true", "-cp",
                System.getProperty("java.class.path"), HeadlessRender.class.getName()).redirectErrorStream(true);
        pb.environment().remove("DISPLAY");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the headless JVM finished");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("headless=true CartPole-v1 600x400 MountainCar-v0 600x400 MountainCarContinuous-v0 "
                + "600x400 Pendulum-v1 500x500 Acrobot-v1 500x500"), out);
    }

    /** The child of {@link #rendersInAHeadlessJvm}: prints the headless flag and every env's frame size. */
    static final class HeadlessRender {
        public static void main(String[] args) {
            StringBuilder sb = new StringBuilder("headless=" + java.awt.GraphicsEnvironment.isHeadless());
            for (String id : List.of("CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1", "Acrobot-v1")) {
                try (Env<double[], Object> env = rendering(id)) {
                    env.reset(0L, Map.of());
                    if (id.equals("Pendulum-v1")) {
                        env.step(new double[] {1.5});  // draws the arrow image too
                    }
                    RenderFrame f = env.render().orElseThrow();
                    sb.append(' ').append(id).append(' ').append(f.width()).append('x').append(f.height());
                }
            }
            System.out.println(sb);
        }
    }
}
