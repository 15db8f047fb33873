package io.github.jmegym.agent.run;

import io.github.jmegym.agent.Metrics;
import io.github.jmegym.agent.MetricsSink;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A console progress bar (me.tongfei progressbar) over env steps, showing fps, mean return and the update's health:
 * approx KL, ESS, TV distance, policy lag, and the clip fraction (PPO) or line-search steps (TRPO) where reported.
 */
public final class ProgressSink implements MetricsSink, AutoCloseable {
    private final ProgressBar bar;
    private final long start;
    private boolean closed;

    /**
     * @param task the task name (env id)
     * @param startStep steps already done (resumed runs)
     * @param maxStep the step count the bar fills at
     */
    public ProgressSink(String task, long startStep, long maxStep) {
        this.start = startStep;
        this.bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(maxStep).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250).setMaxRenderedLength(130).build();
        bar.stepTo(startStep);
    }

    @Override
    public void record(long totalSteps, Map<String, Double> m) {
        bar.stepTo(Math.min(totalSteps, bar.getMax()));
        bar.setExtraMessage(line(m));
    }

    /** The text after the bar: {@code fps 4412 | return 120.5 | kl 0.0081 | ess 0.98 | tv 0.031 | lag 0 | clip 0.12}. */
    static String line(Map<String, Double> m) {
        StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT, " fps %.0f | return %.1f | kl %.4f",
                m.get(Metrics.FPS), m.get(Metrics.EP_REW_MEAN_10), m.get(Metrics.APPROX_KL)));
        append(b, "ess", "%.2f", m.get(Metrics.ESS));
        append(b, "tv", "%.3f", m.get(Metrics.TV_DISTANCE));
        append(b, "lag", "%.0f", m.get(Metrics.POLICY_LAG));
        append(b, "clip", "%.2f", m.get(Metrics.CLIP_FRACTION));
        append(b, "ls", "%.0f", m.get(Metrics.LINE_SEARCH_STEPS));
        return b.toString();
    }

    private static void append(StringBuilder b, String name, String format, Double v) {
        if (v != null && Double.isFinite(v)) {
            b.append(" | ").append(name).append(' ').append(String.format(java.util.Locale.ROOT, format, v));
        }
    }

    /** Steps at start. */
    public long startStep() {
        return start;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            bar.close();
        }
    }
}
