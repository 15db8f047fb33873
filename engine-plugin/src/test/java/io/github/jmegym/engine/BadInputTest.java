package io.github.jmegym.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.engine.TestWorlds.CountingAgent;
import io.github.jmegym.engine.worlds.EngineEnvs;
import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.EnvSpec;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.DType;
import io.github.jmegym.envs.spaces.Discrete;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad scenes, bad agents and bad actions fail with messages naming the agent and the spatial. */
class BadInputTest {
    private static final EnvSpec SPEC = EnvSpec.of("Test-v0", 50, null);

    private static void assertMentions(Exception e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message should mention '" + p + "': " + e.getMessage());
        }
    }

    @Test
    void sceneWithoutAnAgentIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WorldEnv<>(SPEC, TestWorlds.withAgents(), SimulationConfig.defaults()));
        assertMentions(e, "Test-v0", "TestWorld", "has no agent", "addControl");
        assertThrows(IllegalArgumentException.class, () -> new MultiAgentVectorEnv<>(SPEC, TestWorlds.withAgents(),
                SimulationConfig.defaults(), AutoresetMode.NEXT_STEP));
    }

    @Test
    void observationOfTheWrongLengthNamesTheAgentAndItsSpatial() {
        try (WorldEnv<Integer> env = new WorldEnv<>(SPEC, TestWorlds.withAgents(new CountingAgent("guard", 3, 2)),
                SimulationConfig.defaults())) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> env.reset(0L));
            assertMentions(e, "agent 'guard' on spatial 'NPC-0'", "wrote 2 values", "has 3");
        }
    }

    @Test
    void actionOfTheWrongShapeNamesTheAgentAndItsSpatialAndChangesNothing() {
        try (WorldEnv<Integer> env = new WorldEnv<>(SPEC, TestWorlds.withAgents(new CountingAgent("guard", 1, 1)),
                SimulationConfig.defaults())) {
            env.reset(0L);
            Env<double[], Object> raw = cast(env);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> raw.step(new int[] {1, 2}));
            assertMentions(e, "step(action) of Test-v0", "agent 'guard' on spatial 'NPC-0'", "Discrete(3)");
            assertThrows(IllegalArgumentException.class, () -> raw.step(7));
            assertArrayEquals(new double[] {1}, env.step(2).observation());
        }
    }

    @SuppressWarnings("unchecked")
    private static Env<double[], Object> cast(Env<double[], ?> env) {
        return (Env<double[], Object>) env;
    }

    @Test
    void wrongShapedActionsForTheShippedWorldsNameTheirAgents() {
        try (Env<double[], Object> env = Envs.make("BallBalance-v0")) {
            env.reset(0L);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.step(new double[] {0.1}));
            assertMentions(e, "BallBalance-v0", "agent 'balancer-0' on spatial 'Platform-0'", "expected 2 values");
        }
        try (Env<double[], Object> env = Envs.make("Chase-v0", Map.of("action_type", "multi_discrete"))) {
            env.reset(0L);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.step(2));
            assertMentions(e, "Chase-v0", "agent 'chaser' on spatial 'NPC'");
        }
    }

    @Test
    void twoAgentsInASingleEnvPointToTheVectorEnv() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new WorldEnv<>(SPEC,
                TestWorlds.withAgents(new CountingAgent("a", 1, 1), new CountingAgent("b", 1, 1)), SimulationConfig.defaults()));
        assertMentions(e, "has 2 agents", "agent 'a' on spatial 'NPC-0'", "MultiAgentVectorEnv");
    }

    @Test
    void agentsWithDifferentSpacesCannotShareAPolicy() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MultiAgentVectorEnv<>(SPEC,
                TestWorlds.withAgents(new CountingAgent("a", 1, 1), new CountingAgent("b", 2, 2)),
                SimulationConfig.defaults(), null));
        assertMentions(e, "agent 'b' on spatial 'NPC-1'", "agent 'a' on spatial 'NPC-0'", "equal spaces");
    }

    @Test
    void twoAgentsWithOneNameAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MultiAgentVectorEnv<>(SPEC,
                TestWorlds.withAgents(new CountingAgent("twin", 1, 1), new CountingAgent("twin", 1, 1)),
                SimulationConfig.defaults(), null));
        assertMentions(e, "two agents are named 'twin'");
    }

    @Test
    void agentConstructorRejectsNonFlatSpacesAndEmptyNames() {
        assertThrows(IllegalArgumentException.class, () -> new AgentControl<Integer>("", Box.of(new double[1], new double[1]),
                new Discrete(2)) {
            @Override
            protected void collectObservations(Observations obs) {
            }

            @Override
            protected void onAction(Integer action) {
            }
        });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AgentControl<Integer>("grid",
                new Box(0, 1, new int[] {2, 2}, DType.FLOAT32), new Discrete(2)) {
            @Override
            protected void collectObservations(Observations obs) {
            }

            @Override
            protected void onAction(Integer action) {
            }
        });
        assertMentions(e, "'grid'", "flat Box");
    }

    @Test
    void unknownOrInvalidKwargsNameTheKeyAndTheEnv() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Envs.make("Chase-v0", Map.of("action_typ", "discrete")));
        assertMentions(e, "make(Chase-v0)", "action_typ");
        e = assertThrows(IllegalArgumentException.class, () -> Envs.make("Chase-v0", Map.of("action_type", "joystick")));
        assertMentions(e, "action_type='joystick'", "multi_discrete");
        e = assertThrows(IllegalArgumentException.class, () -> Envs.make("Chase-v0", Map.of("obstacles", 9)));
        assertMentions(e, "obstacles=9");
        e = assertThrows(IllegalArgumentException.class, () -> Envs.make("BallBalance-v0", Map.of("platforms", 4)));
        assertMentions(e, "platforms");
        e = assertThrows(IllegalArgumentException.class, () -> Envs.make("BallBalance-v0", Map.of("agents", 4)));
        assertMentions(e, "make(BallBalance-v0): agents=4", "makeVec");
        e = assertThrows(IllegalArgumentException.class, () -> Envs.makeVec("Chase-v0", 4,
                io.github.jmegym.envs.vector.VectorMode.SYNC, null, Map.of("agents", 4)));
        assertMentions(e, "makeVec(Chase-v0): agents=4", "one agent per scene", "BallBalance-v0");
    }

    @Test
    void heuristicModeWithoutAHeuristicSaysWhatToOverride() {
        CountingAgent agent = new CountingAgent("plain", 1, 1);
        try (WorldSimulation sim = new WorldSimulation(TestWorlds.withAgents(agent), SimulationConfig.defaults())) {
            sim.reset(0L);
            IllegalStateException ext = assertThrows(IllegalStateException.class, () -> sim.decideAndApply(0, "test"));
            assertMentions(ext, "agent 'plain' on spatial 'NPC-0'", "EXTERNAL");
            agent.setMode(AgentMode.HEURISTIC);
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> sim.decideAndApply(0, "test"));
            assertMentions(e, "agent 'plain' on spatial 'NPC-0'", "override heuristic");
            assertThrows(IllegalStateException.class, () -> agent.setMode(AgentMode.INFERENCE));
            agent.setPolicy(obs -> 2);
            assertEquals(2, sim.decideAndApply(0, "test").action());
        }
    }
}
