package io.github.jmegym.engine.render;

import com.jme3.math.ColorRGBA;

/**
 * How a world's geometries are drawn: each gets the colour set with {@link io.github.jmegym.engine.Tags#setColor}
 * (grey when none), lit by a directional light and ambient light, or unshaded (flat colours, exactly as set).
 *
 * @param lit whether to shade with a directional light (else flat, unshaded colours)
 * @param background the clear colour
 */
public record SceneStyle(boolean lit, ColorRGBA background) {
    /** Validates the colour. */
    public SceneStyle {
        if (background == null) {
            throw new IllegalArgumentException("SceneStyle: background is null");
        }
        background = background.clone();
    }

    /** Lit geometries on a dark blue-grey background. */
    public static SceneStyle defaults() {
        return new SceneStyle(true, new ColorRGBA(0.12f, 0.14f, 0.18f, 1f));
    }

    /** Flat colours, exactly as set on the spatials (for tests and camera sensors). */
    public static SceneStyle flat(ColorRGBA background) {
        return new SceneStyle(false, background);
    }
}
