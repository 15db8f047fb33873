package io.github.jmegym.engine.sensors;

/**
 * The nearest hit of a ray.
 *
 * @param distance distance from the ray's origin in world units
 * @param tag the tag of the object hit ({@link io.github.jmegym.engine.Tags}), or {@code null} when untagged
 */
public record RayHit(float distance, String tag) {
}
