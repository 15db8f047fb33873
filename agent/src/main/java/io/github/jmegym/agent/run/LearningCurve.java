package io.github.jmegym.agent.run;

import io.github.jmegym.agent.Metrics;
import io.github.jmegym.agent.MetricsSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Collects per-update metrics and draws the learning curve with XChart, written atomically as a PNG: mean episode
 * return against env steps on top; the KL of each update (mean, and the target: TRPO's delta or PPO's targetKl where
 * set) in the middle; effective sample size, clip fraction (PPO) and total-variation distance below.
 */
public final class LearningCurve implements MetricsSink {
    private final String title;
    private final List<Double> steps = new ArrayList<>();
    private final List<Double> ret100 = new ArrayList<>();
    private final List<Double> ret10 = new ArrayList<>();
    private final List<Double> kl = new ArrayList<>();
    private final List<Double> klTarget = new ArrayList<>();
    private final List<Double> ess = new ArrayList<>();
    private final List<Double> clip = new ArrayList<>();
    private final List<Double> tv = new ArrayList<>();

    /** A curve with the given title (the env id, say). */
    public LearningCurve(String title) {
        this.title = title;
    }

    @Override
    public synchronized void record(long totalSteps, Map<String, Double> m) {
        steps.add((double) totalSteps);
        ret100.add(m.getOrDefault(Metrics.EP_REW_MEAN, Double.NaN));
        ret10.add(m.getOrDefault(Metrics.EP_REW_MEAN_10, Double.NaN));
        kl.add(m.getOrDefault(Metrics.APPROX_KL, Double.NaN));
        klTarget.add(m.getOrDefault(Metrics.KL_TARGET, Double.NaN));
        ess.add(m.getOrDefault(Metrics.ESS, Double.NaN));
        clip.add(m.getOrDefault(Metrics.CLIP_FRACTION, Double.NaN));
        tv.add(m.getOrDefault(Metrics.TV_DISTANCE, Double.NaN));
    }

    /** Adds every row of a metrics file ({@link JsonlMetricsSink#readAll}), so a resumed run's curve covers the whole run. */
    public synchronized LearningCurve addAll(Path metricsJsonl) {
        for (JsonlMetricsSink.Row r : JsonlMetricsSink.readAll(metricsJsonl)) {
            record(r.step(), r.metrics());
        }
        return this;
    }

    /** Number of points. */
    public synchronized int size() {
        return steps.size();
    }

    /** Draws the PNG (nothing when no update was recorded). */
    public synchronized void write(Path png) {
        if (steps.isEmpty()) {
            return;
        }
        System.setProperty("java.awt.headless", "true");
        XYChart top = new XYChartBuilder().width(900).height(420).title(title + ": episode return")
                .xAxisTitle("env steps").yAxisTitle("mean return").build();
        add(top, "last 100 episodes", ret100);
        add(top, "last 10 episodes", ret10);
        XYChart middle = new XYChartBuilder().width(900).height(300).title("KL between the policies before and after "
                + "each update").xAxisTitle("env steps").yAxisTitle("KL").build();
        add(middle, "approx KL", kl);
        add(middle, "KL target (delta)", klTarget);
        XYChart bottom = new XYChartBuilder().width(900).height(300).title("update health")
                .xAxisTitle("env steps").yAxisTitle("value").build();
        add(bottom, "ESS", ess);
        add(bottom, "clip fraction", clip);
        add(bottom, "TV distance", tv);
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BitmapEncoder.saveBitmap(List.of(top, middle, bottom), 3, 1, bytes, BitmapEncoder.BitmapFormat.PNG);
            AtomicFiles.write(png, bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw " + png + ": " + e.getMessage(), e);
        }
    }

    private void add(XYChart chart, String name, List<Double> ys) {
        List<Double> xs = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int i = 0; i < ys.size(); i++) {
            if (Double.isFinite(ys.get(i))) {
                xs.add(steps.get(i));
                y.add(ys.get(i));
            }
        }
        if (!xs.isEmpty()) {
            chart.addSeries(name, xs, y).setMarker(SeriesMarkers.NONE);
        }
    }
}
