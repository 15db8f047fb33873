package io.github.jmegym.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.jme3.bullet.PhysicsSpace;
import com.jme3.bullet.collision.shapes.BoxCollisionShape;
import com.jme3.bullet.collision.shapes.SphereCollisionShape;
import com.jme3.bullet.control.RigidBodyControl;
import com.jme3.math.FastMath;
import com.jme3.math.Quaternion;
import com.jme3.math.Vector3f;
import com.jme3.scene.Geometry;
import com.jme3.scene.Node;
import com.jme3.scene.shape.Box;
import com.jme3.scene.shape.Sphere;
import io.github.jmegym.engine.sensors.PhysicsRayCaster;
import io.github.jmegym.engine.sensors.RayCaster;
import io.github.jmegym.engine.sensors.RayHit;
import io.github.jmegym.engine.sensors.RayPerceptionSensor;
import io.github.jmegym.engine.sensors.SceneGraphRayCaster;
import io.github.jmegym.engine.sensors.SelfStateSensor;
import io.github.jmegym.engine.sensors.TaggedObjectsSensor;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sensors against hand-built scenes: an agent at the origin facing +Z, a wall box whose near face is 4 m ahead
 * (+Z), a target box whose near face is 2 m to the agent's right (+X), nothing behind or to the left.
 */
class SensorsTest {
    private Node root;
    private PhysicsSpace space;
    private Node agent;
    private RigidBodyControl agentBody;

    @BeforeEach
    void buildScene() {
        PhysicsLibrary.load();
        root = new Node("root");
        space = new PhysicsSpace(PhysicsSpace.BroadphaseType.DBVT);
        agent = Tags.tag(new Node("Agent"), "agent");
        agent.attachChild(new Geometry("Agent-body", new Sphere(8, 8, 0.5f)));
        root.attachChild(agent);
        agentBody = new RigidBodyControl(new SphereCollisionShape(0.5f), 0f);
        agent.addControl(agentBody);
        space.add(agentBody);
        addBox("Wall", "wall", new Vector3f(0, 0, 4.5f));
        addBox("Target", "target", new Vector3f(2.5f, 0, 0));
        root.updateLogicalState(0);
        root.updateGeometricState();
    }

    private void addBox(String name, String tag, Vector3f centre) {
        Geometry g = Tags.tag(new Geometry(name, new Box(0.5f, 0.5f, 0.5f)), tag);
        g.setLocalTranslation(centre);
        root.attachChild(g);
        RigidBodyControl b = new RigidBodyControl(new BoxCollisionShape(new Vector3f(0.5f, 0.5f, 0.5f)), 0f);
        g.addControl(b);
        space.add(b);
    }

    @AfterEach
    void destroy() {
        space.destroy();
    }

