package io.github.jmegym.engine.sensors;

import com.jme3.bullet.PhysicsSpace;
import com.jme3.bullet.collision.PhysicsCollisionObject;
import com.jme3.bullet.collision.PhysicsRayTestResult;
import com.jme3.math.Vector3f;
import io.github.jmegym.engine.Tags;
import java.util.ArrayList;
import java.util.List;

/** Casts rays against the collision shapes of a physics space (Bullet's ray test), skipping given objects. */
public final class PhysicsRayCaster implements RayCaster {
    private final PhysicsSpace space;
    private final List<PhysicsCollisionObject> ignored;
    private final List<PhysicsRayTestResult> results = new ArrayList<>();
    private final Vector3f to = new Vector3f();

    /**
     * @param space the physics space to cast against
     * @param ignored objects that never count as hits (the agent's own body)
     */
    public PhysicsRayCaster(PhysicsSpace space, PhysicsCollisionObject... ignored) {
        if (space == null) {
            throw new IllegalArgumentException("PhysicsRayCaster: space is null");
        }
        this.space = space;
        this.ignored = List.of(ignored);
    }

    @Override
    public RayHit cast(Vector3f origin, Vector3f direction, float maxDistance) {
        results.clear();
        direction.mult(maxDistance, to).addLocal(origin);
        space.rayTest(origin, to, results);
        PhysicsRayTestResult best = null;
        for (PhysicsRayTestResult r : results) {
            if (ignored.contains(r.getCollisionObject())) {
                continue;
            }
            if (best == null || r.getHitFraction() < best.getHitFraction()) {
                best = r;
            }
        }
        return best == null ? null : new RayHit(best.getHitFraction() * maxDistance, Tags.tagOf(best.getCollisionObject()));
    }
}
