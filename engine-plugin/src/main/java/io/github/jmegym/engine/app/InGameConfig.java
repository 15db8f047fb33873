package io.github.jmegym.engine.app;

import io.github.jmegym.agent.PpoConfig;
import io.github.jmegym.agent.UpdateMode;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.nio.file.Path;

/**
 * How a {@link TrainingAppState} trains inside the game loop.
 *
 * <p>The validated copies {@code withX(value)}, one per field, come from {@link InGameConfigBuilder.With}, generated from
 * the components at compile time.
 *
 * @param ppo the PPO hyperparameters; {@code nEnvs} is replaced by the number of agents in the scene, so
 *            {@code batchSize} must divide {@code nSteps * agents} (default: SB3 defaults with 256 steps per agent,
 *            TIME_SLICED updates of at most 8 ms per frame)
 * @param seed seeds the trainer and the scene's first reset (default 0)
 * @param speed simulated seconds per wall-clock second ({@code > 0}; 1 = real time), or {@code <= 0} to run exactly
 *              one decision interval per frame, as fast as frames come (default 1)
 * @param maxTicksPerFrame most physics ticks one frame may run when paced by {@code speed} ({@code >= 1}; the rest
 *                         is dropped, so a slow machine plays slower instead of spiralling) (default 64)
 * @param maxEpisodeSteps decisions after which an agent's episode is truncated ({@code >= 0}; 0 = no limit)
 *                        (default 0; use the env spec's {@code maxEpisodeSteps})
 * @param saveDir the run folder checkpoints are written to and policies loaded from (default {@code runs/ingame})
 */
@RecordBuilder
public record InGameConfig(PpoConfig ppo, long seed, double speed, int maxTicksPerFrame, int maxEpisodeSteps,
                           Path saveDir) implements InGameConfigBuilder.With {
    /** The default per-frame budget of a TIME_SLICED update, milliseconds. */
    public static final double DEFAULT_SLICE_MILLIS = 8.0;

    /** Validates every field; messages name the field, the value and the expectation. */
    public InGameConfig {
        if (ppo == null) {
            throw new IllegalArgumentException("InGameConfig: ppo is null; use InGameConfig.defaults().ppo()");
        }
        if (Double.isNaN(speed) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("InGameConfig: speed=" + speed + "; expected a finite number (<= 0 for one decision per frame)");
        }
        if (maxTicksPerFrame < 1) {
            throw new IllegalArgumentException("InGameConfig: maxTicksPerFrame=" + maxTicksPerFrame + "; expected >= 1");
        }
        if (maxEpisodeSteps < 0) {
            throw new IllegalArgumentException("InGameConfig: maxEpisodeSteps=" + maxEpisodeSteps + "; expected >= 0 (0 = no limit)");
        }
        if (saveDir == null) {
            throw new IllegalArgumentException("InGameConfig: saveDir is null; expected a run folder");
        }
    }

    /** SB3 PPO defaults with 256 steps per agent and TIME_SLICED updates of at most 8 ms per frame, real time. */
    public static InGameConfig defaults() {
        PpoConfig p = PpoConfig.defaults().withNSteps(256).withUpdateMode(UpdateMode.TIME_SLICED)
                .withSliceBudgetMillis(DEFAULT_SLICE_MILLIS);
        return new InGameConfig(p, 0L, 1.0, 64, 0, Path.of("runs", "ingame"));
    }
}
