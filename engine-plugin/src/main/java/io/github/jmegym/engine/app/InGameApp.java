package io.github.jmegym.engine.app;

import com.jme3.app.Application;
import com.jme3.app.SimpleApplication;
import com.jme3.app.state.BaseAppState;
import com.jme3.bounding.BoundingBox;
import com.jme3.bounding.BoundingVolume;
import com.jme3.light.AmbientLight;
import com.jme3.light.DirectionalLight;
import com.jme3.math.ColorRGBA;
import com.jme3.math.Vector3f;
import com.jme3.scene.Node;
import com.jme3.system.AppSettings;
import com.jme3.system.JmeContext;
import java.awt.image.BufferedImage;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A ready-made game window for a {@link TrainingAppState}: shows the simulation's scene (materials from the tag
 * colours, a light, a camera looking at the whole scene), optionally the {@link TrainingHud}, and calls a hook every
 * frame. Used by {@code ./jmegym game}, the benchmarks and the tests; a developer's own game attaches the two states
 * to its own {@code SimpleApplication} instead.
 */
public class InGameApp extends SimpleApplication {
    /** The window's background colour. */
    public static final ColorRGBA BACKGROUND = new ColorRGBA(0.12f, 0.14f, 0.18f, 1f);

    /**
     * Applies the settings every in-game window or headless loop of jmegym starts with, so {@code play} and the
     * frame-budget benchmark measure the same application: no settings dialog, no vsync, audio or multisampling,
     * running when unfocused, jME's INFO logging off.
     *
     * @param app the application, not started yet
     * @param title the window title
     * @param width the window width in pixels (> 0)
     * @param height the window height in pixels (> 0)
     * @param fps the window's frame-rate cap, {@code <= 0} for none; ignored when headless
     * @param headless true for an uncapped loop without a window (a headless context turns a cap {@code <= 0} into
     *     60 frames per second, so it gets an unreachably high one)
     * @return the context type to start the application with
     */
    public static JmeContext.Type configure(Application app, String title, int width, int height,
            int fps, boolean headless) {
        AppSettings settings = new AppSettings(true);
        settings.setTitle(title);
        settings.setResolution(width, height);
        settings.setFrameRate(headless ? 1_000_000_000 : (fps <= 0 ? -1 : fps));
        settings.setVSync(false);
        settings.setAudioRenderer(null);
        settings.setSamples(0);
        app.setSettings(settings);
        if (app instanceof SimpleApplication simple) {
            simple.setShowSettings(false);
        }
        app.setPauseOnLostFocus(false);
        Logger.getLogger("com.jme3").setLevel(Level.WARNING);
        return headless ? JmeContext.Type.Headless : JmeContext.Type.Display;
    }
    private final TrainingAppState training;
    private final boolean hud;
    private final Consumer<InGameApp> onFrame;
    private final FrameGrabber grabber = new FrameGrabber();

    /**
     * @param training the training state (attached at start)
     * @param hud whether to show the HUD
     * @param onFrame called at the end of every frame's update on the render thread (e.g. to stop after a time), or null
     */
    public InGameApp(TrainingAppState training, boolean hud, Consumer<InGameApp> onFrame) {
        super(training);
        this.training = training;
        this.hud = hud;
        this.onFrame = onFrame;
    }

    /**
     * Reads back the next rendered frame, HUD included (not in a headless context, which renders nothing).
     *
     * @return completes on the render thread once the frame is drawn
     */
    public CompletableFuture<BufferedImage> grabFrame() {
        return grabber.grab();
    }

    /** The training state. */
    public TrainingAppState training() {
        return training;
    }

    @Override
    public void simpleInitApp() {
        if (flyCam != null) {
            flyCam.setEnabled(false);
        }
        viewPort.setBackgroundColor(BACKGROUND);
        guiViewPort.addProcessor(grabber);
        // initialized right after the training state (attach order), once the scene exists
        stateManager.attach(new SceneView());
    }

    /** Shows the training state's scene once it is built: materials, lights, camera, HUD. */
    private final class SceneView extends BaseAppState {
        @Override
        protected void initialize(Application app) {
            Node scene = training.simulation().rootNode();
            SceneMaterials.apply(scene, assetManager);
            DirectionalLight sun = new DirectionalLight(new Vector3f(-0.4f, -1f, -0.3f).normalizeLocal(),
                    ColorRGBA.White.mult(0.8f));
            scene.addLight(sun);
            scene.addLight(new AmbientLight(ColorRGBA.White.mult(0.45f)));
            scene.updateGeometricState();
            viewPort.attachScene(scene);
            lookAtScene();
            if (hud) {
                stateManager.attach(new TrainingHud(training));
            }
        }

        @Override
        protected void cleanup(Application app) {
            viewPort.detachScene(training.simulation().rootNode());
        }

        @Override
        protected void onEnable() {
            // attached once in initialize
        }

        @Override
        protected void onDisable() {
            // nothing to detach
        }
    }

    private void lookAtScene() {
        BoundingVolume b = training.simulation().rootNode().getWorldBound();
        Vector3f centre = b == null ? Vector3f.ZERO : b.getCenter().clone();
        float extent = 10f;
        if (b instanceof BoundingBox box) {
            extent = Math.max(box.getXExtent(), box.getZExtent());
        }
        cam.setLocation(centre.add(0, extent * 1.5f, extent * 1.2f));
        cam.lookAt(centre, Vector3f.UNIT_Y);
    }

    @Override
    public void simpleUpdate(float tpf) {
        if (onFrame != null) {
            onFrame.accept(this);
        }
    }
}
