package io.github.jmegym.engine.sensors;

import com.jme3.math.Vector3f;
import com.jme3.scene.Spatial;
import io.github.jmegym.engine.Observations;
import io.github.jmegym.engine.VelocityTracker;

/**
 * The agent's own state: its position relative to an anchor divided by {@code positionScale} (3), its linear
 * velocity divided by {@code velocityScale} (3: {@link VelocityTracker#velocityOf(Spatial)}, a dynamic rigid body's
 * physics velocity, else the position change over the last fixed tick, 0 right after a reset) and its heading as the
 * world X and Z of its forward axis (2): 8 values, all in world axes.
 */
public final class SelfStateSensor implements Sensor {
    private final Spatial self;
    private final Vector3f anchor;
    private final float positionScale;
    private final float velocityScale;

    /**
     * @param self the agent's spatial
     * @param anchor the world point positions are measured from (e.g. the arena's centre)
     * @param positionScale divides the position ({@code > 0})
     * @param velocityScale divides the velocity ({@code > 0})
     */
    public SelfStateSensor(Spatial self, Vector3f anchor, float positionScale, float velocityScale) {
        if (self == null || anchor == null || !(positionScale > 0) || !(velocityScale > 0)) {
            throw new IllegalArgumentException("SelfStateSensor: self and anchor must be set and the scales positive, got "
                    + self + ", " + anchor + ", " + positionScale + ", " + velocityScale);
        }
        this.self = self;
        this.anchor = anchor.clone();
        this.positionScale = positionScale;
        this.velocityScale = velocityScale;
        VelocityTracker.velocityOf(self); // measured from the first tick on
    }

    @Override
    public int size() {
        return 8;
    }

    @Override
    public void observe(Observations out) {
        out.add(self.getWorldTranslation().subtract(anchor).divideLocal(positionScale));
        out.add(VelocityTracker.velocityOf(self).divideLocal(velocityScale));
        Vector3f forward = self.getWorldRotation().mult(Vector3f.UNIT_Z, new Vector3f());
        out.add(forward.x).add(forward.z);
    }
}
