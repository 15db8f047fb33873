package io.github.jmegym.engine;

import io.github.jmegym.envs.Kwargs;

/**
 * The fixed clock of a {@link WorldSimulation}: results depend on these two numbers only, never on frame rate or
 * wall-clock time.
 *
 * <p>Both are bounded so that one decision stays cheap: at most {@value #MAX_TICKS_PER_DECISION} ticks (a few
 * tens of milliseconds for the shipped worlds), each at least {@value #MIN_PHYSICS_DT} s (finer steps only make
 * every simulated second dearer) and at most {@value #MAX_PHYSICS_DT} s (coarser steps make Bullet tunnel and
 * explode).
 *
 * @param physicsDt the physics time step in seconds (in [{@value #MIN_PHYSICS_DT}, {@value #MAX_PHYSICS_DT}];
 *                  default 1/60)
 * @param ticksPerDecision physics ticks between two agent decisions (in [1, {@value #MAX_TICKS_PER_DECISION}];
 *                         default 4, i.e. 15 decisions per simulated second at the default step)
 */
public record SimulationConfig(float physicsDt, int ticksPerDecision) {
    /** Smallest physics step, seconds. */
    public static final double MIN_PHYSICS_DT = 0.001;
    /** Largest physics step, seconds (compared after rounding to float). */
    public static final double MAX_PHYSICS_DT = 0.1;
    /** Most physics ticks per decision. */
    public static final int MAX_TICKS_PER_DECISION = 600;

    /** Validates both values. */
    public SimulationConfig {
        // 0.1f is a little above 0.1 (and 0.001f above 0.001): the upper bound is compared as a float
        Kwargs.requireDouble("SimulationConfig", "physicsDt", physicsDt, MIN_PHYSICS_DT, (float) MAX_PHYSICS_DT);
        Kwargs.requireInt("SimulationConfig", "ticksPerDecision", ticksPerDecision, 1, MAX_TICKS_PER_DECISION);
    }

    /** 1/60 s physics steps, a decision every 4 steps. */
    public static SimulationConfig defaults() {
        return new SimulationConfig(1f / 60f, 4);
    }

    /** Simulated seconds between two decisions. */
    public double decisionSeconds() {
        return (double) physicsDt * ticksPerDecision;
    }
}
