package io.github.jmegym.engine.record;

import com.jme3.app.SimpleApplication;
import com.jme3.font.BitmapFont;
import com.jme3.font.BitmapText;
import com.jme3.input.KeyInput;
import com.jme3.input.MouseInput;
import com.jme3.input.controls.ActionListener;
import com.jme3.input.controls.KeyTrigger;
import com.jme3.input.controls.MouseButtonTrigger;
import com.jme3.material.Material;
import com.jme3.math.ColorRGBA;
import com.jme3.math.Vector2f;
import com.jme3.post.SceneProcessor;
import com.jme3.profile.AppProfiler;
import com.jme3.renderer.RenderManager;
import com.jme3.renderer.ViewPort;
import com.jme3.renderer.queue.RenderQueue;
import com.jme3.scene.Geometry;
import com.jme3.scene.shape.Quad;
import com.jme3.system.AppSettings;
import com.jme3.texture.FrameBuffer;
import com.jme3.texture.Image;
import com.jme3.util.BufferUtils;
import io.github.jmegym.engine.record.RecordedStep;
import io.github.jmegym.engine.render.CameraSetup;
import io.github.jmegym.engine.render.Frames;
import io.github.jmegym.engine.render.SceneMirror;
import io.github.jmegym.engine.render.SceneStyle;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * A window that plays a recorded episode back from its recorded transforms, with pause, single-step, speed and
 * scrubbing. The keys ({@link #KEYS}) are shown in the window. Runs on jME's render thread; {@link #run()} opens
 * the window and returns when it is closed.
 */
public final class ReplayViewer extends SimpleApplication {
    /** The key help shown in the window and docs/recording.md. */
    public static final List<String> KEYS = List.of(
            "Space pause/play   Right/Left step +1/-1 (pauses)   Up/Down speed x2 / /2",
            "PgUp/PgDn or ]/[ jump 10 frames   Home/End first/last frame   click the bar to scrub   Esc quit");
    private static final float BAR_MARGIN = 20f;
    private static final float BAR_Y = 16f;
    private static final float BAR_HEIGHT = 12f;
    private final RecordedScene scene;
    private final String checkLine;
    private final Path screenshot;
    private final CountDownLatch closed = new CountDownLatch(1);
    private SceneMirror mirror;
    private BitmapText status;
    private Geometry barFill;
    private int frame;
    private int shown = -1;
    private boolean paused;
    private double speed = 1.0;
    private double accumulator;
    private int renderedFrames;
    private volatile RuntimeException failure;

    /**
     * @param scene the recording's rebuilt world
     * @param checkLine a line about the re-simulation check to show (or empty)
     * @param startFrame the frame to start at
     * @param startPaused whether to start paused
     * @param screenshot when not {@code null}: write the window's third rendered frame there as PNG and close
     */
    public ReplayViewer(RecordedScene scene, String checkLine, int startFrame, boolean startPaused, Path screenshot) {
        super();
        if (startFrame < 0 || startFrame >= scene.frames()) {
            throw new IllegalArgumentException("replay: --frame " + startFrame + "; the recording has frames 0.." + (scene.frames() - 1));
        }
        this.scene = scene;
        this.checkLine = checkLine == null ? "" : checkLine;
        this.frame = startFrame;
        this.paused = startPaused;
        this.screenshot = screenshot;
        AppSettings s = new AppSettings(true);
        s.setTitle("jmegym replay: " + scene.recording().file().getFileName());
        s.setResolution(960, 720);
        s.setGammaCorrection(false);
        s.setFrameRate(60);
        s.setAudioRenderer(null);
        s.setSamples(0);
        setSettings(s);
        setShowSettings(false);
        setPauseOnLostFocus(false);
        setDisplayStatView(false);
        setDisplayFps(false);
    }

    /** Opens the window and blocks until it is closed. */
    public void run() {
        start();
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void simpleInitApp() {
        flyCam.setEnabled(false);
        viewPort.setBackgroundColor(SceneStyle.defaults().background());
        mirror = new SceneMirror(scene.world().simulation().rootNode());
        mirror.style(assetManager, SceneStyle.defaults());
        rootNode.attachChild(mirror.root());
        scene.show(0);
        CameraSetup view = CameraSetup.overview(scene.world().simulation().rootNode().getWorldBound());
        cam.setFrustumPerspective(view.fovY(), (float) cam.getWidth() / cam.getHeight(), 0.05f, 500f);
        cam.setLocation(view.location());
        cam.lookAt(view.lookAt(), com.jme3.math.Vector3f.UNIT_Y);
        hud();
        keys();
        if (screenshot != null) {
            guiViewPort.addProcessor(new Screenshot());
        }
    }

    private void hud() {
        BitmapFont font = assetManager.loadFont("Interface/Fonts/Default.fnt");
        float h = cam.getHeight();
        status = new BitmapText(font);
        status.setSize(font.getCharSet().getRenderedSize());
        status.setColor(ColorRGBA.White);
        status.setLocalTranslation(10, h - 10, 0);
        guiNode.attachChild(status);
        BitmapText help = new BitmapText(font);
        help.setSize(font.getCharSet().getRenderedSize() * 0.85f);
        help.setColor(new ColorRGBA(0.8f, 0.85f, 0.9f, 1f));
        help.setText(String.join("\n", KEYS));
        help.setLocalTranslation(10, BAR_Y + BAR_HEIGHT + 8 + help.getLineHeight() * 2, 0);
        guiNode.attachChild(help);
        float w = cam.getWidth() - 2 * BAR_MARGIN;
        Geometry bar = new Geometry("timeline", new Quad(w, BAR_HEIGHT));
        bar.setMaterial(flat(new ColorRGBA(0.3f, 0.3f, 0.35f, 1f)));
        bar.setLocalTranslation(BAR_MARGIN, BAR_Y, 0);
        guiNode.attachChild(bar);
        barFill = new Geometry("timeline-fill", new Quad(1, BAR_HEIGHT));
        barFill.setMaterial(flat(new ColorRGBA(0.95f, 0.75f, 0.2f, 1f)));
        barFill.setLocalTranslation(BAR_MARGIN, BAR_Y, 1);
        barFill.setQueueBucket(RenderQueue.Bucket.Gui);
        guiNode.attachChild(barFill);
    }

    private Material flat(ColorRGBA c) {
        Material m = new Material(assetManager, "Common/MatDefs/Misc/Unshaded.j3md");
        m.setColor("Color", c);
        return m;
    }

    private void keys() {
        String[][] map = {
            {"pause", "SPACE"}, {"next", "RIGHT"}, {"prev", "LEFT"}, {"faster", "UP"}, {"slower", "DOWN"},
            {"fwd10", "PGDN"}, {"back10", "PGUP"}, {"fwd10", "RBRACKET"}, {"back10", "LBRACKET"}, {"first", "HOME"}, {"last", "END"}};
        int[] codes = {KeyInput.KEY_SPACE, KeyInput.KEY_RIGHT, KeyInput.KEY_LEFT, KeyInput.KEY_UP, KeyInput.KEY_DOWN,
            KeyInput.KEY_PGDN, KeyInput.KEY_PGUP, KeyInput.KEY_RBRACKET, KeyInput.KEY_LBRACKET, KeyInput.KEY_HOME, KeyInput.KEY_END};
        for (int i = 0; i < codes.length; i++) {
            inputManager.addMapping(map[i][0], new KeyTrigger(codes[i]));
        }
        inputManager.addMapping("scrub", new MouseButtonTrigger(MouseInput.BUTTON_LEFT));
        ActionListener l = (name, pressed, tpf) -> {
            if (pressed) {
                command(name);
            }
        };
        inputManager.addListener(l, "pause", "next", "prev", "faster", "slower", "fwd10", "back10", "first", "last", "scrub");
    }

    /** Applies one viewer command (the key mapping names: pause, next, prev, faster, slower, fwd10, back10, first, last, scrub). */
    void command(String name) {
        int last = scene.frames() - 1;
        switch (name) {
            case "pause" -> {
                if (paused && frame == last) {
                    frame = 0; // playing from the end starts over
                }
                paused = !paused;
            }
            case "next" -> {
                paused = true;
                frame = Math.min(last, frame + 1);
            }
            case "prev" -> {
                paused = true;
                frame = Math.max(0, frame - 1);
            }
            case "faster" -> speed = Math.min(16, speed * 2);
            case "slower" -> speed = Math.max(1.0 / 16, speed / 2);
            case "fwd10" -> frame = Math.min(last, frame + 10);
            case "back10" -> frame = Math.max(0, frame - 10);
            case "first" -> frame = 0;
            case "last" -> frame = last;
            case "scrub" -> {
                Vector2f p = inputManager.getCursorPosition();
                float w = cam.getWidth() - 2 * BAR_MARGIN;
                if (p.y >= BAR_Y - 4 && p.y <= BAR_Y + BAR_HEIGHT + 4 && p.x >= BAR_MARGIN && p.x <= BAR_MARGIN + w) {
                    frame = Math.round((p.x - BAR_MARGIN) / w * last);
                }
            }
            default -> throw new IllegalArgumentException("unknown viewer command " + name);
        }
        accumulator = 0;
    }

    @Override
    public void simpleUpdate(float tpf) {
        int last = scene.frames() - 1;
        if (!paused) {
            accumulator += tpf * speed * scene.decisionsPerSecond();
            while (accumulator >= 1 && frame < last) {
                frame++;
                accumulator -= 1;
            }
            if (frame == last) {
                paused = true;
                accumulator = 0;
            }
        }
        if (frame != shown) {
            scene.show(frame);
            mirror.apply(mirror.capture());
            shown = frame;
        }
        RecordedStep s = scene.frame(frame);
        double ret = 0;
        for (int i = 1; i <= frame; i++) {
            ret += scene.frame(i).reward();
        }
        var h = scene.recording().header();
        status.setText(String.format(Locale.ROOT, "%s  seed %d  episode %d%nframe %d / %d   step reward %+.3f   return %+.3f%s%n"
                        + "speed %sx   %s%n%s", h.envId(), h.seed(), h.episode(), frame, last, s.reward(), ret,
                s.terminated() ? "   TERMINATED" : s.truncated() ? "   TRUNCATED" : "", speedText(), paused ? "PAUSED" : "PLAYING",
                checkLine));
        float w = cam.getWidth() - 2 * BAR_MARGIN;
        barFill.setLocalScale(Math.max(1f, w * frame / Math.max(1, last)), 1, 1);
    }

    private String speedText() {
        return speed >= 1 ? String.format(Locale.ROOT, "%.0f", speed) : "1/" + Math.round(1 / speed);
    }

    /** The frame shown now. */
    int frame() {
        return frame;
    }

    /** Whether playback is paused. */
    boolean paused() {
        return paused;
    }

    /** The playback speed factor. */
    double speed() {
        return speed;
    }

    @Override
    public void handleError(String errMsg, Throwable t) {
        failure = new IllegalStateException("replay window: " + errMsg + (t == null ? "" : " (" + t + ")"), t);
        stop();
        closed.countDown();
    }

    @Override
    public void destroy() {
        try {
            super.destroy();
        } finally {
            closed.countDown();
        }
    }

    /** Reads the window's pixels after the GUI is drawn, writes them as PNG and closes the window. */
    private final class Screenshot implements SceneProcessor {
        private RenderManager rm;
        private boolean done;

        @Override
        public void initialize(RenderManager rm, ViewPort vp) {
            this.rm = rm;
        }

        @Override
        public void reshape(ViewPort vp, int w, int h) {
            // fixed size
        }

        @Override
        public boolean isInitialized() {
            return rm != null;
        }

        @Override
        public void preFrame(float tpf) {
            // nothing
        }

        @Override
        public void postQueue(RenderQueue rq) {
            // nothing
        }

        @Override
        public void postFrame(FrameBuffer out) {
            if (done || ++renderedFrames < 3) {
                return;
            }
            done = true;
            int w = cam.getWidth();
            int h = cam.getHeight();
            ByteBuffer buf = BufferUtils.createByteBuffer(w * h * 4);
            rm.getRenderer().readFrameBufferWithFormat(out, buf, Image.Format.RGBA8);
            Frames.writePng(Frames.fromGlRgba(buf, w, h), screenshot);
            stop();
        }

        @Override
        public void cleanup() {
            // nothing
        }

        @Override
        public void setProfiler(AppProfiler profiler) {
            // not profiled
        }
    }
}
