package io.github.jmegym.engine.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jme3.math.ColorRGBA;
import com.jme3.math.FastMath;
import com.jme3.math.Quaternion;
import com.jme3.math.Vector3f;
import com.jme3.scene.Geometry;
import com.jme3.scene.Node;
import com.jme3.scene.Spatial;
import com.jme3.scene.shape.Box;
import io.github.jmegym.engine.AgentControl;
import io.github.jmegym.engine.GameWorld;
import io.github.jmegym.engine.Observations;
import io.github.jmegym.engine.SimulationConfig;
import io.github.jmegym.engine.Tags;
import io.github.jmegym.engine.WorldContext;
import io.github.jmegym.engine.WorldEnv;
import io.github.jmegym.engine.sensors.CameraSensor;
import io.github.jmegym.envs.EnvSpec;
import io.github.jmegym.envs.spaces.DType;
import io.github.jmegym.envs.spaces.Discrete;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CameraSensorTest {
    private static final int W = 8;
    private static final int H = 6;

    /** Looks along +Z (action 0) or -Z (action 1) from the origin; a red wall is in front, a blue one behind. */
    static final class Looker extends AgentControl<Integer> {
        private final boolean grey;
        private final Node scene;
        private CameraSensor camera;

        Looker(boolean grey, Node scene) {
            super("looker", new io.github.jmegym.envs.spaces.Box(0, 255, new int[] {W * H * (grey ? 1 : 3)}, DType.UINT8),
                    new Discrete(2));
            this.grey = grey;
            this.scene = scene;
        }

        @Override
        public void setSpatial(Spatial s) {
            super.setSpatial(s);
            if (s != null) {
                camera = new CameraSensor(s, scene, W, H, grey, new Vector3f(0, 0, 0.2f), 60f, ColorRGBA.Black);
            }
        }

        @Override
        protected void collectObservations(Observations obs) {
            camera.observe(obs);
        }

        @Override
        protected void onAction(Integer action) {
            spatial.setLocalRotation(new Quaternion().fromAngles(0, action == 0 ? 0 : FastMath.PI, 0));
        }
    }

    static GameWorld world(boolean grey) {
        return new GameWorld() {
            @Override
            public void build(WorldContext ctx) {
                Node root = ctx.rootNode();
                Geometry red = new Geometry("RedWall", new Box(5, 5, 0.1f));
                red.setLocalTranslation(0, 0, 3);
                Tags.setColor(Tags.tag(red, "wall"), ColorRGBA.Red);
                Geometry blue = new Geometry("BlueWall", new Box(5, 5, 0.1f));
                blue.setLocalTranslation(0, 0, -3);
                Tags.setColor(Tags.tag(blue, "wall"), ColorRGBA.Blue);
                root.attachChild(red);
                root.attachChild(blue);
                Node eye = new Node("Looker");
                root.attachChild(eye);
                eye.addControl(new Looker(grey, root));
            }
        };
    }

    private static WorldEnv<Integer> env(boolean grey) {
        return new WorldEnv<>(EnvSpec.of("Looker-v0", null, null), world(grey), SimulationConfig.defaults());
    }

    private static double[] centre(double[] obs, int channels) {
        int k = ((H / 2) * W + W / 2) * channels;
        return Arrays.copyOfRange(obs, k, k + channels);
    }

    @Test
    void imageShowsWhatIsInFrontAndFollowsTheAgentsTurn() {
        TestRenderer.get();
        try (WorldEnv<Integer> env = env(false)) {
            double[] obs = env.reset(0L, java.util.Map.of()).observation();
            assertEquals(W * H * 3, obs.length);
            assertArrayEquals(new double[] {255, 0, 0}, centre(obs, 3), "red wall ahead");
            assertArrayEquals(new double[] {255, 0, 0}, Arrays.copyOfRange(obs, 0, 3), "the wall fills the view");
            double[] turned = env.step(1).observation();
            assertArrayEquals(new double[] {0, 0, 255}, centre(turned, 3), "blue wall after turning around");
            assertArrayEquals(new double[] {255, 0, 0}, centre(env.step(0).observation(), 3));
        }
    }

    @Test
    void greyImageHasOneLuminanceValuePerPixel() {
        TestRenderer.get();
        try (WorldEnv<Integer> env = env(true)) {
            double[] obs = env.reset(0L, java.util.Map.of()).observation();
            assertEquals(W * H, obs.length);
            assertEquals(Math.round(0.299 * 255), centre(obs, 1)[0]);
            assertEquals(Math.round(0.114 * 255), centre(env.step(1).observation(), 1)[0]);
        }
    }

    @Test
    void badSizesAreRejected() {
        TestRenderer.get();
        Node root = new Node("r");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CameraSensor(root, root, 512, 8, false, Vector3f.ZERO, 60, ColorRGBA.Black));
        assertTrue(e.getMessage().contains("512x8; expected 1..256"), e.getMessage());
    }

    /** Run in a JVM without a display: building a world with a camera sensor must fail clearly. */
    public static void main(String[] args) {
        try {
            env(false).close();
            System.out.println("MADE");
        } catch (RendererUnavailableException e) {
            System.out.println("UNAVAILABLE " + e.getMessage());
        }
        System.exit(0);
    }

    @Test
    void withoutAnyRendererTheSensorFailsNamingItsSpatial() throws Exception {
        String text = NoDisplayProbe.run(CameraSensorTest.class);
        assertTrue(text.contains("UNAVAILABLE CameraSensor on spatial 'Looker' needs a renderer: cannot start an offscreen renderer"),
                text);
    }
}
