package io.github.jmegym.engine.sensors;

import com.jme3.math.FastMath;
import com.jme3.math.Quaternion;
import com.jme3.math.Vector3f;
import com.jme3.scene.Spatial;
import io.github.jmegym.engine.Observations;
import java.util.List;

/**
 * A fan of rays from an agent, in the style of ML-Agents' ray perception: the rays lie in the agent's horizontal
 * plane (its local XZ plane), spread evenly over {@code fanDegrees} around its forward axis (local +Z). Per ray it
 * writes a one-hot of the hit object's tag over {@code tags} (all zeros for no hit or an unlisted tag) followed by
 * the hit distance divided by the range (1 when nothing is hit): {@code rays * (tags.size() + 1)} values.
 */
public final class RayPerceptionSensor implements Sensor {
    private final Spatial eye;
    private final RayCaster caster;
    private final float range;
    private final float height;
    private final List<String> tags;
    private final Vector3f[] localDirections;
    private final Vector3f origin = new Vector3f();
    private final Vector3f direction = new Vector3f();

    /**
     * @param eye the spatial the rays start from (its world translation, raised by {@code height}) and turn with
     * @param caster what the rays are cast against
     * @param rays number of rays ({@code >= 1})
     * @param fanDegrees the angle the rays cover (0 to 360); 360 spreads them evenly around the agent
     * @param range how far each ray reaches in world units ({@code > 0})
     * @param height the rays' origin above the eye's position in world units
     * @param tags the tags to detect, in one-hot order (may be empty)
     */
    public RayPerceptionSensor(Spatial eye, RayCaster caster, int rays, float fanDegrees, float range, float height,
                               List<String> tags) {
        if (eye == null || caster == null || tags == null) {
            throw new IllegalArgumentException("RayPerceptionSensor: eye, caster and tags must not be null");
        }
        if (rays < 1 || !(fanDegrees >= 0 && fanDegrees <= 360) || !(range > 0)) {
            throw new IllegalArgumentException("RayPerceptionSensor on '" + eye.getName() + "': rays=" + rays
                    + ", fanDegrees=" + fanDegrees + ", range=" + range + "; expected rays >= 1, 0 <= fan <= 360, range > 0");
        }
        this.eye = eye;
        this.caster = caster;
        this.range = range;
        this.height = height;
        this.tags = List.copyOf(tags);
        this.localDirections = new Vector3f[rays];
        float fan = fanDegrees * FastMath.DEG_TO_RAD;
        for (int i = 0; i < rays; i++) {
            float angle;
            if (rays == 1) {
                angle = 0;
            } else if (fanDegrees >= 360f) {
                angle = -FastMath.PI + FastMath.TWO_PI * i / rays;
            } else {
                angle = -fan / 2 + fan * i / (rays - 1);
            }
            // angle 0 is forward (+Z); positive angles turn towards +X
            localDirections[i] = new Vector3f(FastMath.sin(angle), 0, FastMath.cos(angle));
        }
    }

    @Override
    public int size() {
        return localDirections.length * (tags.size() + 1);
    }

    /** The world-space direction of ray {@code i} for the eye's current rotation. */
    public Vector3f direction(int i) {
        return eye.getWorldRotation().mult(localDirections[i], new Vector3f()).normalizeLocal();
    }

    @Override
    public void observe(Observations out) {
        Quaternion rot = eye.getWorldRotation();
        origin.set(eye.getWorldTranslation()).addLocal(0, height, 0);
        for (Vector3f local : localDirections) {
            rot.mult(local, direction).normalizeLocal();
            RayHit hit = caster.cast(origin, direction, range);
            out.oneHot(hit == null ? -1 : tags.indexOf(hit.tag()), tags.size());
            out.add(hit == null ? 1.0 : Math.min(hit.distance() / range, 1.0));
        }
    }
}
