package io.github.jmegym.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.engine.HumanInput.Key;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keyboard heuristics drive the NPCs as the keys say (recording what you play: app.PlayerRecordingTest). */
class KeyboardAndRecordingTest {

    private static WorldSimulation world(String id, Map<String, ?> kwargs) {
        return new WorldSimulation(EngineWorlds.of(id).world(kwargs), EngineWorlds.of(id).config(kwargs));
    }

    @Test
    void arrowKeysMoveTheChaserAndQeTurnIt() {
        try (WorldSimulation sim = world("Chase-v0", Map.of("action_type", "multi_discrete", "obstacles", 0))) {
            AgentControl<?> npc = sim.agents().get(0);
            npc.setMode(AgentMode.HEURISTIC);
            HumanInput keys = npc.humanInput();
            keys.setActive(true);
            sim.reset(1L);
            double[] obs = sim.observe(0, "test");
            assertArrayEquals(new int[] {0, 0}, (int[]) npc.heuristic(obs), "no key: stand still");
            keys.set(Key.UP, true);
            keys.set(Key.TURN_LEFT, true);
            assertArrayEquals(new int[] {1, 1}, (int[]) npc.heuristic(obs));
            keys.set(Key.UP, false);
            keys.set(Key.TURN_LEFT, false);
            keys.set(Key.LEFT, true);
            keys.set(Key.TURN_RIGHT, true);
            assertArrayEquals(new int[] {3, 2}, (int[]) npc.heuristic(obs));
            keys.setActive(false);
            assertFalse(keys.isPressed(Key.LEFT), "deactivating releases the keys");
        }
        try (WorldSimulation sim = world("Chase-v0", Map.of("obstacles", 0, "target_speed", 0.0))) {
            AgentControl<?> npc = sim.agents().get(0);
            npc.setMode(AgentMode.HEURISTIC);
            npc.humanInput().setActive(true);
            sim.reset(2L);
            npc.humanInput().set(Key.UP, true);
            float z0 = npc.getSpatial().getWorldTranslation().z;
            for (int t = 0; t < 5; t++) {
                sim.decideAndApply(0, "test");
                sim.advance();
            }
            float moved = npc.getSpatial().getWorldTranslation().z - z0;
            assertTrue(moved > 0.5f || npc.episodeEnded(), "holding up walks the NPC forward (+Z): moved " + moved);
        }
    }

    @Test
    void arrowKeysTiltThePlatform() {
        try (WorldSimulation sim = world("BallBalance-v0", Map.of())) {
            AgentControl<?> agent = sim.agents().get(0);
            agent.humanInput().setActive(true);
            sim.reset(0L);
            double[] obs = sim.observe(0, "test");
            agent.humanInput().set(Key.UP, true);
            agent.humanInput().set(Key.RIGHT, true);
            assertArrayEquals(new double[] {1, 1}, (double[]) agent.heuristic(obs));
        }
    }
}