    static Stream<Arguments> casters() {
        BiFunction<SensorsTest, Void, RayCaster> physics = (t, v) -> new PhysicsRayCaster(t.space, t.agentBody);
        BiFunction<SensorsTest, Void, RayCaster> graph = (t, v) -> new SceneGraphRayCaster(t.root, t.agent);
        return Stream.of(Arguments.of("physics", physics), Arguments.of("scene graph", graph));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("casters")
    void rayHitsTheBoxAtItsKnownDistanceWithItsTag(String name, BiFunction<SensorsTest, Void, RayCaster> make) {
        RayCaster caster = make.apply(this, null);
        RayHit ahead = caster.cast(new Vector3f(), Vector3f.UNIT_Z, 10f);
        assertEquals(4f, ahead.distance(), 1e-3f);
        assertEquals("wall", ahead.tag());
        RayHit right = caster.cast(new Vector3f(), Vector3f.UNIT_X, 10f);
        assertEquals(2f, right.distance(), 1e-3f);
        assertEquals("target", right.tag());
        assertNull(caster.cast(new Vector3f(), Vector3f.UNIT_Z.negate(), 10f), "nothing behind (own body ignored)");
        assertNull(caster.cast(new Vector3f(), Vector3f.UNIT_Z, 3.9f), "the wall is beyond the range");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("casters")
    void rayFanWritesOneHotTagsAndNormalizedDistances(String name, BiFunction<SensorsTest, Void, RayCaster> make) {
        // 4 rays over 360 degrees: back (-180), left (-90), ahead (0), right (+90)
        RayPerceptionSensor rays = new RayPerceptionSensor(agent, make.apply(this, null), 4, 360f, 8f, 0f,
                List.of("wall", "target"));
        assertEquals(12, rays.size());
        Observations obs = new Observations(12);
        rays.observe(obs);
        double[] expected = {
            0, 0, 1.0, // back: no hit
            0, 0, 1.0, // left (-X): no hit
            1, 0, 0.5, // ahead: wall at 4 of 8 m
            0, 1, 0.25, // right (+X): target at 2 of 8 m
        };
        assertArrayEquals(expected, obs.toArray(), 1e-4);
    }

    @Test
    void rayFanTurnsWithTheAgent() {
        agent.setLocalRotation(new Quaternion().fromAngles(0, FastMath.HALF_PI, 0)); // forward is now +X
        root.updateGeometricState();
        RayPerceptionSensor rays = new RayPerceptionSensor(agent, new SceneGraphRayCaster(root, agent), 1, 0f, 8f, 0f,
                List.of("wall", "target"));
        Observations obs = new Observations(3);
        rays.observe(obs);
        assertArrayEquals(new double[] {0, 1, 0.25}, obs.toArray(), 1e-4);
        assertArrayEquals(new float[] {1, 0, 0}, rays.direction(0).toArray(null), 1e-6f);
    }

    @Test
    void taggedObjectIsReportedRelativeToTheAgentInItsFrame() {
        TaggedObjectsSensor world = new TaggedObjectsSensor(agent, root, "target", 2, 2f, 1f, false);
        Observations obs = new Observations(14);
        world.observe(obs);
        // presence, position / 2, velocity (static: 0); the second slot is empty
        assertArrayEquals(new double[] {1, 1.25, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, obs.toArray(), 1e-6);

        agent.setLocalRotation(new Quaternion().fromAngles(0, FastMath.HALF_PI, 0)); // forward is now +X
        root.updateGeometricState();
        TaggedObjectsSensor local = new TaggedObjectsSensor(agent, root, "target", 1, 2f, 1f, true);
        obs.clear();
        local.observe(obs);
        assertArrayEquals(new double[] {1, 0, 0, 1.25, 0, 0, 0}, obs.toArray(), 1e-6);
    }

    @Test
    void velocitiesComeFromRigidBodies() {
        Geometry ball = Tags.tag(new Geometry("Ball", new Sphere(8, 8, 0.2f)), "ball");
        ball.setLocalTranslation(0, 0, -3);
        root.attachChild(ball);
        RigidBodyControl body = new RigidBodyControl(new SphereCollisionShape(0.2f), 1f);
        ball.addControl(body);
        space.add(body);
        body.setGravity(Vector3f.ZERO);
        body.setLinearVelocity(new Vector3f(0, 0, 2));
        TaggedObjectsSensor s = new TaggedObjectsSensor(agent, root, "ball", 1, 1f, 4f, false);
        Observations obs = new Observations(7);
        s.observe(obs);
        assertArrayEquals(new double[] {1, 0, 0, -3, 0, 0, 0.5}, obs.toArray(), 1e-6);

        SelfStateSensor self = new SelfStateSensor(ball, new Vector3f(0, 0, -1), 2f, 4f);
        obs.clear();
        self.observe(obs);
        assertArrayEquals(new double[] {0, 0, -1, 0, 0, 0.5, 0, 1}, obs.toArray(), 1e-6);
    }

    @Test
    void sensorsRejectMeaninglessSettings() {
        RayCaster c = new SceneGraphRayCaster(root, agent);
        assertThrows(IllegalArgumentException.class, () -> new RayPerceptionSensor(agent, c, 0, 90, 5, 0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new RayPerceptionSensor(agent, c, 3, 400, 5, 0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new RayPerceptionSensor(agent, c, 3, 90, 0, 0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new TaggedObjectsSensor(agent, root, "x", 0, 1, 1, true));
    }
}
