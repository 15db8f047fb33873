package io.github.jmegym.engine.app;

import com.jme3.app.Application;
import com.jme3.app.state.BaseAppState;
import io.github.jmegym.engine.WorldSimulation;

/**
 * Drives a {@link WorldSimulation} from a jME application's update loop with the simulation's own fixed clock, so
 * the trajectory is the one a headless {@code Env} produces: the frame's {@code tpf} only decides how many fixed
 * ticks run in this frame, never how long a tick is. At {@code speed} (simulated seconds per wall-clock second,
 * e.g. 1 for real time) the state accumulates {@code tpf * speed} and runs the whole ticks it covers (at most
 * {@code maxTicksPerFrame}; the rest is dropped, so a slow machine plays slower instead of spiralling); with
 * {@code speed <= 0} it runs exactly one decision interval per frame (as fast as the machine goes).
 *
 * <p>Thread rules (as {@link BaseAppState}): {@code update} runs on the render thread and hands each frame's ticks
 * (and the {@link DecisionLoop} calls) to the simulation's world thread in one piece, waiting for them; the
 * simulation must not be touched from elsewhere while the state is attached. The viewer attaches {@link WorldSimulation#rootNode()} to a
 * viewport itself; this state keeps it updated.
 */
public final class SimulationAppState extends BaseAppState {
    private final WorldSimulation sim;
    private final DecisionLoop loop;
    private final double speed;
    private final int maxTicksPerFrame;
    private double accumulator;
    private int tickInDecision;
    private volatile long decision;
    private volatile boolean finished;

    /**
     * @param sim the simulation to drive (already reset)
     * @param loop chooses actions before and reads results after each decision
     * @param speed simulated seconds per wall-clock second ({@code > 0}), or {@code <= 0} for one decision per frame
     * @param maxTicksPerFrame most ticks one frame may run ({@code >= 1})
     */
    public SimulationAppState(WorldSimulation sim, DecisionLoop loop, double speed, int maxTicksPerFrame) {
        if (sim == null || loop == null || maxTicksPerFrame < 1) {
            throw new IllegalArgumentException("SimulationAppState: sim and loop must be set and maxTicksPerFrame >= 1, got "
                    + maxTicksPerFrame);
        }
        this.sim = sim;
        this.loop = loop;
        this.speed = speed;
        this.maxTicksPerFrame = maxTicksPerFrame;
    }

    /** Whether the loop asked to stop. */
    public boolean finished() {
        return finished;
    }

    /** Decisions completed so far. */
    public long decisions() {
        return decision;
    }

    @Override
    public void update(float tpf) {
        if (finished) {
            return;
        }
        int k = sim.config().ticksPerDecision();
        int ticks;
        if (speed <= 0) {
            ticks = k - tickInDecision;
        } else {
            double dt = sim.config().physicsDt();
            accumulator += tpf * speed;
            ticks = (int) Math.floor(accumulator / dt);
            accumulator -= ticks * dt;
            if (ticks > maxTicksPerFrame) {
                ticks = maxTicksPerFrame;
                accumulator = 0;
            }
        }
        if (ticks > 0) {
            int n = ticks;
            // one hand-over to the world thread per frame; the render thread waits, so it never sees a half step
            sim.run(() -> runTicks(n, k));
        }
    }

    private void runTicks(int ticks, int k) {
        for (int t = 0; t < ticks && !finished; t++) {
            if (tickInDecision == 0) {
                loop.beforeDecision(sim, decision);
            }
            sim.tick();
            tickInDecision++;
            if (tickInDecision == k) {
                tickInDecision = 0;
                finished = !loop.afterDecision(sim, decision);
                decision++;
            }
        }
    }

    @Override
    protected void initialize(Application app) {
        // the simulation is built and reset by its owner
    }

    @Override
    protected void cleanup(Application app) {
        // the owner closes the simulation
    }

    @Override
    protected void onEnable() {
        // nothing to attach: the viewer attaches the scene
    }

    @Override
    protected void onDisable() {
        // nothing to detach
    }
}
