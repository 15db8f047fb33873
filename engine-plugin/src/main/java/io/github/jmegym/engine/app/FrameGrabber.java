package io.github.jmegym.engine.app;

import com.jme3.post.SceneProcessor;
import com.jme3.profile.AppProfiler;
import com.jme3.renderer.RenderManager;
import com.jme3.renderer.Renderer;
import com.jme3.renderer.ViewPort;
import com.jme3.renderer.queue.RenderQueue;
import com.jme3.texture.FrameBuffer;
import com.jme3.texture.Image;
import com.jme3.util.BufferUtils;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Reads one rendered frame back as an image when asked ({@link #grab()}): add it to the last viewport drawn (the GUI
 * viewport, so the HUD is in the picture) with {@code guiViewPort.addProcessor(grabber)}. Reads RGBA8 and flips the
 * rows (OpenGL's origin is bottom-left), so pixel (x, y) of the image is x from the left, y from the top.
 */
public final class FrameGrabber implements SceneProcessor {
    private Renderer renderer;
    private ViewPort viewPort;
    private volatile CompletableFuture<BufferedImage> request;

    /** Grabs the next frame this processor's viewport finishes; completes on the render thread. */
    public CompletableFuture<BufferedImage> grab() {
        CompletableFuture<BufferedImage> f = new CompletableFuture<>();
        request = f;
        return f;
    }

    @Override
    public void initialize(RenderManager rm, ViewPort vp) {
        renderer = rm.getRenderer();
        viewPort = vp;
    }

    @Override
    public void postFrame(FrameBuffer out) {
        CompletableFuture<BufferedImage> f = request;
        if (f == null) {
            return;
        }
        request = null;
        try {
            int w = viewPort.getCamera().getWidth();
            int h = viewPort.getCamera().getHeight();
            ByteBuffer buf = BufferUtils.createByteBuffer(w * h * 4);
            renderer.readFrameBufferWithFormat(out, buf, Image.Format.RGBA8);
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = ((h - 1 - y) * w + x) * 4;
                    int r = buf.get(i) & 0xff;
                    int g = buf.get(i + 1) & 0xff;
                    int b = buf.get(i + 2) & 0xff;
                    img.setRGB(x, y, (r << 16) | (g << 8) | b);
                }
            }
            f.complete(img);
        } catch (RuntimeException e) {
            f.completeExceptionally(e);
        }
    }

    @Override
    public boolean isInitialized() {
        return renderer != null;
    }

    @Override
    public void reshape(ViewPort vp, int w, int h) {
        // sizes are read per grab
    }

    @Override
    public void preFrame(float tpf) {
        // nothing before the frame
    }

    @Override
    public void postQueue(RenderQueue rq) {
        // nothing between queueing and drawing
    }

    @Override
    public void cleanup() {
        CompletableFuture<BufferedImage> f = request;
        if (f != null) {
            f.completeExceptionally(new IllegalStateException("FrameGrabber: the viewport was closed before a frame was grabbed"));
        }
        renderer = null;
    }

    @Override
    public void setProfiler(AppProfiler profiler) {
        // not profiled
    }
}
