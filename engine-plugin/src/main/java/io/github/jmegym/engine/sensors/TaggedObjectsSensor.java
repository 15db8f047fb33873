package io.github.jmegym.engine.sensors;

import com.jme3.bullet.objects.PhysicsRigidBody;
import com.jme3.math.Quaternion;
import com.jme3.math.Vector3f;
import com.jme3.scene.Spatial;
import io.github.jmegym.engine.Observations;
import io.github.jmegym.engine.Tags;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code count} nearest spatials carrying a tag, relative to the agent: per object a presence flag (1, or 0
 * for an empty slot), its position relative to the agent divided by {@code positionScale}, and its velocity
 * relative to the agent's divided by {@code velocityScale} ({@code count * 7} values). Positions and velocities are
 * in the agent's own frame (so "ahead" is +Z) when {@code agentFrame} is set, else in world axes. Velocities come
 * from the dynamic rigid bodies ({@code RigidBodyControl}) on the spatials; spatials without one count as still.
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
        Vector3f selfVel = velocity(self);
        Quaternion toLocal = self.getWorldRotation().inverse();
        for (int i = 0; i < count; i++) {
            if (i >= found.size()) {
                out.add(0, 0, 0, 0, 0, 0, 0);
                continue;
            }
            Spatial s = found.get(i);
            Vector3f rel = s.getWorldTranslation().subtract(here);
            Vector3f relVel = velocity(s).subtractLocal(selfVel);
            if (agentFrame) {
                toLocal.multLocal(rel);
                toLocal.multLocal(relVel);
            }
            out.add(1.0);
            out.add(rel.divideLocal(positionScale));
            out.add(relVel.divideLocal(velocityScale));
        }
    }

    /** The linear velocity of the spatial's dynamic rigid body, or zero (static, kinematic or no body). */
    static Vector3f velocity(Spatial s) {
        for (int c = 0; c < s.getNumControls(); c++) {
            if (s.getControl(c) instanceof PhysicsRigidBody b && b.isDynamic()) {
                return b.getLinearVelocity(null);
            }
        }
        return new Vector3f();
    }
}
