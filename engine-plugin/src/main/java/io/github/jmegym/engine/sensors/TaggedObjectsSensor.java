package io.github.jmegym.engine.sensors;

import com.jme3.math.Quaternion;
import com.jme3.math.Vector3f;
import com.jme3.scene.Spatial;
import io.github.jmegym.engine.Observations;
import io.github.jmegym.engine.Tags;
import io.github.jmegym.engine.VelocityTracker;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code count} nearest spatials carrying a tag, relative to the agent: per object a presence flag (1, or 0
 * for an empty slot), its position relative to the agent divided by {@code positionScale}, and its velocity
 * relative to the agent's divided by {@code velocityScale} ({@code count * 7} values). Positions and velocities are
 * in the agent's own frame (so "ahead" is +Z) when {@code agentFrame} is set, else in world axes. Velocities are
 * {@link VelocityTracker#velocityOf(Spatial)}: a dynamic rigid body's physics velocity, else the position change
 * over the last fixed tick (kinematic bodies, spatials moved by hand), 0 right after a reset.
 */
public final class TaggedObjectsSensor implements Sensor {
    private final Spatial self;
    private final Spatial scene;
    private final String tag;
    private final int count;
    private final float positionScale;
    private final float velocityScale;
    private final boolean agentFrame;

    /**
     * @param self the agent's spatial
     * @param scene where to look for tagged spatials (tags set on the spatial itself, not inherited)
     * @param tag the tag to look for
     * @param count how many of the nearest to report ({@code >= 1})
     * @param positionScale divides relative positions (e.g. the arena's half-size; {@code > 0})
     * @param velocityScale divides relative velocities (e.g. the top speed; {@code > 0})
     * @param agentFrame whether to express the values in the agent's frame rather than world axes
     */
    public TaggedObjectsSensor(Spatial self, Spatial scene, String tag, int count, float positionScale,
                               float velocityScale, boolean agentFrame) {
        if (self == null || scene == null || tag == null) {
            throw new IllegalArgumentException("TaggedObjectsSensor: self, scene and tag must not be null");
        }
        if (count < 1 || !(positionScale > 0) || !(velocityScale > 0)) {
            throw new IllegalArgumentException("TaggedObjectsSensor('" + tag + "') on '" + self.getName() + "': count="
                    + count + ", positionScale=" + positionScale + ", velocityScale=" + velocityScale
                    + "; expected count >= 1 and positive scales");
        }
        this.self = self;
        this.scene = scene;
        this.tag = tag;
        this.count = count;
        this.positionScale = positionScale;
        this.velocityScale = velocityScale;
        this.agentFrame = agentFrame;
        VelocityTracker.velocityOf(self); // measured from the first tick on
    }

    @Override
    public int size() {
        return count * 7;
    }

    @Override
    public void observe(Observations out) {
        Vector3f here = self.getWorldTranslation();
        List<Spatial> found = new ArrayList<>();
        scene.depthFirstTraversal(s -> {
            if (s != self && tag.equals(s.getUserData(Tags.TAG_KEY))) {
                found.add(s);
            }
        });
        found.sort(Comparator.comparingDouble(s -> s.getWorldTranslation().distanceSquared(here)));
        Vector3f selfVel = VelocityTracker.velocityOf(self);
        Quaternion toLocal = self.getWorldRotation().inverse();
        for (int i = 0; i < count; i++) {
            if (i >= found.size()) {
                out.add(0, 0, 0, 0, 0, 0, 0);
                continue;
            }
            Spatial s = found.get(i);
            Vector3f rel = s.getWorldTranslation().subtract(here);
            Vector3f relVel = VelocityTracker.velocityOf(s).subtractLocal(selfVel);
            if (agentFrame) {
                toLocal.multLocal(rel);
                toLocal.multLocal(relVel);
            }
            out.add(1.0);
            out.add(rel.divideLocal(positionScale));
            out.add(relVel.divideLocal(velocityScale));
        }
    }
}
