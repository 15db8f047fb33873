package io.github.jmegym.agent.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The layout of a run folder and the rules that keep two runs from mixing in one: a fresh run needs an empty (or
 * new) folder, {@code --overwrite} clears only a folder that holds nothing but run files, and every start removes
 * the temps that killed writers left behind.
 */
public final class RunFolder {
    /** The metrics of every update, one JSON object per line. */
    public static final String METRICS = "metrics.jsonl";
    /** Metrics lines cut from {@link #METRICS} on resume (written after the checkpoint that was resumed). */
    public static final String METRICS_DISCARDED = "metrics.discarded.jsonl";
    /** The learning-curve image. */
    public static final String CURVE = "learning_curve.png";
    /** The run's plan and history ({@link RunState}). */
    public static final String RUN = "run.json";
    /** The entries a run folder may hold; {@code --overwrite} refuses to clear a folder holding anything else. */
    public static final Set<String> ENTRIES = Set.of(Checkpoint.CONFIG, RUN, METRICS, METRICS_DISCARDED, CURVE,
            Checkpoint.CHECKPOINTS);
    /** The prefix of the TensorBoard event files a run writes (one per start; also run-folder entries). */
    public static final String EVENTS_PREFIX = "events.out.tfevents.";

    private RunFolder() {
    }

    /**
     * Makes {@code dir} ready for a fresh run: creates it, or clears it when {@code overwrite} (only if it holds
     * nothing but run-folder entries), after removing stale temps.
     *
     * @throws IllegalArgumentException when {@code dir} is a file, holds something (without {@code overwrite}), or
     *         holds something that is not part of a run folder (with it)
     */
    public static void claimFresh(Path dir, boolean overwrite) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--out " + dir + " is a file; expected a new or empty run folder");
        }
        try {
            if (Files.isDirectory(dir)) {
                List<String> temps = new ArrayList<>();
                List<String> left = new ArrayList<>();
                try (Stream<Path> s = Files.list(dir)) {
                    for (Path p : s.sorted().toList()) {
                        String n = p.getFileName().toString();
                        (AtomicFiles.isStaleTemp(n) ? temps : left).add(n);
                    }
                }
                if (!left.isEmpty() && !overwrite) {
                    throw new IllegalArgumentException("--out " + dir + " is not empty (it holds " + left
                            + "); a run folder holds one run: continue it with --resume " + dir
                            + ", replace it with --overwrite, or choose another --out");
                }
                List<String> foreign = left.stream().filter(n -> !ENTRIES.contains(n) && !n.startsWith(EVENTS_PREFIX)).toList();
                if (!foreign.isEmpty()) {
                    throw new IllegalArgumentException("--overwrite: --out " + dir + " holds " + foreign
                            + ", which a run folder never holds (expected only " + ENTRIES.stream().sorted().toList()
                            + " and " + EVENTS_PREFIX + "*); refusing to delete it: remove it yourself or choose another --out");
                }
                for (String n : temps) {
                    AtomicFiles.deleteTree(dir.resolve(n));
                }
                for (String n : left) {
                    AtomicFiles.removeTree(dir.resolve(n));
                }
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare run folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the temps that killed writers left in the run folder and its checkpoints folder (see
     * {@link AtomicFiles#isStaleTemp}); temps of live processes, including this one, are kept.
     *
     * @return the names deleted
     */
    public static List<String> cleanStaleTemps(Path runDir) {
        List<String> removed = new ArrayList<>();
        for (Path dir : List.of(runDir, runDir.resolve(Checkpoint.CHECKPOINTS))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    if (AtomicFiles.isStaleTemp(p.getFileName().toString())) {
                        AtomicFiles.deleteTree(p);
                        removed.add(runDir.relativize(p).toString());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot clean stale temps in " + dir + ": " + e.getMessage(), e);
            }
        }
        return removed;
    }
}
