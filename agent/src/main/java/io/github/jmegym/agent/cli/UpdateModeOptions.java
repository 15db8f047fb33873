package io.github.jmegym.agent.cli;

import io.github.jmegym.agent.PpoConfig;
import io.github.jmegym.agent.UpdateMode;
import picocli.CommandLine.Option;

/**
 * The {@code --update-mode U} and {@code --slice-ms MS} options of every command that trains ({@code train}, {@code
 * play --train}), as a picocli mixin: when the update runs, over whatever the settings (preset, {@code --config}, a
 * resumed run's config) say.
 */
public final class UpdateModeOptions {
    @Option(names = "--update-mode", paramLabel = "U",
            description = "when the update runs: SYNC (collection waits), BACKGROUND (a thread updates while the frozen "
                    + "policy collects the next rollout) or TIME_SLICED (the update in slices of --slice-ms per "
                    + "decision); overrides --config (default: the settings', TIME_SLICED in play)")
    private UpdateMode updateMode;

    @Option(names = "--slice-ms", paramLabel = "MS",
            description = "TIME_SLICED: update work per decision (play: per frame), milliseconds (> 0); overrides "
                    + "--config (default: the settings', 8 in play)")
    private Double sliceMillis;

    /** {@code config} with the options given (validated by the config: a bad {@code --slice-ms} names the field). */
    public PpoConfig apply(PpoConfig config) {
        PpoConfig c = config;
        if (updateMode != null) {
            c = c.withUpdateMode(updateMode);
        }
        if (sliceMillis != null) {
            c = c.withSliceBudgetMillis(sliceMillis);
        }
        return c;
    }
}
