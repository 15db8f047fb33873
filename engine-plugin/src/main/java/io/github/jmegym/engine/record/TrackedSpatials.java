package io.github.jmegym.engine.record;

import com.jme3.math.Quaternion;
import com.jme3.math.Transform;
import com.jme3.math.Vector3f;
import com.jme3.scene.Node;
import com.jme3.scene.Spatial;
import io.github.jmegym.engine.Tags;
import java.util.ArrayList;
import java.util.List;

/**
 * The spatials of a scene that carry their own tag ({@link Tags#tag}), in scene-graph order (depth first): what a
 * recording stores the world transforms of, and what playback poses. Their untagged children (an NPC's body and
 * nose) move with them.
 */
public final class TrackedSpatials {
    /** Floats per transform: translation x, y, z and rotation x, y, z, w. */
    public static final int FLOATS = 7;
    private final List<Spatial> spatials;

    private TrackedSpatials(List<Spatial> spatials) {
        this.spatials = List.copyOf(spatials);
    }

    /** The tagged spatials below (and including) {@code root}. */
    public static TrackedSpatials of(Node root) {
        List<Spatial> found = new ArrayList<>();
        root.depthFirstTraversal(s -> {
            if (s.getUserData(Tags.TAG_KEY) != null) {
                found.add(s);
            }
        });
        return new TrackedSpatials(found);
    }

    /** No spatials (for envs without a scene graph). */
    public static TrackedSpatials none() {
        return new TrackedSpatials(List.of());
    }

    /** Number of tracked spatials. */
    public int size() {
        return spatials.size();
    }

    /** The tracked spatials' names, in order. */
    public List<String> names() {
        return spatials.stream().map(Spatial::getName).toList();
    }

    /** The tracked spatials' own tags, in order. */
    public List<String> tags() {
        return spatials.stream().map(s -> (String) s.getUserData(Tags.TAG_KEY)).toList();
    }

    /** Spatial {@code i}. */
    public Spatial get(int i) {
        return spatials.get(i);
    }

    /** The current world transforms: {@code size()} rows of {@link #FLOATS} floats. */
    public float[][] transforms() {
        float[][] out = new float[spatials.size()][];
        for (int i = 0; i < out.length; i++) {
            Spatial s = spatials.get(i);
            Vector3f t = s.getWorldTranslation();
            Quaternion r = s.getWorldRotation();
            out[i] = new float[] {t.x, t.y, t.z, r.getX(), r.getY(), r.getZ(), r.getW()};
        }
        return out;
    }

    /**
     * Puts every tracked spatial at the given world transform (its parent's transform is undone), then updates the
     * geometric state of the scene: playback of recorded transforms. Physics bodies are not touched.
     *
     * @param root the scene root the spatials belong to
     * @param transforms {@code size()} rows of {@link #FLOATS} floats
     */
    public void pose(Node root, float[][] transforms) {
        if (transforms.length != spatials.size()) {
            throw new IllegalArgumentException("pose: " + transforms.length + " transforms for " + spatials.size()
                    + " tracked spatials " + names());
        }
        // parents first (scene-graph order), so a tagged child sees its parent's new transform
        for (int i = 0; i < transforms.length; i++) {
            float[] f = transforms[i];
            Spatial s = spatials.get(i);
            Transform world = new Transform(new Vector3f(f[0], f[1], f[2]), new Quaternion(f[3], f[4], f[5], f[6]));
            Node parent = s.getParent();
            if (parent != null) {
                parent.updateGeometricState();
                Transform local = world.clone();
                local.combineWithParent(parent.getWorldTransform().invert());
                s.setLocalTransform(local);
            } else {
                s.setLocalTransform(world);
            }
        }
        root.updateGeometricState();
    }
}
