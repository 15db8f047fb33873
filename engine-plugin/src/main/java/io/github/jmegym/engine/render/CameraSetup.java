package io.github.jmegym.engine.render;

import com.jme3.bounding.BoundingBox;
import com.jme3.bounding.BoundingSphere;
import com.jme3.bounding.BoundingVolume;
import com.jme3.math.FastMath;
import com.jme3.math.Vector3f;
import com.jme3.renderer.Camera;

/**
 * Where a camera stands and looks.
 *
 * @param location the camera's position
 * @param lookAt the point it looks at (not equal to the location)
 * @param fovY the vertical field of view in degrees (1-179)
 */
public record CameraSetup(Vector3f location, Vector3f lookAt, float fovY) {
    /** Validates and copies. */
    public CameraSetup {
        if (location == null || lookAt == null || location.distanceSquared(lookAt) == 0f) {
            throw new IllegalArgumentException("CameraSetup: location " + location + " and lookAt " + lookAt
                    + " must be set and differ");
        }
        if (!(fovY >= 1f && fovY <= 179f)) {
            throw new IllegalArgumentException("CameraSetup: fovY=" + fovY + "; expected 1..179 degrees");
        }
        location = location.clone();
        lookAt = lookAt.clone();
    }

    /**
     * A view of the whole of {@code bounds} from above and behind (-Z), 55 degrees down, far enough for the bounding
     * sphere to fit the vertical field of view of 45 degrees.
     */
    public static CameraSetup overview(BoundingVolume bounds) {
        Vector3f centre = bounds.getCenter().clone();
        float radius;
        if (bounds instanceof BoundingBox b) {
            radius = new Vector3f(b.getXExtent(), b.getYExtent(), b.getZExtent()).length();
        } else if (bounds instanceof BoundingSphere s) {
            radius = s.getRadius();
        } else {
            radius = 10f;
        }
        radius = Math.max(radius, 0.5f);
        float fov = 45f;
        float distance = radius / FastMath.sin(fov * FastMath.DEG_TO_RAD / 2f) * 0.85f;
        float pitch = 55f * FastMath.DEG_TO_RAD;
        Vector3f location = centre.add(0, distance * FastMath.sin(pitch), -distance * FastMath.cos(pitch));
        return new CameraSetup(location, centre, fov);
    }

    /** A camera of the given size set up this way (near plane 0.05, far plane beyond the look-at point). */
    public Camera camera(int width, int height) {
        Camera cam = new Camera(width, height);
        float far = Math.max(100f, location.distance(lookAt) * 4f);
        cam.setFrustumPerspective(fovY, (float) width / height, 0.05f, far);
        cam.setLocation(location);
        Vector3f dir = lookAt.subtract(location).normalizeLocal();
        Vector3f up = Math.abs(dir.y) > 0.999f ? Vector3f.UNIT_Z : Vector3f.UNIT_Y;
        cam.lookAtDirection(dir, up);
        return cam;
    }
}
