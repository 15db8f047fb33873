package io.github.jmegym.engine.app;

import com.jme3.app.Application;
import com.jme3.app.SimpleApplication;
import com.jme3.app.state.BaseAppState;
import com.jme3.font.BitmapFont;
import com.jme3.font.BitmapText;
import com.jme3.material.Material;
import com.jme3.material.RenderState;
import com.jme3.math.ColorRGBA;
import com.jme3.math.Vector3f;
import com.jme3.renderer.queue.RenderQueue;
import com.jme3.scene.Geometry;
import com.jme3.scene.Mesh;
import com.jme3.scene.Node;
import com.jme3.scene.VertexBuffer;
import com.jme3.scene.shape.Quad;
import com.jme3.util.BufferUtils;
import io.github.jmegym.agent.Metrics;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A heads-up display of a {@link TrainingAppState} on the application's GUI node: the mode, counters, steps per
 * second, recent returns per mode, the last update's approx KL, clip fraction and ESS, the training work per frame,
 * the last message, and a line graph of the return curve (mean training return per update). A figure that does not
 * exist yet or in the current mode (no update, no episode, no training work) shows as {@code -}. Text and graph sit on
 * translucent dark panels ({@link #PANEL}), so they stay readable over light and dark scenes. Text refreshes four
 * times a second; the graph when a new update arrives. Needs a {@link SimpleApplication} (for its GUI node).
 */
public final class TrainingHud extends BaseAppState {
    /** Width and height of the return graph, pixels. */
    public static final float GRAPH_W = 320;
    /** Height of the return graph, pixels. */
    public static final float GRAPH_H = 120;
    /**
     * The colour of the panels behind the text and the graph: black at 80% opacity (blending happens in linear light,
     * where 60% left a light scene mid-grey behind the white text).
     */
    public static final ColorRGBA PANEL = new ColorRGBA(0f, 0f, 0f, 0.8f);
    /** What the HUD shows for a figure that does not exist (yet, or in this mode). */
    static final String NONE = "-";
    private static final float MARGIN = 12;
    private static final float PAD = 5;
    private final TrainingAppState training;
    private final Node hud = new Node("jmegym-hud");
    private BitmapText text;
    private Geometry textPanel;
    private BitmapText graphLabel;
    private Geometry curve;
    private int drawnPoints = -1;
    private float sinceRefresh = Float.MAX_VALUE;

    /** @param training the state whose statistics to show */
    public TrainingHud(TrainingAppState training) {
        this.training = training;
    }

    @Override
    protected void initialize(Application app) {
        BitmapFont font = app.getAssetManager().loadFont("Interface/Fonts/Default.fnt");
        float h = app.getCamera().getHeight();
        text = new BitmapText(font);
        text.setSize(font.getCharSet().getRenderedSize());
        text.setColor(ColorRGBA.White);
        text.setLocalTranslation(MARGIN, h - MARGIN, 1);
        hud.attachChild(text);
        textPanel = panel(app, "jmegym-hud-text-bg", 1, 1);
        hud.attachChild(textPanel);

        float labelH = font.getCharSet().getLineHeight();
        Geometry graphPanel = panel(app, "jmegym-hud-graph-bg", GRAPH_W, GRAPH_H + labelH + PAD);
        graphPanel.setLocalTranslation(MARGIN, MARGIN, 0);
        hud.attachChild(graphPanel);

        Mesh m = new Mesh();
        m.setMode(Mesh.Mode.LineStrip);
        curve = new Geometry("jmegym-hud-graph-curve", m);
        curve.setMaterial(unshaded(app, new ColorRGBA(0.3f, 0.9f, 0.4f, 1f)));
        curve.setLocalTranslation(MARGIN, MARGIN, 1);
        curve.setCullHint(com.jme3.scene.Spatial.CullHint.Always);
        hud.attachChild(curve);

        graphLabel = new BitmapText(font);
        graphLabel.setSize(font.getCharSet().getRenderedSize());
        graphLabel.setColor(new ColorRGBA(0.8f, 0.8f, 0.8f, 1f));
        graphLabel.setLocalTranslation(MARGIN + 4, MARGIN + GRAPH_H + labelH + 2, 1);
        hud.attachChild(graphLabel);
    }

    /** A translucent {@link #PANEL} quad, {@code w} x {@code h} pixels, drawn behind the HUD's text (z 0). */
    private static Geometry panel(Application app, String name, float w, float h) {
        Geometry g = new Geometry(name, new Quad(w, h));
        g.setMaterial(unshaded(app, PANEL));
        g.setQueueBucket(RenderQueue.Bucket.Gui);
        return g;
    }

    private static Material unshaded(Application app, ColorRGBA color) {
        Material m = new Material(app.getAssetManager(), "Common/MatDefs/Misc/Unshaded.j3md");
        m.setColor("Color", color);
        if (color.a < 1f) {
            m.getAdditionalRenderState().setBlendMode(RenderState.BlendMode.Alpha);
        }
        return m;
    }

    @Override
    public void update(float tpf) {
        sinceRefresh += tpf;
        if (sinceRefresh < 0.25f) {
            return;
        }
        sinceRefresh = 0;
        TrainingStats s = training.stats();
        text.setText(lines(s));
        fitTextPanel();
        if (s.returnCurveSize() != drawnPoints) {
            drawCurve(s.returnCurve());
        }
    }

    /** The text panel covers the text's current lines, {@link #PAD} pixels around them. */
    private void fitTextPanel() {
        float w = text.getLineWidth() + 2 * PAD;
        float h = text.getHeight() + 2 * PAD;
        ((Quad) textPanel.getMesh()).updateGeometry(w, h);
        textPanel.updateModelBound();
        Vector3f topLeft = text.getLocalTranslation();
        textPanel.setLocalTranslation(topLeft.x - PAD, topLeft.y - h + PAD, 0);
    }

    /** The HUD's text for these statistics (also what a test or log can check). */
    static String lines(TrainingStats s) {
        Map<String, Double> m = s.lastMetrics();
        Durations work = s.trainingWork();
        boolean worked = work.count() > 0;
        StringBuilder b = new StringBuilder();
        b.append("Mode: ").append(s.mode()).append(s.paused() ? " (paused)" : "")
                .append("    [T]rain [I]nfer [H]euristic [P]ause F5 save F9 load\n");
        b.append(String.format(Locale.ROOT, "Steps %,d   updates %d   steps/s %,.0f%n", s.totalSteps(), s.updates(),
                s.stepsPerSecond()));
        b.append("Return (last 10):");
        int modes = 0;
        for (GameMode g : GameMode.values()) {
            if (s.episodes(g) > 0) {
                b.append("  ").append(g.name().toLowerCase(Locale.ROOT)).append(' ')
                        .append(figure("%.2f", s.recentReturn(g))).append(" (").append(s.episodes(g)).append(" ep)");
                modes++;
            }
        }
        b.append(modes == 0 ? " " + NONE : "").append('\n');
        b.append("approx KL ").append(figure("%.4f", m.get(Metrics.APPROX_KL)))
                .append("   clip frac ").append(figure("%.3f", m.get(Metrics.CLIP_FRACTION)))
                .append("   ESS ").append(figure("%.3f", m.get(Metrics.ESS))).append('\n');
        b.append("training work per frame: median ").append(figure("%.2f ms", worked ? work.quantileMillis(0.5) : null))
                .append("   p99 ").append(figure("%.2f ms", worked ? work.quantileMillis(0.99) : null))
                .append("   max ").append(figure("%.2f ms", worked ? work.maxMillis() : null));
        if (!s.message().isEmpty()) {
            b.append('\n').append(s.message());
        }
        return b.toString();
    }

    /**
     * One figure of the HUD: {@code value} formatted with {@code format} (e.g. {@code "%.2f ms"}), or {@link #NONE}
     * when the figure does not exist: null (not computed in this mode), NaN or infinite.
     */
    static String figure(String format, Double value) {
        return value == null || !Double.isFinite(value) ? NONE : String.format(Locale.ROOT, format, value);
    }

    private void drawCurve(List<double[]> points) {
        drawnPoints = points.size();
        if (points.size() < 2) {
            curve.setCullHint(com.jme3.scene.Spatial.CullHint.Always);
            graphLabel.setText("mean return per update (no data yet)");
            return;
        }
        double minX = points.get(0)[0];
        double maxX = points.get(points.size() - 1)[0];
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (double[] p : points) {
            minY = Math.min(minY, p[1]);
            maxY = Math.max(maxY, p[1]);
        }
        double spanX = Math.max(1e-9, maxX - minX);
        double spanY = Math.max(1e-9, maxY - minY);
        float[] xyz = new float[points.size() * 3];
        for (int i = 0; i < points.size(); i++) {
            double[] p = points.get(i);
            xyz[3 * i] = (float) (4 + (p[0] - minX) / spanX * (GRAPH_W - 8));
            xyz[3 * i + 1] = (float) (4 + (p[1] - minY) / spanY * (GRAPH_H - 8));
            xyz[3 * i + 2] = 0;
        }
        Mesh m = curve.getMesh();
        m.setBuffer(VertexBuffer.Type.Position, 3, BufferUtils.createFloatBuffer(xyz));
        m.updateBound();
        m.updateCounts();
        curve.updateModelBound();
        curve.setCullHint(com.jme3.scene.Spatial.CullHint.Never);
        graphLabel.setText(String.format(Locale.ROOT, "mean return per update: %.2f .. %.2f over %,.0f steps",
                minY, maxY, maxX));
    }

    @Override
    protected void cleanup(Application app) {
        hud.removeFromParent();
    }

    @Override
    protected void onEnable() {
        ((SimpleApplication) getApplication()).getGuiNode().attachChild(hud);
    }

    @Override
    protected void onDisable() {
        hud.removeFromParent();
    }
}
