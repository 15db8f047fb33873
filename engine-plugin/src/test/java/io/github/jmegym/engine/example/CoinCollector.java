package io.github.jmegym.engine.example;

import com.jme3.math.ColorRGBA;
import com.jme3.math.FastMath;
import com.jme3.math.Vector3f;
import com.jme3.scene.Geometry;
import com.jme3.scene.Node;
import com.jme3.scene.Spatial;
import com.jme3.scene.shape.Sphere;
import io.github.jmegym.engine.AgentControl;
import io.github.jmegym.engine.GameWorld;
import io.github.jmegym.engine.Observations;
import io.github.jmegym.engine.Tags;
import io.github.jmegym.engine.WorldContext;
import io.github.jmegym.engine.sensors.TaggedObjectsSensor;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.DType;
import io.github.jmegym.envs.spaces.Discrete;
import java.util.SplittableRandom;

/** A guard NPC walks to a coin on a 10 x 10 m floor: docs/engine-worlds.md's walk-through, without physics. */
public final class CoinCollector {
    private CoinCollector() {
    }

    /** Step 1: the component on the NPC. Observation: the coin relative to the NPC; actions: stay, N, S, E, W. */
    public static final class CollectorAgent extends AgentControl<Integer> {
        private static final Vector3f[] MOVES = {
            Vector3f.ZERO, Vector3f.UNIT_Z, Vector3f.UNIT_Z.negate(), Vector3f.UNIT_X, Vector3f.UNIT_X.negate()};
        private final Spatial coin;
        private TaggedObjectsSensor coinSensor;
        private Vector3f velocity = Vector3f.ZERO;

        /** @param coin the coin to collect */
        public CollectorAgent(Spatial coin) {
            super("collector", new Box(-10, 10, new int[] {7}, DType.FLOAT32), new Discrete(5));
            this.coin = coin;
        }

        @Override
        public void setSpatial(Spatial npc) {
            super.setSpatial(npc);
            if (npc != null) {
                coinSensor = new TaggedObjectsSensor(npc, coin.getParent(), "coin", 1, 5f, 1f, false);
            }
        }

        @Override
        protected void onEpisodeBegin(SplittableRandom rng) {
            spatial.setLocalTranslation((float) rng.nextDouble(-4, 4), 0, (float) rng.nextDouble(-4, 4));
            coin.setLocalTranslation((float) rng.nextDouble(-4, 4), 0, (float) rng.nextDouble(-4, 4));
            velocity = Vector3f.ZERO;
        }

        // the three methods

        @Override
        protected void collectObservations(Observations obs) {
            coinSensor.observe(obs); // presence, relative position / 5 m, relative velocity
        }

        @Override
        protected void onAction(Integer action) {
            velocity = MOVES[action].mult(2f); // 2 m/s
            addReward(-0.01); // hurry up
        }

        @Override
        public Integer heuristic(double[] obs) {
            double dx = obs[1];
            double dz = obs[3];
            if (Math.abs(dx) > Math.abs(dz)) {
                return dx > 0 ? 3 : 4;
            }
            return dz > 0 ? 1 : 2;
        }

        /** Moves the NPC on every fixed tick; reaching the coin ends the episode. */
        @Override
        protected void onTick(float dt) {
            if (dt <= 0 || episodeEnded()) {
                return;
            }
            float before = spatial.getLocalTranslation().distance(coin.getLocalTranslation());
            Vector3f p = spatial.getLocalTranslation().add(velocity.mult(dt));
            p.x = FastMath.clamp(p.x, -5, 5);
            p.z = FastMath.clamp(p.z, -5, 5);
            spatial.setLocalTranslation(p);
            float after = p.distance(coin.getLocalTranslation());
            addReward(0.1 * (before - after)); // shaping: progress towards the coin
            if (after < 0.5f) {
                addReward(1.0);
                putInfo("is_success", true);
                endEpisode();
            }
        }
    }

    /** Step 2: the world factory. Builds the scene once; the agent resets its own part each episode. */
    public static final class CoinWorld implements GameWorld {
        @Override
        public void build(WorldContext ctx) {
            Node root = ctx.rootNode();
            root.attachChild(Tags.setColor(new Geometry("Floor", new com.jme3.scene.shape.Box(5, 0.05f, 5)),
                    ColorRGBA.DarkGray).move(0, -0.3f, 0));
            Geometry coin = Tags.setColor(Tags.tag(new Geometry("Coin", new Sphere(8, 12, 0.2f)), "coin"), ColorRGBA.Yellow);
            root.attachChild(coin);
            Node guard = new Node("Guard");
            guard.attachChild(Tags.setColor(new Geometry("Guard-body", new com.jme3.scene.shape.Box(0.25f, 0.25f, 0.25f)),
                    ColorRGBA.Blue));
            root.attachChild(guard);
            guard.addControl(new CollectorAgent(coin)); // the one line that makes the NPC an agent
        }
    }
}
