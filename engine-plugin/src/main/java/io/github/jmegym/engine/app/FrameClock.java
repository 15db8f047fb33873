package io.github.jmegym.engine.app;

import io.github.jmegym.engine.SimulationConfig;

/**
 * The fixed-step accumulator: how many of a world's fixed physics ticks a frame runs. The frame's {@code tpf} only
 * decides how many ticks run, never how long a tick is. At {@code speed} (simulated seconds per wall-clock second,
 * e.g. 1 for real time) it accumulates {@code tpf * speed} and hands out the whole ticks that covers, at most
 * {@code maxTicksPerFrame} (the rest is dropped, so a slow machine plays slower instead of spiralling); at
 * {@code speed <= 0} it hands out the ticks left in the current decision interval (one decision per frame). Used by
 * {@link FixedStepDriver} and the in-game training state; one thread at a time.
 */
public final class FrameClock {
    private final double physicsDt;
    private final int ticksPerDecision;
    private final int maxTicksPerFrame;
    private double accumulator;

    /**
     * @param clock the world's fixed clock
     * @param maxTicksPerFrame most ticks one frame may run when paced by a speed ({@code >= 1})
     */
    public FrameClock(SimulationConfig clock, int maxTicksPerFrame) {
        if (maxTicksPerFrame < 1) {
            throw new IllegalArgumentException("FrameClock: maxTicksPerFrame=" + maxTicksPerFrame + "; expected >= 1");
        }
        this.physicsDt = clock.physicsDt();
        this.ticksPerDecision = clock.ticksPerDecision();
        this.maxTicksPerFrame = maxTicksPerFrame;
    }

    /**
     * The ticks to run in a frame.
     *
     * @param tpf the frame's wall-clock duration in seconds
     * @param speed simulated seconds per wall-clock second ({@code > 0}), or {@code <= 0} for one decision per frame
     * @param tickInDecision ticks of the current decision interval already run ({@code 0 <= t < ticksPerDecision})
     */
    public int ticks(float tpf, double speed, int tickInDecision) {
        if (speed <= 0) {
            return ticksPerDecision - tickInDecision;
        }
        accumulator += tpf * speed;
        int ticks = (int) Math.floor(accumulator / physicsDt);
        accumulator -= ticks * physicsDt;
        if (ticks > maxTicksPerFrame) {
            ticks = maxTicksPerFrame;
            accumulator = 0;
        }
        return ticks;
    }

    /**
     * Gives back ticks a frame handed out but did not run, so later frames run them (at most
     * {@code maxTicksPerFrame} ticks stay owed).
     */
    public void defer(int ticks) {
        accumulator = Math.min(accumulator + ticks * physicsDt, maxTicksPerFrame * physicsDt);
    }
}
