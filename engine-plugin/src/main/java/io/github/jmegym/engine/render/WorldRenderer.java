package io.github.jmegym.engine.render;

import com.jme3.bounding.BoundingVolume;
import com.jme3.renderer.Camera;
import com.jme3.scene.Node;
import io.github.jmegym.envs.RenderFrame;

/**
 * Renders one world's scene into frames of a fixed size on an {@link OffscreenRenderer}: call {@link #render()}
 * on the thread that steps the world; it captures the scene's transforms there and draws a {@link SceneMirror} on
 * the render thread. The camera is fixed at construction or, by default, framed on the scene's bounds at the first
 * frame ({@link CameraSetup#overview}).
 */
public final class WorldRenderer {
    private final Node source;
    private final int width;
    private final int height;
    private final SceneStyle style;
    private final OffscreenRenderer renderer;
    private CameraSetup setup;
    private SceneMirror mirror;
    private Camera camera;

    /**
     * @param source the world's scene root
     * @param width frame width in pixels (1-4096)
     * @param height frame height in pixels (1-4096)
     * @param setup the camera, or {@code null} to frame the scene's bounds at the first frame
     * @param style materials and background
     * @param renderer the renderer to draw on (e.g. {@link OffscreenRenderer#shared()})
     */
    public WorldRenderer(Node source, int width, int height, CameraSetup setup, SceneStyle style, OffscreenRenderer renderer) {
        if (width < 1 || height < 1 || width > 4096 || height > 4096) {
            throw new IllegalArgumentException("WorldRenderer: " + width + "x" + height + "; expected 1..4096 pixels each way");
        }
        if (source == null || style == null || renderer == null) {
            throw new IllegalArgumentException("WorldRenderer: source, style and renderer must be set");
        }
        this.source = source;
        this.width = width;
        this.height = height;
        this.setup = setup;
        this.style = style;
        this.renderer = renderer;
    }

    /** The camera in use (after the first frame when framed automatically), or {@code null} before. */
    public CameraSetup cameraSetup() {
        return setup;
    }

    /** Renders the scene as it is now. */
    public RenderFrame render() {
        return render(setup);
    }

    /**
     * Renders the scene as it is now from {@code view} (e.g. a camera that follows an agent).
     *
     * @param view the camera, or {@code null} for this renderer's own
     */
    public RenderFrame render(CameraSetup view) {
        if (mirror == null) {
            mirror = new SceneMirror(source);
            if (setup == null) {
                // the owner keeps the geometric state current (the simulation does after every tick and reset)
                BoundingVolume b = source.getWorldBound();
                if (b == null) {
                    throw new IllegalStateException("WorldRenderer: the scene '" + source.getName() + "' has no world bound"
                            + " (empty, or its geometric state was never updated); give a CameraSetup or update it first");
                }
                setup = CameraSetup.overview(b);
            }
        }
        CameraSetup use = view == null ? setup : view;
        float[] pose = mirror.capture();
        SceneMirror m = mirror;
        return renderer.call(ctx -> {
            m.style(ctx.assets(), style);
            m.apply(pose);
            if (camera == null || use != setup) {
                Camera c = use.camera(width, height);
                if (use == setup) {
                    camera = c;
                }
                return ctx.render(m.root(), c, style.background());
            }
            return ctx.render(m.root(), camera, style.background());
        });
    }
}
