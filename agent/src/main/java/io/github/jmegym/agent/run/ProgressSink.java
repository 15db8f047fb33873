package io.github.jmegym.agent.run;

import io.github.jmegym.agent.Metrics;
import io.github.jmegym.agent.MetricsSink;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A console progress bar (me.tongfei progressbar) over env steps, showing fps, mean return and approx KL. */
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
        bar.setExtraMessage(String.format(" fps %.0f | return %.1f | kl %.4f", m.get(Metrics.FPS),
                m.get(Metrics.EP_REW_MEAN_10), m.get(Metrics.APPROX_KL)));
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
