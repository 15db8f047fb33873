package io.github.jmegym.engine.worlds;

import com.jme3.bullet.control.RigidBodyControl;
import com.jme3.math.FastMath;
import com.jme3.math.Quaternion;
import com.jme3.math.Vector3f;
import com.jme3.scene.Spatial;
import io.github.jmegym.engine.AgentControl;
import io.github.jmegym.engine.HumanInput;
import io.github.jmegym.engine.Observations;
import io.github.jmegym.engine.WorldContext;
import io.github.jmegym.engine.sensors.PhysicsRayCaster;
import io.github.jmegym.engine.sensors.RayCaster;
import io.github.jmegym.engine.sensors.RayPerceptionSensor;
import io.github.jmegym.engine.sensors.SceneGraphRayCaster;
import io.github.jmegym.engine.sensors.SelfStateSensor;
import io.github.jmegym.engine.sensors.TaggedObjectsSensor;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.DType;
import io.github.jmegym.envs.spaces.Discrete;
import io.github.jmegym.envs.spaces.MultiDiscrete;
import io.github.jmegym.envs.spaces.Space;
import java.util.List;
import java.util.SplittableRandom;

/** The NPC of {@link ChaseWorld}: moves (and turns) to reach the moving target (see the world for the MDP). */
public final class ChaseAgent extends AgentControl<Object> {
    /** The NPC's speed, m/s. */
    public static final float SPEED = 3f;
    /** The NPC's turn rate, radians per second. */
    public static final float TURN_RATE = FastMath.PI;
    /** Centre distance at which the target counts as reached, metres. */
    public static final float REACH = 1f;
    /** Tags the rays tell apart, in one-hot order. */
    public static final List<String> RAY_TAGS = List.of("wall", "obstacle", "target");
    /** Number of rays. */
    public static final int RAYS = 8;
    /** Range of the rays, metres. */
    public static final float RAY_RANGE = 8f;
    private static final int OBS = RAYS * (RAY_TAGS.size() + 1) + 7 + 8;
    // local move directions of actions 0..4: stay, forward (+Z), back (-Z), +X, -X; turn 1 turns towards +X
    private static final float[][] MOVES = {{0, 0}, {0, 1}, {0, -1}, {1, 0}, {-1, 0}};

    private final boolean multiDiscrete;
    private final boolean physicsRays;
    private final ChaseWorld world;
    private final RigidBodyControl body;
    private final Spatial target;
    private final WorldContext ctx;
    private RayPerceptionSensor rays;
    private TaggedObjectsSensor targetSensor;
    private SelfStateSensor selfSensor;
    private int move;
    private int turn;
    private float heading;
    private float lastDistance;

    ChaseAgent(boolean multiDiscrete, boolean physicsRays, ChaseWorld world, RigidBodyControl body, Spatial target,
               WorldContext ctx) {
        super("chaser", new Box(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, new int[] {OBS}, DType.FLOAT32),
                actionSpace(multiDiscrete));
        this.multiDiscrete = multiDiscrete;
        this.physicsRays = physicsRays;
        this.world = world;
        this.body = body;
        this.target = target;
        this.ctx = ctx;
    }

    @SuppressWarnings("unchecked")
    private static Space<Object> actionSpace(boolean multiDiscrete) {
        Space<?> s = multiDiscrete ? new MultiDiscrete(new int[] {5, 3}) : new Discrete(5);
        return (Space<Object>) s;
    }

    @Override
    public void setSpatial(Spatial spatial) {
        super.setSpatial(spatial);
        if (spatial != null) {
            RayCaster caster = physicsRays ? new PhysicsRayCaster(ctx.physicsSpace(), body)
                    : new SceneGraphRayCaster(ctx.rootNode(), spatial);
            rays = new RayPerceptionSensor(spatial, caster, RAYS, 360f, RAY_RANGE, 0f, RAY_TAGS);
            targetSensor = new TaggedObjectsSensor(spatial, ctx.rootNode(), "target", 1, ChaseWorld.HALF_ARENA,
                    SPEED, true);
            selfSensor = new SelfStateSensor(spatial, Vector3f.ZERO, ChaseWorld.HALF_ARENA, SPEED);
        }
    }

    @Override
    protected void onEpisodeBegin(SplittableRandom rng) {
        Vector3f at = world.freeSpot(rng, world.target().getPhysicsLocation(null));
        heading = multiDiscrete ? (float) rng.nextDouble(-FastMath.PI, FastMath.PI) : 0f;
        body.setPhysicsLocation(at);
        body.setPhysicsRotation(new Quaternion().fromAngles(0, heading, 0));
        body.setLinearVelocity(Vector3f.ZERO);
        body.activate();
        move = 0;
        turn = 0;
        lastDistance = distance();
        putInfo("is_success", false);
    }

