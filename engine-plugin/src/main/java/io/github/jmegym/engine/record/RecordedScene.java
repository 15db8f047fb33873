package io.github.jmegym.engine.record;

import io.github.jmegym.engine.WorldEnv;
import io.github.jmegym.engine.record.RecordedStep;
import io.github.jmegym.engine.record.Recording;
import io.github.jmegym.engine.record.Replay;
import io.github.jmegym.engine.record.TrackedSpatials;
import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.Envs;
import java.util.Map;

/**
 * The world of a recording rebuilt for playback: the env made from the header (id, kwargs), reset with the
 * recorded seed, and its tagged spatials posed from a frame's recorded transforms ({@link #show(int)}). No physics
 * runs: what is shown is exactly what was recorded.
 */
public final class RecordedScene implements AutoCloseable {
    private final Recording recording;
    private final Env<?, ?> env;
    private final WorldEnv<?> world;
    private final TrackedSpatials tracked;

    /**
     * @throws IllegalArgumentException when the recording's env is not an engine world or its scene has changed
     */
    public RecordedScene(Recording recording) {
        this.recording = recording;
        String id = recording.header().envId();
        this.env = Envs.make(id, Replay.makeKwargs(recording.header()));
        try {
            if (!(env.unwrapped() instanceof WorldEnv<?> w)) {
                throw new IllegalArgumentException(recording.file() + ": " + id + " is not an engine world (it has no "
                        + "scene to show); only recordings of engine worlds can be rendered: "
                        + io.github.jmegym.engine.EngineWorlds.ids());
            }
            this.world = w;
            w.simulation().reset(recording.header().seed());
            this.tracked = TrackedSpatials.of(w.simulation().rootNode());
            if (!tracked.names().equals(recording.header().spatialNames())) {
                throw new IllegalArgumentException(recording.file() + ": the recording tracks spatials "
                        + recording.header().spatialNames() + " but " + id + " builds " + tracked.names()
                        + " now; it was recorded with another version of the world");
            }
        } catch (RuntimeException e) {
            env.close();
            throw e;
        }
    }

    /** The recording. */
    public Recording recording() {
        return recording;
    }

    /** The rebuilt world (its scene graph is what is posed). */
    public WorldEnv<?> world() {
        return world;
    }

    /** Number of frames: the reset and every step. */
    public int frames() {
        return recording.steps().size() + 1;
    }

    /** The recorded step of frame {@code i} (0 is the reset). */
    public RecordedStep frame(int i) {
        return i == 0 ? recording.reset() : recording.steps().get(i - 1);
    }

    /** Poses the scene as recorded at frame {@code i} (0 is the reset). */
    public void show(int i) {
        if (i < 0 || i >= frames()) {
            throw new IllegalArgumentException("frame " + i + " of " + recording.file() + "; expected 0.." + (frames() - 1));
        }
        float[][] t = frame(i).transforms();
        world.simulation().run(() -> tracked.pose(world.simulation().rootNode(), t));
    }

    /** Decisions per simulated second of the recording (the natural playback rate), e.g. 15. */
    public double decisionsPerSecond() {
        double dt = (double) recording.header().physicsDt() * recording.header().ticksPerDecision();
        return dt > 0 ? 1.0 / dt : 15.0;
    }

    @Override
    public void close() {
        env.close();
    }
}
