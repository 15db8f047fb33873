package io.github.jmegym.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.jme3.bullet.collision.shapes.SphereCollisionShape;
import com.jme3.bullet.control.RigidBodyControl;
import com.jme3.math.Vector3f;
import com.jme3.scene.Node;
import com.jme3.scene.Spatial;
import io.github.jmegym.engine.example.CoinCollector;
import io.github.jmegym.engine.sensors.SelfStateSensor;
import io.github.jmegym.engine.sensors.TaggedObjectsSensor;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.DType;
import io.github.jmegym.envs.spaces.Discrete;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link SelfStateSensor} and {@link TaggedObjectsSensor} read the velocity of any spatial: moved by hand (from
 * the position change over the fixed tick), kinematically, or by the physics (its body's velocity), and 0 right
 * after a reset instead of the jump to the start state.
 */
class SensorVelocityTest {
    private static final double EPS = 1e-4;
    private static final float SPEED = 3f;

    /** An agent on a spatial; observes its own state (8) and the nearest "post" (7), velocity scale 1. */
    static final class Watcher extends AgentControl<Integer> {
        private final Spatial post;
        private SelfStateSensor self;
        private TaggedObjectsSensor posts;

        Watcher(Spatial post) {
            super("watcher", new Box(-100, 100, new int[] {15}, DType.FLOAT32), new Discrete(1));
            this.post = post;
        }

        @Override
        public void setSpatial(Spatial s) {
            super.setSpatial(s);
            if (s != null) {
                self = new SelfStateSensor(s, Vector3f.ZERO, 1f, 1f);
                posts = new TaggedObjectsSensor(s, post.getParent(), "post", 1, 100f, 1f, false);
            }
        }

        @Override
        protected void collectObservations(Observations obs) {
            self.observe(obs);
            posts.observe(obs);
        }

        @Override
        protected void onAction(Integer action) {
        }
    }

    /** The watcher's node slides along +X at {@link #SPEED} m/s, moved by hand in {@code tick}; a reset puts it at x = -5. */
    static final class SlidingWorld implements GameWorld {
        Node mover;

        @Override
        public void build(WorldContext ctx) {
            Node post = Tags.tag(new Node("Post"), "post");
            post.setLocalTranslation(0, 0, 20);
            ctx.rootNode().attachChild(post);
            mover = new Node("Mover");
            ctx.rootNode().attachChild(mover);
            mover.addControl(new Watcher(post));
        }

        @Override
        public void reset(SplittableRandom rng) {
            mover.setLocalTranslation(-5, 0, 0);
        }

        @Override
        public void tick(float dt) {
            mover.move(SPEED * dt, 0, 0);
        }
    }

    private static double[] velocity(double[] obs, int from) {
        return Arrays.copyOfRange(obs, from, from + 3);
    }

    @Test
    @Timeout(30)
    void spatialMovedByHandReadsItsSpeedInBothSensors() {
        try (WorldSimulation sim = new WorldSimulation(new SlidingWorld(), SimulationConfig.defaults())) {
            sim.reset(0L);
            sim.advance();
            double[] obs = sim.observe(0, "test");
            assertArrayEquals(new double[] {SPEED, 0, 0}, velocity(obs, 3), EPS, "own velocity: " + Arrays.toString(obs));
            // the still post, relative to the moving agent
            assertEquals(1.0, obs[8]);
            assertArrayEquals(new double[] {-SPEED, 0, 0}, velocity(obs, 12), EPS, "post's relative velocity");
        }
    }

    @Test
    @Timeout(30)
    void velocityIsZeroRightAfterAResetThatMovedTheSpatial() {
        try (WorldSimulation sim = new WorldSimulation(new SlidingWorld(), SimulationConfig.defaults())) {
            sim.reset(0L);
            assertArrayEquals(new double[] {0, 0, 0}, velocity(sim.observe(0, "test"), 3), "first episode");
            for (int d = 0; d < 10; d++) {
                sim.advance();
            }
            sim.reset(null); // jumps back to x = -5
            double[] obs = sim.observe(0, "test");
            assertEquals(-5, obs[0], EPS);
            assertArrayEquals(new double[] {0, 0, 0}, velocity(obs, 3), "after the reset: not the jump");
            assertArrayEquals(new double[] {0, 0, 0}, velocity(obs, 12), "the post's relative velocity too");
            sim.tick();
            assertArrayEquals(new double[] {SPEED, 0, 0}, velocity(sim.observe(0, "test"), 3), EPS, "one tick later");
        }
    }

    @Test
    @Timeout(30)
    void agentResetZeroesOnlyTheSpatialsItMoved() {
        try (WorldSimulation sim = new WorldSimulation(new SlidingWorld(), SimulationConfig.defaults())) {
            sim.reset(0L);
            sim.advance();
            sim.resetAgent(0, null); // the watcher's own reset moves nothing: the slide goes on
            assertArrayEquals(new double[] {SPEED, 0, 0}, velocity(sim.observe(0, "test"), 3), EPS);
        }
    }

    @Test
    @Timeout(30)
    void kinematicReadmeCollectorSeesTheCoinMoveRelativeToIt() {
        try (WorldSimulation sim = new WorldSimulation(new CoinCollector.CoinWorld(), SimulationConfig.defaults())) {
            sim.reset(3L);
            sim.applyAction(0, 3, "test"); // east at 2 m/s
            sim.advance();
            double[] obs = sim.observe(0, "test");
            // presence, position / 5 m, the still coin's velocity relative to the walking guard
            assertArrayEquals(new double[] {-2, 0, 0}, velocity(obs, 4), EPS, Arrays.toString(obs));
        }
    }

    /** A dynamic ball launched at 2 m/s along +Z in its episode start, without gravity. */
    static final class BallWorld implements GameWorld {
        RigidBodyControl body;

        @Override
        public void build(WorldContext ctx) {
            Node post = Tags.tag(new Node("Post"), "post");
            ctx.rootNode().attachChild(post);
            Node ball = new Node("Ball");
            ctx.rootNode().attachChild(ball);
            body = new RigidBodyControl(new SphereCollisionShape(0.5f), 1f);
            ball.addControl(body);
            ctx.physicsSpace().add(body);
            body.setGravity(new Vector3f());
            ball.addControl(new Watcher(post));
        }

        @Override
        public void reset(SplittableRandom rng) {
            body.setPhysicsLocation(new Vector3f());
            body.setLinearVelocity(new Vector3f(0, 0, 2));
            body.setAngularVelocity(new Vector3f());
        }
    }

    @Test
    @Timeout(30)
    void dynamicRigidBodyReadsItsPhysicsVelocityEvenRightAfterAReset() {
        BallWorld w = new BallWorld();
        try (WorldSimulation sim = new WorldSimulation(w, SimulationConfig.defaults())) {
            sim.reset(0L);
            // the physics velocity, not a position history (which would read 0 here)
            assertArrayEquals(new double[] {0, 0, 2}, velocity(sim.observe(0, "test"), 3), EPS);
            sim.advance();
            double[] obs = sim.observe(0, "test");
            Vector3f v = sim.call(() -> w.body.getLinearVelocity(null));
            assertArrayEquals(new double[] {v.x, v.y, v.z}, velocity(obs, 3), 1e-6);
            assertArrayEquals(new double[] {-v.x, -v.y, -v.z}, velocity(obs, 12), 1e-6);
        }
    }
}
