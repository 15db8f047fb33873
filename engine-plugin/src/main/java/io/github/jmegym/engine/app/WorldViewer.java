package io.github.jmegym.engine.app;

import com.jme3.app.SimpleApplication;
import com.jme3.app.state.ScreenshotAppState;
import com.jme3.font.BitmapText;
import com.jme3.input.KeyInput;
import com.jme3.input.controls.ActionListener;
import com.jme3.input.controls.KeyTrigger;
import com.jme3.light.AmbientLight;
import com.jme3.light.DirectionalLight;
import com.jme3.material.Material;
import com.jme3.math.ColorRGBA;
import com.jme3.math.Vector3f;
import com.jme3.scene.Geometry;
import com.jme3.scene.Spatial;
import com.jme3.system.AppSettings;
import io.github.jmegym.engine.AgentControl;
import io.github.jmegym.engine.AgentStep;
import io.github.jmegym.engine.Decision;
import io.github.jmegym.engine.HumanInput;
import io.github.jmegym.engine.Tags;
import io.github.jmegym.engine.WorldSimulation;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * A window (LWJGL3) showing a world while its first agent's own brain (heuristic or trained policy) plays it at
 * a chosen speed; the world runs on its fixed clock through a {@link SimulationAppState}, so what the window shows is
 * the trajectory a headless env produces. A finished episode restarts the world. Geometries get lit materials in
 * their {@link Tags} colour; a text line shows the brain, the episode count, the last return and the success rate.
 * Optionally a human drives the agent from the keyboard ({@link #withKeyboard}) and every decision is recorded as
 * a demonstration ({@link #withRecorder}).
 */
public final class WorldViewer extends SimpleApplication {
    private final WorldSimulation sim;
    private final String title;
    private final String brain;
    private final double speed;
    private final int maxEpisodes;
    private final Path screenshot;
    private final int screenshotFrame;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Throwable failure;
    private BitmapText hud;
    private ScreenshotAppState shooter;
    private long frames;
    private int episodes;
    private int successes;
    private double episodeReturn;
    private double lastReturn = Double.NaN;
    private boolean needsReset;
    private boolean reportsSuccess;
    private int timeLimit;
    private boolean keyboard;
    private DemonstrationRecorder recorder;
    private DecisionLoop customLoop;
    private java.util.function.Supplier<String> status;

    /**
     * @param sim the simulation (its first agent must be in HEURISTIC or INFERENCE mode)
     * @param title the window title
     * @param brain what drives the agent, for the text line
     * @param speed simulated seconds per wall-clock second ({@code > 0}), or -1 for one decision per frame
     * @param maxEpisodes stop after this many episodes (0 = until the window is closed)
     * @param screenshot where to save a PNG of frame {@code screenshotFrame} before closing, or {@code null}
     * @param screenshotFrame the frame to save (ignored without a screenshot path)
     */
    public WorldViewer(WorldSimulation sim, String title, String brain, double speed, int maxEpisodes, Path screenshot,
                       int screenshotFrame) {
        super((com.jme3.app.state.AppState[]) null);
        if (sim.agents().isEmpty()) {
            throw new IllegalArgumentException(title + ": the scene has no agent to drive");
        }
        if (speed <= 0 && speed != -1) {
            throw new IllegalArgumentException(title + ": speed=" + speed + "; expected > 0, or -1 for one decision per frame");
        }
        this.sim = sim;
        this.title = title;
        this.brain = brain;
        this.speed = speed;
        this.maxEpisodes = maxEpisodes;
        this.screenshot = screenshot;
        this.screenshotFrame = screenshotFrame;
        AppSettings s = new AppSettings(true);
        s.setTitle(title);
        s.setResolution(1024, 768);
        s.setFrameRate(60);
        s.setVSync(false);
        s.setSamples(0);
        s.setAudioRenderer(null);
        setSettings(s);
        setShowSettings(false);
        setPauseOnLostFocus(false);
    }

    @Override
    public void simpleInitApp() {
        sim.run(() -> {
            colour(sim.rootNode());
            DirectionalLight sun = new DirectionalLight(new Vector3f(-0.4f, -1f, 0.6f).normalizeLocal(), ColorRGBA.White.mult(0.8f));
            sim.rootNode().addLight(sun);
            sim.rootNode().addLight(new AmbientLight(ColorRGBA.White.mult(0.35f)));
            sim.rootNode().updateGeometricState();
        });
        viewPort.setBackgroundColor(new ColorRGBA(0.08f, 0.09f, 0.12f, 1f));
        viewPort.attachScene(sim.rootNode());
        Vector3f centre = new Vector3f();
        float radius = 8f;
        com.jme3.bounding.BoundingVolume bv = sim.rootNode().getWorldBound();
        if (bv instanceof com.jme3.bounding.BoundingBox box) {
            centre = box.getCenter().clone();
            radius = Math.max(3f, Math.max(box.getXExtent(), box.getZExtent()));
        }
        cam.setLocation(centre.add(0, radius * 1.4f, -radius * 2.0f));
        cam.lookAt(centre, Vector3f.UNIT_Y);
        hud = new BitmapText(guiFont);
        hud.setSize(guiFont.getCharSet().getRenderedSize());
        hud.setLocalTranslation(10, cam.getHeight() - 10, 0);
        guiNode.attachChild(hud);
        if (screenshot != null) {
            Path dir = screenshot.toAbsolutePath().getParent();
            String name = screenshot.getFileName().toString().replaceFirst("\\.png$", "");
            shooter = new ScreenshotAppState(dir + "/", name);
            shooter.setIsNumbered(false);
            stateManager.attach(shooter);
        }
        if (keyboard) {
            bindKeys(sim.agents().get(0).humanInput());
        }
        stateManager.attach(new SimulationAppState(sim, customLoop != null ? customLoop : new Driver(), speed, 240));
        updateHud();
    }

    private void bindKeys(HumanInput input) {
        input.setActive(true);
        Object[][] keys = {
            {HumanInput.Key.UP, KeyInput.KEY_UP, KeyInput.KEY_W}, {HumanInput.Key.DOWN, KeyInput.KEY_DOWN, KeyInput.KEY_S},
            {HumanInput.Key.LEFT, KeyInput.KEY_LEFT, KeyInput.KEY_A}, {HumanInput.Key.RIGHT, KeyInput.KEY_RIGHT, KeyInput.KEY_D},
            {HumanInput.Key.TURN_LEFT, KeyInput.KEY_Q}, {HumanInput.Key.TURN_RIGHT, KeyInput.KEY_E}};
        for (Object[] k : keys) {
            HumanInput.Key key = (HumanInput.Key) k[0];
            String name = "jmegym." + key.name();
            for (int i = 1; i < k.length; i++) {
                inputManager.addMapping(name, new KeyTrigger((Integer) k[i]));
            }
            inputManager.addListener((ActionListener) (n, pressed, tpf) -> input.set(key, pressed), name);
        }
    }

    private void colour(Spatial root) {
        root.depthFirstTraversal(s -> {
            if (s instanceof Geometry g && g.getMaterial() == null) {
                ColorRGBA c = Tags.colorOf(g);
                Material m = new Material(assetManager, "Common/MatDefs/Light/Lighting.j3md");
                m.setBoolean("UseMaterialColors", true);
                ColorRGBA base = c == null ? ColorRGBA.LightGray : c;
                m.setColor("Diffuse", base);
                m.setColor("Ambient", base);
                m.setColor("Specular", ColorRGBA.White.mult(0.2f));
                m.setFloat("Shininess", 8f);
                g.setMaterial(m);
            }
        });
    }

    /** Restarts finished episodes and lets the agent's brain act; keeps the statistics. */
    private final class Driver implements DecisionLoop {
        @Override
        public void beforeDecision(WorldSimulation s, long index) {
            if (needsReset) {
                s.reset(null);
                needsReset = false;
                episodeReturn = 0;
            }
            Decision d = s.decideAndApply(0, title);
            if (recorder != null) {
                recorder.decided(d);
            }
        }

        @Override
        public boolean afterDecision(WorldSimulation s, long index) {
            AgentStep r = s.collect(0, title);
            boolean timeUp = s.agents().get(0).episodeSteps() >= maxSteps();
            if (recorder != null) {
                recorder.stepped(r, timeUp);
            }
            episodeReturn += r.reward();
            if (r.terminated() || r.truncated() || timeUp) {
                episodes++;
                reportsSuccess |= r.info().containsKey("is_success");
                if (Boolean.TRUE.equals(r.info().get("is_success"))) {
                    successes++;
                }
                lastReturn = episodeReturn;
                needsReset = true;
            }
            return maxEpisodes <= 0 || episodes < maxEpisodes;
        }
    }

    private int maxSteps() {
        return timeLimit > 0 ? timeLimit : Integer.MAX_VALUE;
    }

    /** Ends episodes after this many decisions (the env's time limit; 0 = none). */
    public WorldViewer withTimeLimit(int decisions) {
        this.timeLimit = decisions;
        return this;
    }

    /**
     * Lets a human drive the agent with arrows/WASD (and Q/E to turn) through its {@link AgentControl#humanInput()};
     * the agent must be in {@link io.github.jmegym.engine.AgentMode#HEURISTIC} mode with a keyboard-aware heuristic.
     */
    public WorldViewer withKeyboard(boolean on) {
        this.keyboard = on;
        return this;
    }

    /**
     * Lets {@code loop} drive the world instead of the first agent's own brain (e.g. a {@link TrainingLoop}), with
     * {@code status} as the text line.
     */
    public WorldViewer withLoop(DecisionLoop loop, java.util.function.Supplier<String> statusLine) {
        this.customLoop = loop;
        this.status = statusLine;
        return this;
    }

    /** Records every decision (observation, action, reward, episode flags) as a demonstration file. */
    public WorldViewer withRecorder(DemonstrationRecorder r) {
        this.recorder = r;
        return this;
    }

    private void updateHud() {
        if (status != null) {
            hud.setText(title + "   " + status.get());
            return;
        }
        AgentControl<?> a = sim.agents().get(0);
        String last = Double.isNaN(lastReturn) ? "-" : String.format(Locale.ROOT, "%.2f", lastReturn);
        String success = reportsSuccess ? String.format(Locale.ROOT, "   success %d/%d", successes, episodes) : "";
        hud.setText(String.format(Locale.ROOT, "%s   brain: %s   episode %d (step %d)   last return %s%s   speed %.1fx",
                title, brain, episodes + 1, a.episodeSteps(), last, success, speed));
    }

    @Override
    public void simpleUpdate(float tpf) {
        frames++;
        updateHud();
        if (shooter != null && frames == screenshotFrame) {
            shooter.takeScreenshot();
        }
        SimulationAppState st = stateManager.getState(SimulationAppState.class);
        boolean shotDone = shooter == null || frames > screenshotFrame + 2;
        if ((st != null && st.finished() && shotDone)
                || (shooter != null && maxEpisodes <= 0 && customLoop == null && frames > screenshotFrame + 2)) {
            stop();
        }
    }

    @Override
    public void handleError(String errMsg, Throwable t) {
        failure = t == null ? new IllegalStateException(errMsg) : t;
        closed.countDown();
        stop();
    }

    @Override
    public void destroy() {
        try {
            super.destroy();
        } finally {
            closed.countDown();
        }
    }

    /** Opens the window and blocks until it is closed; throws when the window could not be opened or failed. */
    public void runUntilClosed() throws InterruptedException {
        start();
        closed.await();
        if (failure != null) {
            throw new IllegalStateException(title + ": the window failed (" + failure
                    + "); a display is needed: set DISPLAY, or run under Xvfb (xvfb-run ./jmegym play ...)", failure);
        }
    }

    /** Episodes finished so far. */
    public int episodes() {
        return episodes;
    }
}
