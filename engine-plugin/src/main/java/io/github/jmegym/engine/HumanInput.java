package io.github.jmegym.engine;

import java.util.EnumSet;
import java.util.Set;

/**
 * The keys a human holds down for one agent, for keyboard heuristics: a viewer presses and releases logical keys
 * (from arrows/WASD/QE) on the render thread; the agent's {@link AgentControl#heuristic(double[])} reads them on
 * the world thread. Thread-safe. Inactive (no human at the keyboard) unless the viewer activates it, so
 * heuristics fall back to their scripted brain.
 */
public final class HumanInput {
    /** Logical keys: moves (screen-relative) and turns. */
    public enum Key {
        /** Away from the camera (arrow up, W). */
        UP,
        /** Towards the camera (arrow down, S). */
        DOWN,
        /** Screen left (arrow left, A). */
        LEFT,
        /** Screen right (arrow right, D). */
        RIGHT,
        /** Turn left (Q). */
        TURN_LEFT,
        /** Turn right (E). */
        TURN_RIGHT
    }

    private final Set<Key> pressed = EnumSet.noneOf(Key.class);
    private boolean active;

    /** Whether a human is at the keyboard for this agent. */
    public synchronized boolean active() {
        return active;
    }

    /** Marks a human at the keyboard (or not); deactivating releases every key. */
    public synchronized void setActive(boolean on) {
        active = on;
        if (!on) {
            pressed.clear();
        }
    }

    /** Presses or releases a key. */
    public synchronized void set(Key key, boolean down) {
        if (down) {
            pressed.add(key);
        } else {
            pressed.remove(key);
        }
    }

    /** Whether the key is held down. */
    public synchronized boolean isPressed(Key key) {
        return pressed.contains(key);
    }

    /** -1, 0 or +1 from a pair of opposite keys ({@code plus} pressed alone gives +1). */
    public synchronized int axis(Key minus, Key plus) {
        return (pressed.contains(plus) ? 1 : 0) - (pressed.contains(minus) ? 1 : 0);
    }
}
