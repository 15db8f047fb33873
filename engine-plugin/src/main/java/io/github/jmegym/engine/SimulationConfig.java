package io.github.jmegym.engine;

/**
 * The fixed clock of a {@link WorldSimulation}: results depend on these two numbers only, never on frame rate or
 * wall-clock time.
 *
 * @param physicsDt the physics time step in seconds ({@code > 0}, at most 0.1; default 1/60)
 * @param ticksPerDecision physics ticks between two agent decisions ({@code >= 1}; default 4, i.e. 15 decisions
 *                         per simulated second at the default step)
 */
public record SimulationConfig(float physicsDt, int ticksPerDecision) {
    /** Validates both values. */
    public SimulationConfig {
        if (!(physicsDt > 0f) || physicsDt > 0.1f) {
            throw new IllegalArgumentException("SimulationConfig: physicsDt=" + physicsDt + "; expected 0 < dt <= 0.1 s");
        }
        if (ticksPerDecision < 1) {
            throw new IllegalArgumentException("SimulationConfig: ticksPerDecision=" + ticksPerDecision + "; expected >= 1");
        }
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
