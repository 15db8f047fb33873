package io.github.jmegym.engine.sensors;

import com.jme3.collision.CollisionResult;
import com.jme3.collision.CollisionResults;
import com.jme3.math.Ray;
import com.jme3.math.Vector3f;
import com.jme3.scene.Geometry;
import com.jme3.scene.Node;
import com.jme3.scene.Spatial;
import io.github.jmegym.engine.Tags;

/**
 * Casts rays against the triangles of a scene graph (jME's {@code collideWith}), skipping the geometries of one
 * subtree (usually the agent itself). Works without physics; costs more than {@link PhysicsRayCaster} in large
 * scenes.
 */
public final class SceneGraphRayCaster implements RayCaster {
    private final Spatial scene;
    private final Spatial ignored;
    private final CollisionResults results = new CollisionResults();
    private final Ray ray = new Ray();

    /**
     * @param scene the scene to cast against (its geometric state must be current)
     * @param ignored a subtree whose geometries never count as hits (the agent's own body), or {@code null}
     */
    public SceneGraphRayCaster(Spatial scene, Spatial ignored) {
        if (scene == null) {
            throw new IllegalArgumentException("SceneGraphRayCaster: scene is null");
        }
        this.scene = scene;
        this.ignored = ignored;
    }

    @Override
    public RayHit cast(Vector3f origin, Vector3f direction, float maxDistance) {
        results.clear();
        ray.setOrigin(origin);
        ray.setDirection(direction);
        ray.setLimit(maxDistance);
        scene.collideWith(ray, results);
        CollisionResult best = null;
        for (int i = 0; i < results.size(); i++) {
            CollisionResult r = results.getCollision(i);
            if (r.getDistance() > maxDistance || isIgnored(r.getGeometry())) {
                continue;
            }
            if (best == null || r.getDistance() < best.getDistance()) {
                best = r;
            }
        }
        return best == null ? null : new RayHit(best.getDistance(), Tags.tagOf(best.getGeometry()));
    }

    private boolean isIgnored(Geometry g) {
        if (ignored == null) {
            return false;
        }
        return g == ignored || ignored instanceof Node n && g.hasAncestor(n);
    }
}
