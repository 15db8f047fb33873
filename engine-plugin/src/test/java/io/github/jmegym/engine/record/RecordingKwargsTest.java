package io.github.jmegym.engine.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.engine.worlds.EngineEnvs;
import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.vector.VectorEnv;
import io.github.jmegym.envs.vector.VectorMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingKwargsTest {
    @TempDir
    Path dir;

    private List<Path> files(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> p.toString().endsWith(".jsonl.gz")).sorted().toList();
        }
    }

    @Test
    void vectorEnvMadeWithRecordKwargsRecordsEveryNthEpisodeOfEachSubEnvAndTheyReplay() throws Exception {
        Map<String, Object> k = Map.of("record_dir", dir.toString(), "record_every", 2, "max_episode_steps", 6);
        try (VectorEnv<Object, Object> v = Envs.makeVec(EngineEnvs.CHASE, 2, VectorMode.SYNC, AutoresetMode.SAME_STEP, k)) {
            v.singleActionSpace().seed(4);
            v.reset(100L, Map.of());
            for (int t = 0; t < 6 * 5; t++) {
                v.step(List.of(v.singleActionSpace().sample(), v.singleActionSpace().sample()));
            }
        }
        List<Path> files = files(dir);
        // each sub-env finished 5 episodes of 6 steps (same-step autoreset): episodes 0, 2 and 4 are recorded
        assertEquals(6, files.size(), files.toString());
        List<String> workers = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            assertTrue(name.matches("Chase-v0-w\\d+-ep00000[024]-seed-?\\d+\\.jsonl\\.gz"), name);
            String w = name.replaceAll("Chase-v0-(w\\d+)-.*", "$1");
            if (!workers.contains(w)) {
                workers.add(w);
            }
            Recording rec = EpisodeReader.read(f);
            assertFalse(rec.header().kwargs().containsKey("record_dir"), "output kwargs stay out of the header");
            assertTrue(rec.complete(), name);
            assertTrue(rec.steps().get(rec.steps().size() - 1).truncated() || rec.steps().get(rec.steps().size() - 1).terminated());
            ReplayReport r = Replay.resimulate(rec);
            assertTrue(r.matches(), r.summary());
        }
        assertEquals(2, workers.size(), "two sub-envs, two name prefixes: " + workers);
        // the first episodes were seeded by the vector reset: seeds 100 and 101
        assertTrue(files.stream().anyMatch(p -> p.toString().endsWith("-ep000000-seed100.jsonl.gz")));
        assertTrue(files.stream().anyMatch(p -> p.toString().endsWith("-ep000000-seed101.jsonl.gz")));
    }

    @Test
    void recordKwargsAreChecked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Envs.make(EngineEnvs.CHASE, Map.of("record_every", 3)));
        assertTrue(e.getMessage().contains("make(Chase-v0): record_every/record_seed without record_dir"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Envs.make(EngineEnvs.CHASE, Map.of("record_dir", dir.toString(), "record_every", 0)));
        assertTrue(e.getMessage().contains("record_every=0; expected >= 1"), e.getMessage());
    }
}
