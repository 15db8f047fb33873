package io.github.jmegym.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jme3.app.SimpleApplication;
import com.jme3.scene.Node;
import com.jme3.scene.Spatial;
import com.jme3.system.AppSettings;
import com.jme3.system.JmeContext;
import io.github.jmegym.engine.app.DecisionLoop;
import io.github.jmegym.engine.app.SimulationAppState;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
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
    void simulationAppStateRunsOnTickWithTheFixedStepInAnApplication() throws Exception {
        DtRecorder agent = new DtRecorder();
        try (WorldSimulation sim = new WorldSimulation(TestWorlds.withAgents(agent), SimulationConfig.defaults())) {
            sim.reset(1L);
            agent.dts.clear();
            Throwable failure = runHeadless(sim, 5, app -> app.getViewPort().attachScene(sim.rootNode()));
            assertNull(failure, () -> "the app failed: " + failure);
            assertEquals(5 * SimulationConfig.defaults().ticksPerDecision(), agent.dts.size());
            assertTrue(agent.dts.stream().allMatch(dt -> dt == DT), "fixed steps: " + agent.dts);
        }
    }

    @Test
    @Timeout(60)
    void attachingTheWorldRootToTheApplicationsRootNodeFailsTheApplication() throws Exception {
        DtRecorder agent = new DtRecorder();
        try (WorldSimulation sim = new WorldSimulation(TestWorlds.withAgents(agent), SimulationConfig.defaults())) {
            sim.reset(1L);
            agent.dts.clear();
            Throwable failure = runHeadless(sim, 5, app -> app.getRootNode().attachChild(sim.rootNode()));
            assertTrue(failure instanceof IllegalStateException, "expected the attach to throw, got " + failure);
            assertMentions(failure, "TestWorld-root", "'Root Node'", "viewPort.attachScene");
            assertTrue(agent.dts.stream().allMatch(dt -> dt == DT), "no wall-clock tick ran: " + agent.dts);
        }
    }

    /** Runs a headless application driving {@code sim} for {@code decisions}; returns its failure or null. */
    private static Throwable runHeadless(WorldSimulation sim, int decisions, Consumer<SimpleApplication> init)
            throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        DecisionLoop loop = new DecisionLoop() {
            @Override
            public void beforeDecision(WorldSimulation s, long index) {
                s.applyAction(0, 1, "test");
            }

            @Override
            public boolean afterDecision(WorldSimulation s, long index) {
                return index + 1 < decisions;
            }
        };
        SimulationAppState state = new SimulationAppState(sim, loop, 0, 1000);
        SimpleApplication app = new SimpleApplication(state) {
            @Override
            public void simpleInitApp() {
                init.accept(this);
            }

            @Override
            public void simpleUpdate(float tpf) {
                if (state.finished()) {
                    done.countDown();
                }
            }

            @Override
            public void handleError(String errMsg, Throwable t) {
                failure.set(t == null ? new IllegalStateException(errMsg) : t);
                done.countDown();
            }
        };
        AppSettings s = new AppSettings(true);
        s.setFrameRate(1000);
        s.setAudioRenderer(null);
        app.setSettings(s);
        app.setShowSettings(false);
        app.start(JmeContext.Type.Headless);
        try {
            assertTrue(done.await(30, TimeUnit.SECONDS), "the application did not finish");
        } finally {
            app.stop(failure.get() == null);
        }
        return failure.get();
    }
}
