package io.github.jmegym.engine.render;

import io.github.jmegym.engine.WorldEnv;
import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.Kwargs;
import io.github.jmegym.envs.RenderFrame;
import io.github.jmegym.envs.wrappers.Wrapper;
import java.util.Map;
import java.util.Optional;

/**
 * Gymnasium's {@code render_mode="rgb_array"} for an engine world: {@link #render()} returns the current state
 * rendered offscreen ({@link OffscreenRenderer#shared()}) from a fixed camera framing the scene, as an RGB frame.
 * The engine envs apply it when made with the kwarg {@code render_mode="rgb_array"} (size kwargs
 * {@code render_width}, {@code render_height}; default 320x240), so Gymnasium's {@code RecordVideo} works through
 * the bridge. The renderer starts when the env is made: without a display or OSMesa, {@code make} fails with a
 * {@link RendererUnavailableException} that says what to install, instead of blank frames later.
 *
 * @param <A> the action type
 */
public final class RgbArrayRender<A> extends Wrapper<double[], A> {
    /** The render mode this wrapper implements. */
    public static final String RGB_ARRAY = "rgb_array";
    /** Default frame width. */
    public static final int DEFAULT_WIDTH = 320;
    /** Default frame height. */
    public static final int DEFAULT_HEIGHT = 240;
    /** Smallest frame side, pixels ({@code render_width}, {@code render_height}). */
    public static final int MIN_SIZE = 16;
    /** Largest frame side, pixels. */
    public static final int MAX_SIZE = 4096;
    private final WorldRenderer renderer;

    /**
     * @param env an env whose innermost env is a {@link WorldEnv}
     * @param width frame width in pixels
     * @param height frame height in pixels
     * @param offscreen the renderer to draw on
     */
    public RgbArrayRender(Env<double[], A> env, int width, int height, OffscreenRenderer offscreen) {
        super(env);
        if (!(env.unwrapped() instanceof WorldEnv<?> w)) {
            throw new IllegalArgumentException("RgbArrayRender(" + env.spec().id() + "): not an engine world (" + env.unwrapped() + ")");
        }
        this.renderer = new WorldRenderer(w.simulation().rootNode(), width, height, null, SceneStyle.defaults(), offscreen);
    }

    /**
     * Applies the {@code render_mode} kwarg to a freshly made engine env: none leaves it as it is, {@code "rgb_array"}
     * wraps it, anything else throws.
     *
     * @param env the env
     * @param kwargs the make kwargs (reads {@code render_mode}, {@code render_width}, {@code render_height})
     */
    public static <A> Env<double[], A> apply(Env<double[], A> env, Map<String, ?> kwargs) {
        String where = "make(" + env.spec().id() + ")";
        Kwargs k = new Kwargs(kwargs, where);
        String mode;
        int w;
        int h;
        try {
            mode = k.getString("render_mode", null);
            w = k.getInt("render_width", DEFAULT_WIDTH, MIN_SIZE, MAX_SIZE);
            h = k.getInt("render_height", DEFAULT_HEIGHT, MIN_SIZE, MAX_SIZE);
            if (mode != null && !mode.equals(RGB_ARRAY)) {
                throw new IllegalArgumentException(where + ": render_mode='" + mode + "'; expected '" + RGB_ARRAY
                        + "' or none (for a window use ./jmegym replay or play)");
            }
        } catch (IllegalArgumentException e) {
            env.close();
            throw e;
        }
        if (mode == null) {
            return env;
        }
        try {
            return new RgbArrayRender<>(env, w, h, OffscreenRenderer.shared());
        } catch (RuntimeException e) {
            env.close();
            throw e instanceof RendererUnavailableException r
                    ? new RendererUnavailableException(where + " with render_mode='rgb_array': " + r.getMessage(), r.getCause())
                    : e;
        }
    }

    /** The current state as an RGB frame. */
    @Override
    public Optional<RenderFrame> render() {
        return Optional.of(renderer.render());
    }
}
