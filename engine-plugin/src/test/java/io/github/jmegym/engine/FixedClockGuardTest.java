package io.github.jmegym.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jme3.scene.Node;
import com.jme3.scene.Spatial;
import io.github.jmegym.engine.app.DecisionLoop;
import io.github.jmegym.engine.app.SimulationAppState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A simulated world is only ever ticked by its simulation: attaching its root under another node, updating the root
 * from elsewhere, or updating the NPC under a foreign node throws, naming the node and the fix; the simulation's own
 * paths (direct ticks and a {@link SimulationAppState}) run every {@code onTick} with the fixed time step.
 */
class FixedClockGuardTest {
    private static final float DT = SimulationConfig.defaults().physicsDt();

    /** Records the time step of every {@code onTick}. */
    static final class DtRecorder extends TestWorlds.CountingAgent {
        final List<Float> dts = new CopyOnWriteArrayList<>();

        DtRecorder() {
            super("recorder", 1, 1);
        }

        @Override
        protected void onTick(float dt) {
            dts.add(dt);
        }
    }

    private static void assertMentions(Throwable e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message should mention '" + p + "': " + e.getMessage());
        }
    }

    @Test
    @Timeout(30)
    void attachingTheWorldRootUnderAnotherNodeThrowsNamingTheNodeAndTheFix() {
        try (WorldSimulation sim = new WorldSimulation(TestWorlds.withAgents(new DtRecorder()), SimulationConfig.defaults())) {
            Node appRoot = new Node("Root Node");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> appRoot.attachChild(sim.rootNode()));
            assertMentions(e, "TestWorld-root", "'Root Node'", "wall-clock", "viewPort.attachScene(sim.rootNode())",
                    "SimulationAppState");
            assertNull(sim.rootNode().getParent(), "the root stays parentless");
            assertEquals(0, appRoot.getQuantity(), "and is not among the node's children");
        }
    }

    @Test
    @Timeout(30)
    void updatingTheWorldRootOutsideTheTickThrowsOnAnyThread() {
        try (WorldSimulation sim = new WorldSimulation(TestWorlds.withAgents(new DtRecorder()), SimulationConfig.defaults())) {
            IllegalStateException here = assertThrows(IllegalStateException.class,
                    () -> sim.rootNode().updateLogicalState(0.4f));
            assertMentions(here, "updateLogicalState(0.4)", "TestWorld-root", Thread.currentThread().getName(),
                    "viewPort.attachScene");
            IllegalStateException onWorldThread = assertThrows(IllegalStateException.class,
                    () -> sim.run(() -> sim.rootNode().updateLogicalState(0.4f)));
            assertMentions(onWorldThread, "jmegym-world-", "outside the simulation's fixed tick");
        }
    }

    @Test
    @Timeout(30)
    void npcMovedUnderAnotherNodeThrowsWhenThatNodeUpdates() {
        DtRecorder agent = new DtRecorder();
        try (WorldSimulation sim = new WorldSimulation(TestWorlds.withAgents(agent), SimulationConfig.defaults())) {
            Node appRoot = new Node("Root Node");
            Spatial npc = agent.getSpatial();
            sim.run(() -> appRoot.attachChild(npc));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> appRoot.updateLogicalState(0.4f));
            assertMentions(e, "agent 'recorder' on spatial 'NPC-0'", "tpf=0.4", "under node 'Root Node'",
                    "viewPort.attachScene", "SimulationAppState");
            assertTrue(agent.dts.stream().allMatch(dt -> dt == 0f || dt == DT), "no wall-clock tick ran: " + agent.dts);
        }
    }

    @Test
    @Timeout(30)
    void directTicksRunOnTickWithTheFixedStep() {
        DtRecorder agent = new DtRecorder();
        try (WorldSimulation sim = new WorldSimulation(TestWorlds.withAgents(agent), SimulationConfig.defaults())) {
            sim.reset(1L);
            agent.dts.clear();
            sim.advance();
            sim.tick();
            assertEquals(SimulationConfig.defaults().ticksPerDecision() + 1, agent.dts.size());
            assertTrue(agent.dts.stream().allMatch(dt -> dt == DT), "fixed steps: " + agent.dts);
        }
    }

    @Test
    @Timeout(60)
    void simulationAppStateRunsOnTickWithTheFixedStepInAnApplication() {
        DtRecorder agent = new DtRecorder();
        try (WorldSimulation sim = new WorldSimulation(TestWorlds.withAgents(agent), SimulationConfig.defaults())) {
            sim.reset(1L);
            agent.dts.clear();
            SimulationAppState.runHeadless(sim, loopOf(5), 0, app -> app.getViewPort().attachScene(sim.rootNode()),
                    Duration.ofSeconds(30));
            assertEquals(5 * SimulationConfig.defaults().ticksPerDecision(), agent.dts.size());
            assertTrue(agent.dts.stream().allMatch(dt -> dt == DT), "fixed steps: " + agent.dts);
        }
    }

    @Test
    @Timeout(60)
    void attachingTheWorldRootToTheApplicationsRootNodeFailsTheApplication() {
        DtRecorder agent = new DtRecorder();
        try (WorldSimulation sim = new WorldSimulation(TestWorlds.withAgents(agent), SimulationConfig.defaults())) {
            sim.reset(1L);
            agent.dts.clear();
            IllegalStateException run = assertThrows(IllegalStateException.class, () -> SimulationAppState.runHeadless(sim,
                    loopOf(5), 0, app -> app.getRootNode().attachChild(sim.rootNode()), Duration.ofSeconds(30)));
            Throwable failure = run.getCause();
            assertTrue(failure instanceof IllegalStateException, "expected the attach to throw, got " + failure);
            assertMentions(failure, "TestWorld-root", "'Root Node'", "viewPort.attachScene");
            assertTrue(agent.dts.stream().allMatch(dt -> dt == DT), "no wall-clock tick ran: " + agent.dts);
        }
    }

    /** Pushes action 1 for {@code decisions} decisions, then stops. */
    private static DecisionLoop loopOf(int decisions) {
        return new DecisionLoop() {
            @Override
            public void beforeDecision(WorldSimulation s, long index) {
                s.applyAction(0, 1, "test");
            }

            @Override
            public boolean afterDecision(WorldSimulation s, long index) {
                return index + 1 < decisions;
            }
        };
    }
}
