package io.github.jmegym.engine.worlds;

import com.jme3.bullet.collision.shapes.BoxCollisionShape;
import com.jme3.bullet.collision.shapes.SphereCollisionShape;
import com.jme3.bullet.control.RigidBodyControl;
import com.jme3.math.ColorRGBA;
import com.jme3.math.FastMath;
import com.jme3.math.Vector3f;
import com.jme3.scene.Geometry;
import com.jme3.scene.Node;
import com.jme3.scene.shape.Box;
import com.jme3.scene.shape.Sphere;
import io.github.jmegym.engine.GameWorld;
import io.github.jmegym.engine.Tags;
import io.github.jmegym.engine.WorldContext;
import io.github.jmegym.envs.Kwargs;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An NPC in a walled arena with pillars must reach a target that keeps moving (it bounces off walls and pillars
 * at constant speed).
 *
 * <h2>Action Space</h2>
 * {@code Discrete(5)} (kwarg {@code action_type="discrete"}, default): stay, forward (local +Z), back (local
 * -Z), local +X, local -X, at {@value ChaseAgent#SPEED} m/s in the NPC's frame (the NPC does not turn).
 * {@code MultiDiscrete([5 3])} ({@code action_type="multi_discrete"}): the same moves plus a turn (none, towards
 * local +X, towards local -X; 180 degrees/s).
 *
 * <h2>Observation Space</h2>
 * {@code Box(-inf, inf, (47,), float32)}: 8 rays around the NPC (range 8 m), each a one-hot of
 * {@code [wall, obstacle, target]} and the hit distance / 8 (32 values); the target relative to the NPC in its
 * frame (presence, position / 6 m, velocity / 3 m/s: 7 values); the NPC's own position / 6 m, velocity / 3 m/s and
 * heading (8 values).
 *
 * <h2>Rewards</h2>
 * 0.2 per metre of progress towards the target (negative when moving away), +1 on reaching it, -0.01 per
 * decision.
 *
 * <h2>Starting State</h2>
 * NPC and target uniform on the free floor, at least 4 m apart; target heading uniform; NPC facing +Z (random
 * heading with {@code multi_discrete}).
 *
 * <h2>Episode End</h2>
 * Terminated when the NPC's centre comes within 1 m of the target's ({@code info["is_success"]} is then true);
 * truncated at 300 decisions (20 simulated seconds) by the registry's time limit.
 *
 * <h2>Arguments</h2>
 * Kwargs: {@code action_type} ({@code discrete} (default) or {@code multi_discrete}), {@code obstacles} (integer
 * in [0, 4] pillars, default 4), {@code target_speed} (in [0, 3] m/s, default 1), {@code ray_caster}
 * ({@code physics} (default) or {@code scene_graph}), and those of every engine world ({@link EngineEnvs}):
 * {@code physics_dt} (in [0.001, 0.1] s, default 1/60), {@code ticks_per_decision} (integer in [1, 600], default
 * 4), {@code max_episode_steps} (integer in [1, 10^9], default 300). No reset options.
 */
public final class ChaseWorld implements GameWorld {
    /** Half the arena's side (inside the walls), metres. */
    public static final float HALF_ARENA = 6f;
    /** Radius of the NPC and of the target, metres. */
    public static final float RADIUS = 0.4f;
    /** Most pillars ({@code obstacles}). */
    public static final int MAX_OBSTACLES = 4;
    /** Fastest target, m/s ({@code target_speed}). */
    public static final float MAX_TARGET_SPEED = 3f;
    private static final float PILLAR_HALF = 0.6f;
    private static final Vector3f[] PILLARS = {
        new Vector3f(-2.5f, 0, -2.5f), new Vector3f(2.5f, 0, 2.5f), new Vector3f(-2.5f, 0, 2.5f), new Vector3f(2.5f, 0, -2.5f)};

    private final boolean multiDiscrete;
    private final int obstacles;
    private final float targetSpeed;
    private final boolean physicsRays;
    private final List<Vector3f> pillars = new ArrayList<>();
    private RigidBodyControl target;
    private ChaseAgent agent;
    private final Vector3f tmp = new Vector3f();

    /**
     * @param multiDiscrete whether actions are MultiDiscrete move + turn (else Discrete moves)
     * @param obstacles number of pillars (in [0, {@value #MAX_OBSTACLES}])
     * @param targetSpeed the target's speed in m/s (in [0, {@value #MAX_TARGET_SPEED}])
     * @param physicsRays whether rays are cast against the physics space (else against the scene graph)
     */
    public ChaseWorld(boolean multiDiscrete, int obstacles, float targetSpeed, boolean physicsRays) {
        Kwargs.requireInt("ChaseWorld", "obstacles", obstacles, 0, MAX_OBSTACLES);
        Kwargs.requireDouble("ChaseWorld", "targetSpeed", targetSpeed, 0, MAX_TARGET_SPEED);
        this.multiDiscrete = multiDiscrete;
        this.obstacles = obstacles;
        this.targetSpeed = targetSpeed;
        this.physicsRays = physicsRays;
    }

    @Override
    public void build(WorldContext ctx) {
        Node root = ctx.rootNode();
        ctx.physicsSpace().setGravity(Vector3f.ZERO);
        Geometry floor = new Geometry("Floor", new Box(HALF_ARENA + 0.5f, 0.05f, HALF_ARENA + 0.5f));
        floor.setLocalTranslation(0, -0.05f, 0);
        Tags.setColor(Tags.tag(floor, "floor"), new ColorRGBA(0.35f, 0.35f, 0.38f, 1f));
        root.attachChild(floor);
        float h = HALF_ARENA + 0.25f;
        addStatic(ctx, "Wall-N", "wall", new Vector3f(0, 0.5f, h), new Vector3f(HALF_ARENA + 0.5f, 0.5f, 0.25f));
        addStatic(ctx, "Wall-S", "wall", new Vector3f(0, 0.5f, -h), new Vector3f(HALF_ARENA + 0.5f, 0.5f, 0.25f));
        addStatic(ctx, "Wall-E", "wall", new Vector3f(h, 0.5f, 0), new Vector3f(0.25f, 0.5f, HALF_ARENA));
        addStatic(ctx, "Wall-W", "wall", new Vector3f(-h, 0.5f, 0), new Vector3f(0.25f, 0.5f, HALF_ARENA));
        for (int i = 0; i < obstacles; i++) {
            Vector3f at = PILLARS[i].add(0, 0.5f, 0);
            addStatic(ctx, "Pillar-" + i, "obstacle", at, new Vector3f(PILLAR_HALF, 0.5f, PILLAR_HALF));
            pillars.add(PILLARS[i]);
        }
        Geometry targetGeom = new Geometry("Target", new Sphere(12, 16, RADIUS));
        Tags.setColor(Tags.tag(targetGeom, "target"), new ColorRGBA(0.95f, 0.2f, 0.2f, 1f));
        targetGeom.setLocalTranslation(0, RADIUS, 3);
        root.attachChild(targetGeom);
        target = planarBody(new RigidBodyControl(new SphereCollisionShape(RADIUS), 1f));
        target.setRestitution(1f);
        targetGeom.addControl(target);
        ctx.physicsSpace().add(target);

        Node npc = new Node("NPC");
        Geometry body = new Geometry("NPC-body", new Sphere(12, 16, RADIUS));
        Tags.setColor(body, new ColorRGBA(0.2f, 0.85f, 0.3f, 1f));
        Geometry nose = new Geometry("NPC-nose", new Box(0.08f, 0.08f, 0.2f));
        nose.setLocalTranslation(0, 0.1f, RADIUS);
        Tags.setColor(nose, ColorRGBA.White);
        npc.attachChild(body);
        npc.attachChild(nose);
        Tags.tag(npc, "agent");
        npc.setLocalTranslation(0, RADIUS, -3);
        root.attachChild(npc);
        RigidBodyControl npcBody = planarBody(new RigidBodyControl(new SphereCollisionShape(RADIUS), 1f));
        npc.addControl(npcBody);
        ctx.physicsSpace().add(npcBody);
        agent = new ChaseAgent(multiDiscrete, physicsRays, this, npcBody, targetGeom, ctx);
        npc.addControl(agent);
    }

    private static RigidBodyControl planarBody(RigidBodyControl b) {
        b.setFriction(0f);
        b.setLinearFactor(new Vector3f(1, 0, 1));
        b.setAngularFactor(0f);
        b.setDamping(0f, 0f);
        return b;
    }

    private static void addStatic(WorldContext ctx, String name, String tag, Vector3f at, Vector3f half) {
        Geometry g = new Geometry(name, new Box(half.x, half.y, half.z));
        Tags.setColor(Tags.tag(g, tag), tag.equals("wall") ? new ColorRGBA(0.6f, 0.6f, 0.65f, 1f)
                : new ColorRGBA(0.55f, 0.4f, 0.25f, 1f));
        g.setLocalTranslation(at);
        ctx.rootNode().attachChild(g);
        RigidBodyControl b = new RigidBodyControl(new BoxCollisionShape(half), 0f);
        b.setRestitution(1f);
        b.setFriction(0f);
        g.addControl(b);
        ctx.physicsSpace().add(b);
    }

    @Override
    public void reset(SplittableRandom rng) {
        Vector3f p = freeSpot(rng, null);
        target.setPhysicsLocation(p);
        float angle = (float) rng.nextDouble(0, FastMath.TWO_PI);
        target.setLinearVelocity(new Vector3f(FastMath.sin(angle), 0, FastMath.cos(angle)).multLocal(targetSpeed));
        target.setAngularVelocity(Vector3f.ZERO);
        target.activate();
    }

    /** Keeps the target moving at constant speed (collisions change only its direction). */
    @Override
    public void tick(float dt) {
        target.getLinearVelocity(tmp);
        tmp.y = 0;
        float speed = tmp.length();
        if (targetSpeed > 0 && speed > 1e-4f && Math.abs(speed - targetSpeed) > 1e-6f) {
            target.setLinearVelocity(tmp.multLocal(targetSpeed / speed));
        }
    }

    /** A uniform point on the free floor (clear of pillars and walls), at least 4 m from {@code awayFrom}. */
    Vector3f freeSpot(SplittableRandom rng, Vector3f awayFrom) {
        float lim = HALF_ARENA - RADIUS - 0.1f;
        for (int attempt = 0; attempt < 10_000; attempt++) {
            Vector3f p = new Vector3f((float) rng.nextDouble(-lim, lim), RADIUS, (float) rng.nextDouble(-lim, lim));
            boolean free = true;
            for (Vector3f pillar : pillars) {
                if (Math.abs(p.x - pillar.x) < PILLAR_HALF + RADIUS + 0.1f && Math.abs(p.z - pillar.z) < PILLAR_HALF + RADIUS + 0.1f) {
                    free = false;
                    break;
                }
            }
            if (free && (awayFrom == null || p.distance(awayFrom.setY(RADIUS)) >= 4f)) {
                return p;
            }
        }
        throw new IllegalStateException(name() + ": found no free spot in 10,000 draws");
    }

    /** The target's body. */
    RigidBodyControl target() {
        return target;
    }

    /** The NPC's agent. */
    public ChaseAgent agent() {
        return agent;
    }

    @Override
    public String name() {
        return "ChaseWorld(" + (multiDiscrete ? "multi_discrete" : "discrete") + ", obstacles=" + obstacles + ")";
    }
}
