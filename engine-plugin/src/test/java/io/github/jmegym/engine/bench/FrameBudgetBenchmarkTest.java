package io.github.jmegym.engine.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The benchmark's own accounting of late frames, on frames made up for it. */
class FrameBudgetBenchmarkTest {
    private static final long MS = 1_000_000;

    @Test
    void lateFramesAreCountedByTheTrainingWorkTheyCarried() {
        FrameBudgetBenchmark.FrameLog log = new FrameBudgetBenchmark.FrameLog();
        log.add(16_700_000, 0, 0, 0, false, false);
        log.add(17 * MS, 100_000, 0, 0, false, false);
        log.add(20 * MS, 3 * MS, 0, 0, false, false);
        log.add(17 * MS, 3 * MS, 0, 0, false, false);
        log.add(30 * MS, 9 * MS, 0, 0, false, false);
        String line = FrameBudgetBenchmark.lateness("Chase-v0", "window", "TIME_SLICED 8 ms", log, 60);
        assertTrue(line.contains("none 0/1 (0.0%)"), line);
        assertTrue(line.contains("0-2 ms 0/1 (0.0%)"), line);
        assertTrue(line.contains("2-4 ms 1/2 (50.0%)"), line);
        assertTrue(line.contains(">8 ms 1/1 (100.0%)"), line);
        assertTrue(FrameBudgetBenchmark.lateness("Chase-v0", "headless", "off", log, 0).contains("no frame-rate cap"));
    }
}
