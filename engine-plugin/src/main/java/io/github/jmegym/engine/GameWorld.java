package io.github.jmegym.engine;

import java.util.SplittableRandom;

/**
 * A game world as an environment author writes it: build the scene once, then reset it to seeded start states.
 * A {@link WorldSimulation} owns the scene graph and physics space and steps them with a fixed time step.
 *
 * <p>Everything that moves must move from {@link #tick(float)}, an agent's {@link AgentControl#onTick(float)},
 * controls on the scene graph or the physics: never from wall-clock time, so the same seed and actions give the
 * same trajectory headless or windowed, at any speed.
 */
public interface GameWorld {
    /**
     * Builds the scene: attach spatials to {@code ctx.rootNode()}, bodies to {@code ctx.physicsSpace()}, and
     * add one {@link AgentControl} per NPC. Called once. Needs no asset manager or renderer: give geometries a
     * colour with {@link Tags#setColor} and a viewer adds materials.
     */
    void build(WorldContext ctx);

    /** Puts the shared part of the scene (not the agents' own parts) into a start state drawn from {@code rng}. */
    default void reset(SplittableRandom rng) {
    }

    /**
     * Called on every physics tick before the physics step, for world logic (moving targets, timers).
     *
     * @param dt the fixed physics time step in seconds
     */
    default void tick(float dt) {
    }

    /** A name for messages; defaults to the class name. */
    default String name() {
        return getClass().getSimpleName();
    }
}
