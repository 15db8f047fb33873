package io.github.jmegym.engine.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.engine.WorldEnv;
import io.github.jmegym.engine.WorldSimulation;
import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.Step;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recording code of docs/recording.md ("recording from code"), with a temporary folder for its paths. */
class RecordingGuideExampleTest {
    @TempDir
    Path dir;

    @Test
    void guideRecordingExampleWorks() {
        Env<double[], Object> env = new RecordEpisodes<>(Envs.make("Chase-v0"), dir.resolve("runs/rec"), RecordEpisodes.everyNth(10), 42);
        for (int e = 0; e < 11; e++) {
            env.reset();
            Step<double[]> s = env.step(1);
            while (!s.terminated() && !s.truncated()) {
                s = env.step(1);
            }
        }
        env.close();
        assertEquals(2, ((RecordEpisodes<?>) env).written().size());

        try (Env<double[], Object> game = Envs.make("Chase-v0")) {
            long seed = 5;
            double[] observation = game.reset(seed, Map.of()).observation();
            WorldSimulation sim = ((WorldEnv<?>) game.unwrapped()).simulation();
            Map<String, Object> kwargs = Map.of();
            Object action = 1;
            // the guide's lines, with the values above
            EpisodeRecorder rec = EpisodeRecorder.forSimulation(dir.resolve("clip.jsonl.gz"), "Chase-v0", kwargs, seed, sim, 0);
            rec.reset(observation);
            for (int t = 0; t < 5; t++) {
                Step<double[]> st = game.step(action);
                rec.step(action, st.reward(), st.terminated(), st.truncated(), st.observation(), st.info());
            }
            rec.finish();
        }
        ReplayReport r = Replay.resimulate(EpisodeReader.read(dir.resolve("clip.jsonl.gz")));
        assertTrue(r.matches(), r.summary());
        assertEquals(5, r.stepsChecked());
    }
}
