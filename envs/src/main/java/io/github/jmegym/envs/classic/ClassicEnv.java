package io.github.jmegym.envs.classic;

import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.EnvSpec;
import io.github.jmegym.envs.Kwargs;
import io.github.jmegym.envs.NumpyRandom;
import io.github.jmegym.envs.RenderFrame;
import io.github.jmegym.envs.Reset;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.Space;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the classic-control ports share: the spec and spaces, NumPy-compatible seeding, {@code reset} with the
 * option {@code state} (an explicit internal state) or the env's own random-start options, and the
 * {@code render_mode="rgb_array"} frames drawn as Gymnasium's pygame renderers draw them.
 *
 * @param <A> action type
 */
abstract class ClassicEnv<A> implements Env<double[], A> {
    /** The kwarg naming the render mode. */
    static final String RENDER_MODE = "render_mode";
    /** The one render mode of the classic envs. */
    static final String RGB_ARRAY = "rgb_array";
    /** The render modes the classic envs list in their specs. */
    static final List<String> RENDER_MODES = List.of(RGB_ARRAY);

    /** The spec the env was made under. */
    protected final EnvSpec spec;
    /** The internal state ({@code null} before the first reset). */
    protected double[] state;
    /** The place named in action errors: {@code step(action) of <id>}. */
    protected final String stepWhere;
    /** The generator of start states; reseeded by {@code reset(seed)}. */
    protected NumpyRandom rng = ClassicControl.unseeded();
    private final Box observationSpace;
    private final Space<A> actionSpace;
    private final double[] stateLow;
    private final double[] stateHigh;
    private final String[] randomStartKeys;
    /** Whether the env was made with {@code render_mode="rgb_array"}. */
    private boolean rgbArray;
    /** The surface frames are drawn on, made by the first {@link #render()}. */
    private PygameCanvas canvas;

    /**
     * @param spec the spec
     * @param observationSpace the observation space
     * @param actionSpace the action space
     * @param stateLow lowest value of each internal state variable that the {@code state} option accepts
     * @param stateHigh highest value of each, so an explicit state can neither overflow nor leave the physics
     * @param randomStartKeys the reset options of the random start, which {@code state} excludes
     */
    ClassicEnv(EnvSpec spec, Box observationSpace, Space<A> actionSpace, double[] stateLow, double[] stateHigh,
               String... randomStartKeys) {
        this.spec = spec;
        this.stepWhere = "step(action) of " + spec.id();
        this.observationSpace = observationSpace;
        this.actionSpace = actionSpace;
        this.stateLow = stateLow.clone();
        this.stateHigh = stateHigh.clone();
        this.randomStartKeys = randomStartKeys;
    }

    /**
     * The make kwargs of this env with {@code render_mode} read from them: {@code "rgb_array"} or absent (the
     * factories' first step, before they read their own kwargs).
     *
     * @throws IllegalArgumentException for any other render mode, naming the allowed ones
     */
    final Kwargs makeKwargs(Map<String, ?> kwargs) {
        Kwargs k = new Kwargs(kwargs, "make(" + spec.id() + ")");
        String mode = k.getString(RENDER_MODE, null);
        if (mode != null && !mode.equals(RGB_ARRAY)) {
            throw new IllegalArgumentException("make(" + spec.id() + "): " + RENDER_MODE + "='" + mode
                    + "'; expected one of " + RENDER_MODES + " or none");
        }
        rgbArray = mode != null;
        return k;
    }

    /** A surface of Gymnasium's screen size ({@code screen_width x screen_height}, or {@code screen_dim} squared). */
    abstract PygameCanvas newCanvas();

    /** Draws the current state ({@code state != null}) in pygame's coordinates, before the vertical flip. */
    abstract void draw(PygameCanvas canvas);

    /**
     * The current state drawn as Gymnasium draws it, when made with {@code render_mode="rgb_array"}; empty without a
     * render mode. Nothing is drawn by {@code step} or {@code reset}: the frame is drawn here, on demand.
     *
     * @throws IllegalStateException before the first reset (Gymnasium's OrderEnforcing raises {@code ResetNeeded})
     */
    @Override
    public final Optional<RenderFrame> render() {
        if (!rgbArray) {
            return Optional.empty();
        }
        if (state == null) {
            throw new IllegalStateException("render() on " + spec.id() + " before reset(): call reset() first");
        }
        if (canvas == null) {
            canvas = newCanvas();
        }
        canvas.fill(0xFFFFFF);
        draw(canvas);
        return Optional.of(canvas.flippedFrame());
    }

    /** Draws a random start state, reading the env's random-start options (Gymnasium's {@code reset}). */
    abstract double[] randomStart(Kwargs options);

    /** The observation of the current state. */
    abstract double[] observation();

    /** Clears per-episode bookkeeping after the state was set by a reset. */
    void onReset() {
    }

    @Override
    public final Reset<double[]> reset(Long seed, Map<String, ?> options) {
        if (seed != null) {
            rng = new NumpyRandom(seed);
        }
        Kwargs o = new Kwargs(options, "reset(options) of " + spec.id());
        double[] start;
        if (o.has(ClassicControl.STATE)) {
            ClassicControl.requireStateAlone(o, spec.id(), randomStartKeys);
            start = o.getDoubles(ClassicControl.STATE, stateLow, stateHigh);
        } else {
            start = randomStart(o);
        }
        o.requireAllUsed();
        state = start;
        onReset();
        return new Reset<>(observation(), Map.of());
    }

    /** Throws {@link IllegalStateException} when no reset has set a state yet. */
    final void requireReset(Object action) {
        if (state == null) {
            throw new IllegalStateException("step(" + action + ") on " + spec.id() + " before reset(): call reset() first");
        }
    }

    @Override
    public final Space<double[]> observationSpace() {
        return observationSpace;
    }

    @Override
    public final Space<A> actionSpace() {
        return actionSpace;
    }

    @Override
    public final EnvSpec spec() {
        return spec;
    }

    @Override
    public void close() {
        canvas = null;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + spec.id() + ")";
    }
}
