package bench;

import com.jme3.bullet.PhysicsSpace;
import com.jme3.bullet.collision.shapes.BoxCollisionShape;
import com.jme3.bullet.collision.shapes.SphereCollisionShape;
import com.jme3.bullet.objects.PhysicsRigidBody;
import com.jme3.math.FastMath;
import com.jme3.math.Quaternion;
import com.jme3.math.Vector3f;
import com.jme3.system.NativeLibraryLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Determinism and speed of the physics library on the class path (Minie or jme3-jbullet): two scenes, each run
 * with one seed several times in fresh physics spaces (sequentially and on two threads at once); every body's
 * location and rotation after every step is compared bit for bit, then the time per step is measured.
 */
public final class PhysicsChoice {
    private static final float DT = 1f / 60f;

    public static void main(String[] args) throws Exception {
        String engine = args.length > 0 ? args[0] : "?";
        java.util.logging.Logger.getLogger("com.jme3").setLevel(java.util.logging.Level.WARNING);
        if (engine.equals("minie")) {
            NativeLibraryLoader.loadNativeLibrary("bulletjme", true);
        }
        System.out.println("engine=" + engine + " java=" + System.getProperty("java.version"));
        for (String scene : List.of("ball-on-tilting-platform", "pile-of-20-boxes")) {
            int steps = 3000;
            float[] a = run(scene, 42, steps);
            float[] b = run(scene, 42, steps);
            float[] other = run(scene, 43, steps);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            Future<float[]> t1 = pool.submit(() -> run(scene, 42, steps));
            Future<float[]> t2 = pool.submit(() -> run(scene, 42, steps));
            boolean threaded = Arrays.equals(a, t1.get()) && Arrays.equals(a, t2.get());
            pool.shutdown();
            // speed: median of 7 timed runs after 3 warm-up runs
            for (int i = 0; i < 3; i++) {
                run(scene, 7, steps);
            }
            long[] ns = new long[7];
            for (int i = 0; i < ns.length; i++) {
                long t0 = System.nanoTime();
                run(scene, 7 + i, steps);
                ns[i] = System.nanoTime() - t0;
            }
            Arrays.sort(ns);
            System.out.printf("%s: same seed twice bit-identical=%s, on 2 threads bit-identical=%s, other seed differs=%s,"
                            + " %.2f us/step (median of 7 x %d steps incl. setup, range %.2f-%.2f)%n",
                    scene, Arrays.equals(a, b), threaded, !Arrays.equals(a, other),
                    ns[3] / 1e3 / steps, steps, ns[0] / 1e3 / steps, ns[6] / 1e3 / steps);
        }
    }

    /** Runs a scene and returns every body's transform after every step, flattened. */
    static float[] run(String scene, long seed, int steps) {
        SplittableRandom rng = new SplittableRandom(seed);
        PhysicsSpace space = new PhysicsSpace(new Vector3f(-100, -100, -100), new Vector3f(100, 100, 100),
                PhysicsSpace.BroadphaseType.DBVT);
        space.setGravity(new Vector3f(0, -9.81f, 0));
        List<PhysicsRigidBody> bodies = new ArrayList<>();
        PhysicsRigidBody platform;
        if (scene.startsWith("ball")) {
            platform = new PhysicsRigidBody(new BoxCollisionShape(new Vector3f(2.5f, 0.1f, 2.5f)), 1f);
            platform.setKinematic(true);
            space.addCollisionObject(platform);
            PhysicsRigidBody ball = new PhysicsRigidBody(new SphereCollisionShape(0.25f), 1f);
            ball.setPhysicsLocation(new Vector3f((float) rng.nextDouble(-1, 1), 0.4f, (float) rng.nextDouble(-1, 1)));
            space.addCollisionObject(ball);
            bodies.add(ball);
        } else {
            platform = null;
            PhysicsRigidBody ground = new PhysicsRigidBody(new BoxCollisionShape(new Vector3f(20, 0.5f, 20)), 0f);
            ground.setPhysicsLocation(new Vector3f(0, -0.5f, 0));
            space.addCollisionObject(ground);
            for (int i = 0; i < 20; i++) {
                PhysicsRigidBody box = new PhysicsRigidBody(new BoxCollisionShape(new Vector3f(0.3f, 0.3f, 0.3f)), 1f);
                box.setPhysicsLocation(new Vector3f((float) rng.nextDouble(-1, 1), 1f + 0.7f * i, (float) rng.nextDouble(-1, 1)));
                space.addCollisionObject(box);
                bodies.add(box);
            }
        }
        float[] out = new float[steps * bodies.size() * 7];
        int k = 0;
        Vector3f loc = new Vector3f();
        Quaternion rot = new Quaternion();
        float tiltX = 0;
        float tiltZ = 0;
        for (int s = 0; s < steps; s++) {
            if (s % 5 == 0) {
                if (platform != null) {
                    tiltX = FastMath.clamp(tiltX + (float) rng.nextDouble(-0.05, 0.05), -0.3f, 0.3f);
                    tiltZ = FastMath.clamp(tiltZ + (float) rng.nextDouble(-0.05, 0.05), -0.3f, 0.3f);
                    platform.setPhysicsRotation(new Quaternion().fromAngles(tiltX, 0, tiltZ));
                } else {
                    PhysicsRigidBody b = bodies.get(rng.nextInt(bodies.size()));
                    b.applyImpulse(new Vector3f((float) rng.nextDouble(-1, 1), 0, (float) rng.nextDouble(-1, 1)),
                            Vector3f.ZERO);
                }
            }
            space.update(DT, 0);
            for (PhysicsRigidBody b : bodies) {
                b.getPhysicsLocation(loc);
                b.getPhysicsRotation(rot);
                out[k++] = loc.x;
                out[k++] = loc.y;
                out[k++] = loc.z;
                out[k++] = rot.getX();
                out[k++] = rot.getY();
                out[k++] = rot.getZ();
                out[k++] = rot.getW();
            }
        }
        space.destroy();
        return out;
    }
}
