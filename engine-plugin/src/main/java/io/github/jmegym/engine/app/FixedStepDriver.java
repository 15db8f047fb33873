package io.github.jmegym.engine.app;

import io.github.jmegym.engine.WorldSimulation;

/**
 * Turns a game loop's frames into a {@link WorldSimulation}'s fixed ticks, with a {@link DecisionLoop} called at the
 * decision boundaries: what {@link SimulationAppState} and {@link InferenceAppState} run every frame. How many ticks a
 * frame runs is the {@link FrameClock}'s answer: at {@code speed} (simulated seconds per wall-clock second, e.g. 1 for
 * real time) the whole ticks {@code tpf * speed} covers, at most {@code maxTicksPerFrame}; with {@code speed <= 0}
 * exactly one decision interval per frame.
 *
 * <p>Thread rules: call {@link #frame(float)} from one thread (the render thread); it hands the frame's ticks and
 * loop calls to the simulation's world thread in one piece and waits for them.
 */
public final class FixedStepDriver {
    private final WorldSimulation sim;
    private final DecisionLoop loop;
    private final double speed;
    private final FrameClock clock;
    private int tickInDecision;
    private volatile long decision;
    private volatile boolean finished;

    /**
     * @param sim the simulation to drive (already reset)
     * @param loop chooses actions before and reads results after each decision
     * @param speed simulated seconds per wall-clock second ({@code > 0}), or {@code <= 0} for one decision per frame
     * @param maxTicksPerFrame most ticks one frame may run ({@code >= 1})
     */
    public FixedStepDriver(WorldSimulation sim, DecisionLoop loop, double speed, int maxTicksPerFrame) {
        if (sim == null || loop == null) {
            throw new IllegalArgumentException("FixedStepDriver: sim=" + sim + ", loop=" + loop + "; both must be set");
        }
        if (maxTicksPerFrame < 1 || Double.isNaN(speed) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("FixedStepDriver(" + sim.world().name() + "): speed=" + speed
                    + ", maxTicksPerFrame=" + maxTicksPerFrame + "; expected a finite speed and maxTicksPerFrame >= 1");
        }
        this.sim = sim;
        this.loop = loop;
        this.speed = speed;
        this.clock = new FrameClock(sim.config(), maxTicksPerFrame);
    }

    /** The simulation this driver steps. */
    public WorldSimulation simulation() {
        return sim;
    }

    /** Whether the loop asked to stop ({@link DecisionLoop#afterDecision} returned false); later frames do nothing. */
    public boolean finished() {
        return finished;
    }

    /** Decisions completed so far. */
    public long decisions() {
        return decision;
    }

    /**
     * Runs the fixed ticks (and the loop's calls at decision boundaries) that a frame of {@code tpf} seconds covers.
     *
     * @param tpf the frame's wall-clock duration in seconds
     */
    public void frame(float tpf) {
        if (finished) {
            return;
        }
        int k = sim.config().ticksPerDecision();
        int ticks = clock.ticks(tpf, speed, tickInDecision);
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
}
