package io.github.jmegym.engine.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.agent.Metrics;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The HUD's text: a figure that does not exist in the current mode reads {@code -}, never {@code NaN}. */
class TrainingHudTextTest {
    @Test
    @Timeout(5)
    void figureIsADashWhenMissingNaNOrInfiniteAndFormattedOtherwise() {
        assertEquals("-", TrainingHud.figure("%.4f", null));
        assertEquals("-", TrainingHud.figure("%.4f", Double.NaN));
        assertEquals("-", TrainingHud.figure("%.2f ms", Double.POSITIVE_INFINITY));
        assertEquals("1.23 ms", TrainingHud.figure("%.2f ms", 1.234));
        assertEquals("-0.5000", TrainingHud.figure("%.4f", -0.5));
    }

    @Test
    @Timeout(5)
    void outsideTrainingTheHudShowsDashesForTheTrainingFiguresAndNoNaN() {
        TrainingStats s = new TrainingStats();
        s.setMode(GameMode.HEURISTIC, false);
        s.episodeDone(GameMode.HEURISTIC, 1.5);
        s.frameDone(1_000_000L, 0, false);
        String text = TrainingHud.lines(s);
        assertFalse(text.contains("NaN"), text);
        assertTrue(text.contains("Mode: HEURISTIC"), text);
        assertTrue(text.contains("Return (last 10):  heuristic 1.50 (1 ep)\n"), text);
        assertTrue(text.contains("approx KL -   clip frac -   ESS -\n"), text);
        assertTrue(text.endsWith("training work per frame: median -   p99 -   max -"), text);
    }

    @Test
    @Timeout(5)
    void aStatusMessageIsTheLastLineAndNoEmptyLineEndsTheText() {
        TrainingStats s = new TrainingStats();
        assertFalse(TrainingHud.lines(s).endsWith("\n"), "an empty last line would stretch the panel");
        s.setMessage("saved runs/ingame");
        assertTrue(TrainingHud.lines(s).endsWith("max -\nsaved runs/ingame"), TrainingHud.lines(s));
    }

    @Test
    @Timeout(5)
    void beforeAnyEpisodeTheReturnLineIsADash() {
        String text = TrainingHud.lines(new TrainingStats());
        assertTrue(text.contains("Return (last 10): -\n"), text);
        assertFalse(text.contains("NaN"), text);
    }

    @Test
    @Timeout(5)
    void afterAnUpdateTheHudShowsItsMetricsAndTheTrainingWork() {
        TrainingStats s = new TrainingStats();
        s.updateDone(2048, Map.of(Metrics.APPROX_KL, 0.0123, Metrics.CLIP_FRACTION, 0.25, Metrics.ESS, 0.9));
        s.frameDone(1_000_000L, 2_500_000L, true);
        String text = TrainingHud.lines(s);
        assertTrue(text.contains("approx KL 0.0123   clip frac 0.250   ESS 0.900\n"), text);
        assertTrue(text.endsWith("median 2.50 ms   p99 2.50 ms   max 2.50 ms"), text);
    }
}
