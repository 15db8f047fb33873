package io.github.jmegym.engine;

import com.jme3.bullet.PhysicsSpace;
import com.jme3.scene.Node;

/**
 * What a {@link GameWorld} builds into.
 *
 * @param rootNode the world's own scene-graph root (attached to a viewport only when a window shows it)
 * @param physicsSpace the world's own physics space
 * @param config the fixed time steps the world is simulated with
 */
public record WorldContext(Node rootNode, PhysicsSpace physicsSpace, SimulationConfig config) {
}
