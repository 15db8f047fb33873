package io.github.jmegym.engine;

import com.jme3.bullet.collision.PhysicsCollisionObject;
import com.jme3.math.ColorRGBA;
import com.jme3.scene.Spatial;

/**
 * Tags and display colours on spatials, stored as jME user data so they survive cloning and saving: sensors
 * report what they see by tag ({@code "wall"}, {@code "target"}); viewers colour geometries by
 * {@link #setColor}.
 */
public final class Tags {
    /** User-data key of a spatial's tag. */
    public static final String TAG_KEY = "jmegym.tag";
    /** User-data key of a spatial's display colour. */
    public static final String COLOR_KEY = "jmegym.color";

    private Tags() {
    }

    /** Tags a spatial (its children inherit the tag unless they have their own); returns the spatial. */
    public static <S extends Spatial> S tag(S spatial, String tag) {
        if (tag == null || tag.isBlank()) {
            throw new IllegalArgumentException("tag(" + spatial.getName() + "): empty tag");
        }
        spatial.setUserData(TAG_KEY, tag);
        return spatial;
    }

    /** The tag of the spatial or its nearest tagged ancestor, or {@code null}. */
    public static String tagOf(Spatial spatial) {
        for (Spatial s = spatial; s != null; s = s.getParent()) {
            String t = s.getUserData(TAG_KEY);
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    /** The tag of a physics object: of its spatial when a control put it there, else its application data. */
    public static String tagOf(PhysicsCollisionObject pco) {
        Object user = pco.getUserObject();
        if (user instanceof Spatial s) {
            return tagOf(s);
        }
        Object app = pco.getApplicationData();
        return app instanceof String s ? s : null;
    }

    /** Sets the display colour a viewer gives the spatial's geometries; returns the spatial. */
    public static <S extends Spatial> S setColor(S spatial, ColorRGBA color) {
        spatial.setUserData(COLOR_KEY, color.asIntRGBA());
        return spatial;
    }

    /** The display colour of the spatial or its nearest coloured ancestor, or {@code null}. */
    public static ColorRGBA colorOf(Spatial spatial) {
        for (Spatial s = spatial; s != null; s = s.getParent()) {
            Integer c = s.getUserData(COLOR_KEY);
            if (c != null) {
                return new ColorRGBA().fromIntRGBA(c);
            }
        }
        return null;
    }
}