    @Override
    protected void collectObservations(Observations obs) {
        rays.observe(obs);
        targetSensor.observe(obs);
        selfSensor.observe(obs);
    }

    @Override
    protected void onAction(Object action) {
        if (action instanceof int[] a) {
            move = a[0];
            turn = a[1];
        } else {
            move = (Integer) action;
            turn = 0;
        }
        addReward(-0.01);
        putInfo("is_success", false);
    }

    @Override
    protected void onTick(float dt) {
        if (dt <= 0 || episodeEnded()) {
            return;
        }
        if (turn != 0) {
            heading += (turn == 1 ? 1 : -1) * TURN_RATE * dt;
            heading = FastMath.normalize(heading, -FastMath.PI, FastMath.PI);
            body.setPhysicsRotation(new Quaternion().fromAngles(0, heading, 0));
        }
        float lx = MOVES[move][0];
        float lz = MOVES[move][1];
        float cos = FastMath.cos(heading);
        float sin = FastMath.sin(heading);
        // rotation about +Y by heading maps local (x, z) to world (x cos + z sin, -x sin + z cos)
        body.setLinearVelocity(new Vector3f(lx * cos + lz * sin, 0, -lx * sin + lz * cos).multLocal(SPEED));
        body.activate();
        float d = distance();
        addReward(0.2 * (lastDistance - d));
        lastDistance = d;
        if (d < REACH) {
            addReward(1.0);
            putInfo("is_success", true);
            endEpisode();
        }
    }

    private float distance() {
        Vector3f a = body.getPhysicsLocation(null);
        Vector3f b = world.target().getPhysicsLocation(null);
        a.y = 0;
        b.y = 0;
        return a.distance(b);
    }

    /**
     * The keys as an action: arrows/WASD move (up = forward, left = local +X, which the play camera shows on the
     * left), Q/E turn with {@code multi_discrete}.
     */
    private Object keyboard() {
        HumanInput in = humanInput();
        int forward = in.axis(HumanInput.Key.DOWN, HumanInput.Key.UP);
        int side = in.axis(HumanInput.Key.RIGHT, HumanInput.Key.LEFT);
        int m = forward > 0 ? 1 : forward < 0 ? 2 : side > 0 ? 3 : side < 0 ? 4 : 0;
        if (!multiDiscrete) {
            return m;
        }
        int t = in.axis(HumanInput.Key.TURN_RIGHT, HumanInput.Key.TURN_LEFT);
        return new int[] {m, t > 0 ? 1 : t < 0 ? 2 : 0};
    }

    /**
     * A scripted chaser (when no human holds the keys): takes the move (and turn) whose direction points most nearly at the target, skipping
     * moves blocked by a wall or pillar closer than 0.9 m along that ray.
     */
    @Override
    public Object heuristic(double[] o) {
        if (humanInput().active()) {
            return keyboard();
        }
        int targetAt = RAYS * (RAY_TAGS.size() + 1);
        double tx = o[targetAt + 1];
        double tz = o[targetAt + 3];
        int best = 0;
        double bestScore = -1e9;
        for (int m = 1; m < MOVES.length; m++) {
            double score = MOVES[m][0] * tx + MOVES[m][1] * tz;
            if (blocked(o, m)) {
                score -= 10;
            }
            if (score > bestScore) {
                bestScore = score;
                best = m;
            }
        }
        if (!multiDiscrete) {
            return best;
        }
        int turnTo = Math.abs(tx) < 0.05 ? 0 : (tx > 0 ? 1 : 2);
        return new int[] {best, turnTo};
    }

    /** Whether the ray in the direction of move {@code m} hits a wall or pillar within 0.9 m. */
    private static boolean blocked(double[] o, int m) {
        // rays are spread over 360 degrees from -180: ray i points at angle -180 + 45 i (0 = forward, +90 = right)
        int ray = switch (m) {
            case 1 -> 4;
            case 2 -> 0;
            case 3 -> 6;
            default -> 2;
        };
        int at = ray * (RAY_TAGS.size() + 1);
        boolean solid = o[at] > 0.5 || o[at + 1] > 0.5;
        return solid && o[at + RAY_TAGS.size()] * RAY_RANGE < 0.9;
    }
}
