package io.github.jmegym.engine;

import com.jme3.bullet.objects.PhysicsRigidBody;
import com.jme3.math.Vector3f;
import com.jme3.renderer.RenderManager;
import com.jme3.renderer.ViewPort;
import com.jme3.scene.Spatial;
import com.jme3.scene.control.AbstractControl;
import com.jme3.util.clone.Cloner;

/**
 * The linear velocity of a spatial however it moves: a dynamic rigid body's physics velocity, else (kinematic
 * bodies, spatials moved by hand in {@code onTick} or {@link GameWorld#tick(float)}) the change of its world position
 * over the last fixed tick of its {@link WorldSimulation}. Sensors call {@link #velocityOf(Spatial)}; the first call
 * for a spatial adds this control to it, and the velocity is measured from the next tick on.
 *
 * <p>A reset of the world ({@link WorldSimulation#reset(Long)}) zeroes every measured velocity, so the first
 * observation of an episode reads 0 rather than the jump to the start state; a reset of one agent
 * ({@link WorldSimulation#resetAgent(int, Long)}) zeroes the velocities of the spatials the reset moved. Outside a
 * simulation (a scene nobody ticks) the measured velocity stays 0.
 *
 * <p>Thread rules: the simulation's world thread, like the rest of its scene.
 */
public final class VelocityTracker extends AbstractControl {
    private Vector3f last = new Vector3f();
    private Vector3f velocity = new Vector3f();
    private boolean sampled;

    /**
     * For jME's cloning and {@code .j3o} loading; sensors need none of their own: {@link #velocityOf(Spatial)} adds
     * one to a spatial that has none.
     */
    public VelocityTracker() {
    }

    /**
     * The spatial's linear velocity in world axes, metres per second (a new vector): its dynamic rigid body's when
     * it has one, else the change of its world position over the last fixed tick (0 before the first tick after it
     * was first asked for, and right after a reset).
     */
    public static Vector3f velocityOf(Spatial s) {
        for (int c = 0; c < s.getNumControls(); c++) {
            if (s.getControl(c) instanceof PhysicsRigidBody b && b.isDynamic()) {
                return b.getLinearVelocity(null);
            }
        }
        VelocityTracker t = s.getControl(VelocityTracker.class);
        if (t == null) {
            t = new VelocityTracker();
            s.addControl(t);
        }
        return t.velocity.clone();
    }

    /** Registers with the simulation whose tick is running, which calls {@link #sample} after the tick. */
    @Override
    protected void controlUpdate(float tpf) {
        WorldSimulation sim = WorldSimulation.updatingOnThisThread();
        if (sim != null) {
            sim.trackAfterUpdate(this);
        }
    }

    /** After a tick of {@code dt} seconds: the velocity is the position change since the last sample over dt. */
    void sample(float dt) {
        Vector3f now = spatial.getWorldTranslation();
        if (sampled && dt > 0) {
            now.subtract(last, velocity).divideLocal(dt);
        } else {
            velocity.zero();
        }
        last.set(now);
        sampled = true;
    }

    /**
     * After a reset: the current position is the new reference and the velocity is zeroed, always
     * ({@code always}) or only when the reset moved the spatial.
     */
    void restart(boolean always) {
        Vector3f now = spatial.getWorldTranslation();
        if (always || !sampled || !now.equals(last)) {
            velocity.zero();
        }
        last.set(now);
        sampled = true;
    }

    @Override
    protected void controlRender(RenderManager rm, ViewPort vp) {
        // nothing to render
    }

    @Override
    public void cloneFields(Cloner cloner, Object original) {
        super.cloneFields(cloner, original);
        last = last.clone();
        velocity = velocity.clone();
    }
}
