package io.github.jmegym.engine.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.engine.WorldEnv;
import io.github.jmegym.engine.worlds.EngineEnvs;
import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.Reset;
import io.github.jmegym.envs.Step;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordReplayTest {
    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    private static Env<double[], Object> make(String id, Map<String, ?> kwargs) {
        return (Env<double[], Object>) (Env<?, ?>) Envs.make(id, kwargs);
    }

    /** Runs heuristic episodes of Chase-v0 through a recording wrapper; returns the files written. */
    private List<Path> recordChase(int episodes, int maxSteps, java.util.function.LongPredicate trigger) {
        try (RecordEpisodes<Object> env = new RecordEpisodes<>(make(EngineEnvs.CHASE, Map.of("max_episode_steps", maxSteps)),
                dir, trigger, 7)) {
            WorldEnv<Object> world = (WorldEnv<Object>) env.unwrapped();
            for (int e = 0; e < episodes; e++) {
                Reset<double[]> r = e == 0 ? env.reset(123L, Map.of()) : env.reset();
                double[] obs = r.observation();
                boolean done = false;
                while (!done) {
                    Step<double[]> s = env.step(world.agent().heuristic(obs));
                    obs = s.observation();
                    done = s.terminated() || s.truncated();
                }
            }
            return env.written();
        }
    }

    @Test
    void recordedChaseEpisodeReplaysToIdenticalTransforms() {
        List<Path> files = recordChase(1, 60, RecordEpisodes.always());
        assertEquals(1, files.size());
        Path f = files.get(0);
        assertTrue(f.getFileName().toString().matches("Chase-v0-ep000000-seed123\\.jsonl\\.gz"), f.toString());
        Recording rec = EpisodeReader.read(f);
        assertEquals(EngineEnvs.CHASE, rec.header().envId());
        assertEquals(123L, rec.header().seed());
        assertEquals(60, rec.header().maxEpisodeSteps());
        assertTrue(rec.header().spatialNames().containsAll(List.of("NPC", "Target", "Floor")), rec.header().spatialNames().toString());
        assertTrue(rec.complete());
        assertFalse(rec.steps().isEmpty());
        // the target moves, so the transforms really change from step to step
        int target = rec.header().spatialNames().indexOf("Target");
        assertFalse(Arrays.equals(rec.reset().transforms()[target], rec.steps().get(rec.steps().size() - 1).transforms()[target]));
        ReplayReport report = Replay.resimulate(rec);
        assertTrue(report.matches(), report.summary());
        assertEquals(rec.steps().size(), report.stepsChecked());
    }

    @Test
    void ballBalanceWithBoxActionsReplaysExactly() {
        Path f;
        try (RecordEpisodes<Object> env = new RecordEpisodes<>(make(EngineEnvs.BALL_BALANCE, Map.of("max_episode_steps", 40)),
                dir, RecordEpisodes.always(), 1)) {
            env.actionSpace().seed(5);
            env.reset(9L, Map.of());
            boolean done = false;
            while (!done) {
                Step<double[]> s = env.step(env.actionSpace().sample());
                done = s.terminated() || s.truncated();
            }
            f = env.written().get(0);
        }
        Recording rec = EpisodeReader.read(f);
        assertTrue(rec.steps().get(0).action() instanceof double[]);
        double ret = rec.steps().stream().mapToDouble(RecordedStep::reward).sum();
        assertEquals(ret, rec.episodeReturn(), 1e-12);
        assertTrue(Replay.resimulate(rec).matches());
    }

    @Test
    void everyNthTriggerRecordsOnlyThoseEpisodesAndOnDemandAddsOne() {
        List<Path> files = recordChase(5, 5, RecordEpisodes.everyNth(2));
        assertEquals(List.of("ep000000", "ep000002", "ep000004"), files.stream()
                .map(p -> p.getFileName().toString().replaceAll(".*-(ep\\d+)-.*", "$1")).toList());
        try (RecordEpisodes<Object> env = new RecordEpisodes<>(make(EngineEnvs.CHASE, Map.of("max_episode_steps", 3)),
                dir.resolve("demand"), RecordEpisodes.onDemand(), 3)) {
            env.reset(1L, Map.of());
            assertFalse(env.recording());
            env.recordNextEpisode();
            env.reset();
            assertTrue(env.recording());
            env.step(0);
            env.reset();
            assertFalse(env.recording());
            assertEquals(1, env.written().size());
            // stopped mid-episode: kept, and marked incomplete
            assertFalse(EpisodeReader.read(env.written().get(0)).complete());
            assertTrue(Replay.resimulate(EpisodeReader.read(env.written().get(0))).matches());
        }
    }

    @Test
    void unseededRecordedEpisodesGetADrawnSeedThatReplays() {
        List<Path> a = recordChase(3, 8, RecordEpisodes.always());
        for (Path f : a) {
            assertTrue(Replay.resimulate(EpisodeReader.read(f)).matches(), f.toString());
        }
    }

    @Test
    void alteredTransformIsReportedAtItsStepAndSpatial() throws IOException {
        Path f = recordChase(1, 20, RecordEpisodes.always()).get(0);
        List<String> lines = lines(f);
        // line 1 header, 2 reset, 3 step 1, ...: change the target's x in step 4 (line 6)
        Recording rec = EpisodeReader.read(f);
        int target = rec.header().spatialNames().indexOf("Target");
        float x = rec.steps().get(3).transforms()[target][0];
        String tampered = lines.get(5).replace(Float.toString(x), Float.toString(x + 0.5f));
        assertFalse(tampered.equals(lines.get(5)));
        lines.set(5, tampered);
        Path plain = dir.resolve("tampered.jsonl");
        Files.write(plain, lines);
        ReplayReport report = Replay.resimulate(EpisodeReader.read(plain));
        assertFalse(report.matches());
        assertEquals(4, report.divergence().step());
        assertEquals(6, report.divergence().line());
        assertEquals("transform", report.divergence().what());
        assertEquals("Target", report.divergence().spatial());
        assertTrue(report.summary().contains("step 4 (line 6): transform of 'Target' differs"), report.summary());
    }

    @Test
    void corruptedLineFailsNamingFileAndLine() throws IOException {
        Path f = recordChase(1, 10, RecordEpisodes.always()).get(0);
        List<String> lines = lines(f);
        lines.set(3, lines.get(3).substring(0, 40) + "#garbage" + lines.get(3).substring(40));
        Path bad = dir.resolve("corrupt.jsonl");
        Files.write(bad, lines);
        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> EpisodeReader.read(bad));
        assertEquals(4, e.line());
        assertTrue(e.getMessage().startsWith(bad + ":4: not valid JSON"), e.getMessage());
    }

    @Test
    void actionOutsideTheSpaceFailsNamingTheLine() throws IOException {
        Path f = recordChase(1, 10, RecordEpisodes.always()).get(0);
        List<String> lines = lines(f);
        lines.set(2, lines.get(2).replaceFirst("\"action\":\\d", "\"action\":9"));
        Path bad = dir.resolve("badaction.jsonl");
        Files.write(bad, lines);
        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> EpisodeReader.read(bad));
        assertTrue(e.getMessage().startsWith(bad + ":3: bad step line (step 1): action 9 is not in Discrete(5)"), e.getMessage());
    }

    @Test
    void truncatedGzipFailsNamingFileAndLine() throws IOException {
        Path f = recordChase(1, 60, RecordEpisodes.always()).get(0);
        byte[] all = Files.readAllBytes(f);
        Path cut = dir.resolve("cut.jsonl.gz");
        Files.write(cut, Arrays.copyOf(all, all.length * 2 / 3));
        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> EpisodeReader.read(cut));
        assertTrue(e.line() > 2, e.getMessage());
        assertTrue(e.getMessage().startsWith(cut + ":" + e.line() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void fileWithoutEndLineFailsAsTruncated() throws IOException {
        Path f = recordChase(1, 10, RecordEpisodes.always()).get(0);
        List<String> lines = lines(f);
        Path cut = dir.resolve("noend.jsonl");
        Files.write(cut, lines.subList(0, lines.size() - 1));
        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> EpisodeReader.read(cut));
        assertEquals(lines.size() - 1, e.line());
        assertTrue(e.getMessage().contains("the file ends after line " + (lines.size() - 1)) && e.getMessage().contains("truncated"),
                e.getMessage());
    }

    @Test
    void otherFilesAreRejectedAsNotARecording() throws IOException {
        Path other = dir.resolve("other.jsonl");
        Files.writeString(other, "{\"hello\": 1}\n");
        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> EpisodeReader.read(other));
        assertTrue(e.getMessage().startsWith(other + ":1: not a jmegym recording"), e.getMessage());
        Path empty = dir.resolve("empty.jsonl");
        Files.writeString(empty, "");
        assertTrue(assertThrows(RecordingFormatException.class, () -> EpisodeReader.read(empty)).getMessage().contains("empty file"));
    }

    @Test
    void recorderWritesAtomicallyAndLeavesNothingOnAbort() throws IOException {
        try (Env<double[], Object> env = make(EngineEnvs.CHASE, Map.of())) {
            WorldEnv<?> w = (WorldEnv<?>) env.unwrapped();
            Reset<double[]> r = env.reset(4L, Map.of());
            Path target = dir.resolve("game/demand.jsonl.gz");
            EpisodeRecorder rec = EpisodeRecorder.forSimulation(target, EngineEnvs.CHASE, Map.of(), 4L, w.simulation(), 0);
            rec.reset(r.observation());
            Step<double[]> s = env.step(1);
            rec.step(1, s.reward(), s.terminated(), s.truncated(), s.observation(), s.info());
            assertFalse(Files.exists(target), "visible before finish");
            rec.finish();
            assertTrue(Files.exists(target));
            Recording back = EpisodeReader.read(target);
            assertEquals(1, back.steps().size());
            assertArrayEquals(s.observation(), back.steps().get(0).observation());
            assertEquals(Boolean.FALSE, back.steps().get(0).info().get("is_success"));
            EpisodeRecorder dropped = EpisodeRecorder.forSimulation(dir.resolve("game/dropped.jsonl.gz"), EngineEnvs.CHASE,
                    Map.of(), 4L, w.simulation(), 0);
            dropped.reset(r.observation());
            dropped.abort();
            try (var list = Files.list(dir.resolve("game"))) {
                assertEquals(List.of("demand.jsonl.gz"), list.map(p -> p.getFileName().toString()).toList());
            }
        }
    }

    private static List<String> lines(Path gz) throws IOException {
        byte[] raw = Files.readAllBytes(gz);
        try (var in = new GZIPInputStream(new ByteArrayInputStream(raw)); var out = new ByteArrayOutputStream()) {
            in.transferTo(out);
            return new ArrayList<>(List.of(out.toString(StandardCharsets.UTF_8).split("\n")));
        }
    }
}
