package io.github.jmegym.agent.cli;

import io.github.jmegym.agent.DemonstrationSource;
import io.github.jmegym.agent.Demonstrations;
import io.github.jmegym.agent.PpoTrainer;
import io.github.jmegym.envs.spaces.Space;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The behaviour-cloning options shared by {@code train} and {@code bc} ({@code --demos}, {@code --bc-epochs}). */
public final class BcOptions {
    /** Default passes over the demonstrations. */
    public static final int DEFAULT_EPOCHS = 30;

    @Option(names = "--demos", paramLabel = "DIR", description = "clone the demonstrations in DIR (*.jsonl.gz recordings "
            + "of `jmegym record` or `jmegym play --record`, of this env): maximum likelihood of their actions, critic "
            + "on their discounted returns")
    private Path demos;

    @Option(names = "--bc-epochs", paramLabel = "N", defaultValue = "" + DEFAULT_EPOCHS,
            description = "passes over the demonstrations (>= 1, default: ${DEFAULT-VALUE})")
    private int epochs = DEFAULT_EPOCHS;

    /** The demonstrations folder, or null. */
    public Path demos() {
        return demos;
    }

    /** Passes over the demonstrations. */
    public int epochs() {
        return epochs;
    }

    /**
     * Loads the demonstrations through the {@link DemonstrationSource} on the class path and clones them into
     * {@code trainer}, printing a summary line.
     */
    public PpoTrainer.CloneResult cloneInto(PpoTrainer trainer, String envId, Space<?> observationSpace,
                                            Space<?> actionSpace, PrintWriter out) {
        if (epochs < 1) {
            throw new IllegalArgumentException("--bc-epochs=" + epochs + ": expected >= 1");
        }
        Demonstrations d = DemonstrationSource.find().load(demos, envId, observationSpace, actionSpace,
                trainer.config().gamma());
        long t0 = System.nanoTime();
        PpoTrainer.CloneResult r = trainer.cloneFrom(d, epochs);
        out.printf(Locale.ROOT, "behaviour cloning: %d decisions of %d episodes from %s, %d epochs (%d minibatch steps, "
                        + "%.1f s): nll %.4f, entropy %.4f, value loss %.4f%n", r.samples(), d.episodes(), demos,
                r.epochs(), r.minibatchSteps(), (System.nanoTime() - t0) / 1e9, r.nll(), r.entropy(), r.valueLoss());
        out.flush();
        return r;
    }
}
