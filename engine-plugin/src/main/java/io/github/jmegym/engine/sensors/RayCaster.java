package io.github.jmegym.engine.sensors;

import com.jme3.math.Vector3f;

/** Casts one ray into a world and reports the nearest hit: against the scene graph or the physics space. */
public interface RayCaster {
    /**
     * @param origin the ray's start in world coordinates
     * @param direction the ray's direction in world coordinates (unit length)
     * @param maxDistance how far the ray reaches ({@code > 0})
     * @return the nearest hit within {@code maxDistance}, or {@code null}
     */
    RayHit cast(Vector3f origin, Vector3f direction, float maxDistance);
}
