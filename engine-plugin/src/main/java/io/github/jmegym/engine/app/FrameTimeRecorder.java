package io.github.jmegym.engine.app;

import com.jme3.app.Application;
import com.jme3.app.state.BaseAppState;

/**
 * Records wall-clock frame times (the time between two consecutive updates of this state, measured with
 * {@link System#nanoTime()}, not jME's smoothed {@code tpf}) after skipping the first {@code warmupFrames}.
 * Render thread only; read the result after the application stopped.
 */
public final class FrameTimeRecorder extends BaseAppState {
    private final Durations frames = new Durations(1 << 20);
    private final int warmupFrames;
    private long seen;
    private long last = -1;

    /** @param warmupFrames frames not recorded at the start ({@code >= 0}) */
    public FrameTimeRecorder(int warmupFrames) {
        if (warmupFrames < 0) {
            throw new IllegalArgumentException("FrameTimeRecorder: warmupFrames=" + warmupFrames + "; expected >= 0");
        }
        this.warmupFrames = warmupFrames;
    }

    @Override
    public void update(float tpf) {
        long now = System.nanoTime();
        if (last >= 0 && seen > warmupFrames) {
            frames.add(now - last);
        }
        last = now;
        seen++;
    }

    /** The recorded frame times. */
    public Durations frames() {
        return frames;
    }

    @Override
    protected void initialize(Application app) {
        // nothing to build
    }

    @Override
    protected void cleanup(Application app) {
        // nothing to free
    }

    @Override
    protected void onEnable() {
        last = -1;
    }

    @Override
    protected void onDisable() {
        // keep the samples
    }
}
