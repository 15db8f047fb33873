package io.github.jmegym.engine.render;

import com.jme3.asset.AssetManager;
import com.jme3.math.ColorRGBA;
import com.jme3.renderer.Camera;
import com.jme3.renderer.RenderManager;
import com.jme3.renderer.Renderer;
import com.jme3.renderer.ViewPort;
import com.jme3.scene.Node;
import com.jme3.texture.FrameBuffer;
import com.jme3.texture.FrameBuffer.FrameBufferTarget;
import com.jme3.texture.Image;
import com.jme3.util.BufferUtils;
import io.github.jmegym.envs.RenderFrame;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * What a render task gets on the render thread of an {@link OffscreenRenderer}: the asset manager (for materials)
 * and {@link #render}, which draws a scene into an offscreen frame buffer of any size and reads it back.
 * Only valid on the render thread, inside {@link OffscreenRenderer#call}.
 */
public final class RenderContext {
    private final AssetManager assets;
    private final RenderManager renderManager;
    private final Renderer renderer;
    private final Map<Long, Target> targets = new HashMap<>();

    RenderContext(AssetManager assets, RenderManager renderManager, Renderer renderer) {
        this.assets = assets;
        this.renderManager = renderManager;
        this.renderer = renderer;
    }

    /** The application's asset manager (jME's built-in material definitions are on the class path). */
    public AssetManager assets() {
        return assets;
    }

    /**
     * Renders {@code scene} (its geometric state already updated) as seen by {@code camera} into a frame buffer of
     * the camera's size and reads the pixels back as RGB, top row first.
     *
     * @param scene the scene root
     * @param camera its width and height are the frame's
     * @param background the clear colour
     */
    public RenderFrame render(Node scene, Camera camera, ColorRGBA background) {
        int w = camera.getWidth();
        int h = camera.getHeight();
        Target t = targets.computeIfAbsent(((long) w << 32) | h, k -> new Target(w, h));
        ViewPort vp = new ViewPort("jmegym-offscreen", camera);
        vp.setClearFlags(true, true, true);
        vp.setBackgroundColor(background);
        vp.setOutputFrameBuffer(t.fb);
        vp.attachScene(scene);
        renderManager.renderViewPort(vp, 0f);
        renderer.setFrameBuffer(t.fb);
        t.pixels.clear();
        renderer.readFrameBufferWithFormat(t.fb, t.pixels, Image.Format.RGBA8);
        renderer.setFrameBuffer(null);
        return Frames.fromGlRgba(t.pixels, w, h);
    }

    void release() {
        for (Target t : targets.values()) {
            renderer.deleteFrameBuffer(t.fb);
        }
        targets.clear();
    }

    /** A frame buffer (colour + depth render buffers) and a readback buffer of one size. */
    private static final class Target {
        final FrameBuffer fb;
        final ByteBuffer pixels;

        Target(int w, int h) {
            fb = new FrameBuffer(w, h, 1);
            fb.setDepthTarget(FrameBufferTarget.newTarget(Image.Format.Depth));
            fb.addColorTarget(FrameBufferTarget.newTarget(Image.Format.RGBA8));
            pixels = BufferUtils.createByteBuffer(w * h * 4);
        }
    }
}
