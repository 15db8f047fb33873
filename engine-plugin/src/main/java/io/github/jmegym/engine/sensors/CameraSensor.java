package io.github.jmegym.engine.sensors;

import com.jme3.math.ColorRGBA;
import com.jme3.math.Quaternion;
import com.jme3.math.Vector3f;
import com.jme3.scene.Node;
import com.jme3.scene.Spatial;
import io.github.jmegym.engine.Observations;
import io.github.jmegym.engine.render.CameraSetup;
import io.github.jmegym.engine.render.OffscreenRenderer;
import io.github.jmegym.engine.render.RendererUnavailableException;
import io.github.jmegym.engine.render.SceneStyle;
import io.github.jmegym.engine.render.WorldRenderer;
import io.github.jmegym.envs.RenderFrame;

/**
 * A rendered low-resolution image as observation values: the scene seen from a camera fixed to the agent's
 * spatial (at {@code offset} in its frame, looking along its +Z), drawn with flat colours
 * ({@link io.github.jmegym.engine.Tags#setColor}) on the {@link OffscreenRenderer#shared() shared renderer}.
 * Writes {@code height * width * channels} values, row by row from the top-left pixel, R, G, B interleaved (or one
 * grey value per pixel), i.e. the layout of a Gymnasium image of shape {@code (height, width, channels)}.
 *
 * <p>Values are whole numbers 0..255. When the camera is the agent's only sensor, declare its observation space as
 * {@code new Box(0, 255, new int[] {height * width * channels}, DType.UINT8)} (agents' observation spaces are
 * flat): the bridge then sends one byte per pixel and Python sees {@code uint8} values (reshape row-major to
 * {@code (height, width, channels)}). Mixed with other sensors in one flat
 * observation, declare float32 bounds 0 and 255 for these entries (every value is exact in float32).
 *
 * <p>No blank frames: the renderer is started when the sensor is made, and a machine that cannot render (no X
 * display, no OSMesa) makes the constructor throw a {@link RendererUnavailableException} naming the spatial.
 */
public final class CameraSensor implements Sensor {
    private final Spatial eye;
    private final Vector3f offset;
    private final float fovY;
    private final int width;
    private final int height;
    private final boolean grey;
    private final WorldRenderer renderer;

    /**
     * @param eye the spatial the camera is fixed to (usually the agent's)
     * @param scene the root of the scene it sees
     * @param width image width in pixels (1..256)
     * @param height image height in pixels (1..256)
     * @param grey whether to write one grey value per pixel (0.299 R + 0.587 G + 0.114 B, rounded) instead of R, G, B
     * @param offset the camera's position in the eye's frame (e.g. {@code (0, 0.3, 0.5)}: above and in front)
     * @param fovY the vertical field of view in degrees (1..179)
     * @param background the colour where nothing is seen
     * @throws RendererUnavailableException when no renderer can be started on this machine
     */
    public CameraSensor(Spatial eye, Node scene, int width, int height, boolean grey, Vector3f offset, float fovY,
                        ColorRGBA background) {
        if (eye == null || scene == null || offset == null || background == null) {
            throw new IllegalArgumentException("CameraSensor: eye, scene, offset and background must be set");
        }
        if (width < 1 || height < 1 || width > 256 || height > 256) {
            throw new IllegalArgumentException("CameraSensor on '" + eye.getName() + "': " + width + "x" + height
                    + "; expected 1..256 pixels each way (a sensor is a low-resolution image)");
        }
        if (!(fovY >= 1 && fovY <= 179)) {
            throw new IllegalArgumentException("CameraSensor on '" + eye.getName() + "': fovY=" + fovY + "; expected 1..179 degrees");
        }
        this.eye = eye;
        this.offset = offset.clone();
        this.fovY = fovY;
        this.width = width;
        this.height = height;
        this.grey = grey;
        OffscreenRenderer r;
        try {
            r = OffscreenRenderer.shared();
        } catch (RendererUnavailableException e) {
            throw new RendererUnavailableException("CameraSensor on spatial '" + eye.getName() + "' needs a renderer: "
                    + e.getMessage(), e.getCause());
        }
        this.renderer = new WorldRenderer(scene, width, height, view(), SceneStyle.flat(background), r);
    }

    /** Values per pixel: 1 (grey) or 3 (RGB). */
    public int channels() {
        return grey ? 1 : 3;
    }

    @Override
    public int size() {
        return width * height * channels();
    }

    /** The camera where the eye is now. */
    private CameraSetup view() {
        Quaternion r = eye.getWorldRotation();
        Vector3f at = eye.getWorldTranslation().add(r.mult(offset));
        return new CameraSetup(at, at.add(r.mult(Vector3f.UNIT_Z)), fovY);
    }

    /** Renders the image (on the renderer's thread; this thread waits) and writes its values. */
    @Override
    public void observe(Observations out) {
        RenderFrame f = renderer.render(view());
        byte[] rgb = f.rgb();
        if (grey) {
            for (int i = 0; i < rgb.length; i += 3) {
                out.add(Math.round(0.299 * (rgb[i] & 0xff) + 0.587 * (rgb[i + 1] & 0xff) + 0.114 * (rgb[i + 2] & 0xff)));
            }
        } else {
            for (byte b : rgb) {
                out.add(b & 0xff);
            }
        }
    }
}
