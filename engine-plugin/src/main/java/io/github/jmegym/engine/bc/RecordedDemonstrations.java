package io.github.jmegym.engine.bc;

import com.google.gson.JsonObject;
import io.github.jmegym.agent.DemonstrationSource;
import io.github.jmegym.agent.Demonstrations;
import io.github.jmegym.engine.record.EpisodeReader;
import io.github.jmegym.engine.record.Recording;
import io.github.jmegym.engine.record.RecordedStep;
import io.github.jmegym.envs.spaces.Space;
import io.github.jmegym.envs.spaces.Spaces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the episode recordings in a folder ({@code *.jsonl.gz}: {@code jmegym record}, {@code RecordEpisodes},
 * {@code jmegym play --record}, a game's {@code EpisodeRecorder}) as behaviour-cloning {@link Demonstrations}: each
 * decision pairs the observation the brain saw with the action it took, and the discounted return from there to the
 * end of the recording.
 */
public final class RecordedDemonstrations {
    /** The file names read from a demos folder. */
    public static final String SUFFIX = ".jsonl.gz";

    private RecordedDemonstrations() {
    }

    /** {@link #load} as the agent's {@link DemonstrationSource} service (for {@code train --demos}). */
    public static final class Source implements DemonstrationSource {
        @Override
        public Demonstrations load(Path dir, String envId, Space<?> observationSpace, Space<?> actionSpace,
                                   double gamma) {
            return RecordedDemonstrations.load(dir, envId, observationSpace, actionSpace, gamma);
        }
    }

    /**
     * Every {@code *.jsonl.gz} recording in {@code dir} (a single file is accepted too), in name order.
     *
     * @param envId the env the demonstrations must come from
     * @param observationSpace the env's observation space (each recording's must equal it)
     * @param actionSpace the env's action space (likewise)
     * @param gamma the discount of the returns
     * @throws IllegalArgumentException when the folder holds no recordings, or a recording is of another env or has
     *         other spaces (the message names the file, what it holds and what was expected)
     */
    public static Demonstrations load(Path dir, String envId, Space<?> observationSpace, Space<?> actionSpace,
                                      double gamma) {
        List<Path> files = files(dir);
        List<double[][]> obs = new ArrayList<>();
        List<List<Object>> actions = new ArrayList<>();
        List<double[]> rewards = new ArrayList<>();
        for (Path f : files) {
            Recording rec = EpisodeReader.read(f);
            check(f, "env", rec.header().envId(), envId);
            checkSpace(f, "observation space", rec.header().observationSpace(), observationSpace);
            checkSpace(f, "action space", rec.header().actionSpace(), actionSpace);
            List<RecordedStep> frames = rec.frames();
            int n = rec.steps().size();
            double[][] o = new double[n][];
            List<Object> a = new ArrayList<>(n);
            double[] r = new double[n];
            for (int t = 0; t < n; t++) {
                o[t] = frames.get(t).observation();
                a.add(frames.get(t + 1).action());
                r[t] = frames.get(t + 1).reward();
            }
            if (n > 0) {
                obs.add(o);
                actions.add(a);
                rewards.add(r);
            }
        }
        return Demonstrations.of(observationSpace, actionSpace, obs, actions, rewards, gamma);
    }

    private static void check(Path file, String what, String found, String expected) {
        if (!found.equals(expected)) {
            throw new IllegalArgumentException("demonstration " + file + ": recorded with " + what + " " + found
                    + ", expected " + expected + "; record demonstrations of the env being trained (jmegym record --env ...)");
        }
    }

    private static void checkSpace(Path file, String what, JsonObject found, Space<?> expected) {
        if (!found.equals(expected.toJson())) {
            String shown;
            try {
                shown = Spaces.fromJson(found).toString();
            } catch (RuntimeException e) {
                shown = found.toString();
            }
            check(file, what, shown, expected.toString());
        }
    }

    private static List<Path> files(Path dir) {
        if (Files.isRegularFile(dir)) {
            return List.of(dir);
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--demos " + dir + ": no such folder; record episodes with "
                    + "`jmegym record --env ID --episodes 20 --out " + dir + "`");
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = s.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
            if (files.isEmpty()) {
                throw new IllegalArgumentException("--demos " + dir + ": no *" + SUFFIX + " recordings; record episodes "
                        + "with `jmegym record --env ID --episodes 20 --out " + dir + "`, or play them yourself with "
                        + "`jmegym play --env ID --player --record " + dir + "`");
            }
            return files;
        } catch (IOException e) {
            throw new IllegalArgumentException("--demos " + dir + ": cannot list the folder: " + e.getMessage(), e);
        }
    }
}
