package io.github.jmegym.agent.tensorboard;

import io.github.jmegym.agent.MetricsSink;
import io.github.jmegym.agent.run.RunFolder;
import io.github.jmegym.proto.tensorboard.Event;
import io.github.jmegym.proto.tensorboard.SessionLog;
import io.github.jmegym.proto.tensorboard.Summary;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Writes every update's metrics into a TensorBoard event file in the run folder
 * ({@code events.out.tfevents.<seconds>.<host>.<pid>.<n>}): a first {@code Event} with
 * {@code file_version "brain.Event:2"}, then one {@code Event} per update whose {@code Summary} holds each metric as
 * a {@code simple_value} scalar under its metrics.jsonl key, at the env step. Each update is flushed, so
 * {@code tensorboard --logdir runs} shows a run while it trains.
 *
 * <p>Every start opens a new file (as TensorFlow's writers do); a resumed run first writes a
 * {@code SessionLog START} at the step after the one it resumes from, so TensorBoard drops what an earlier file holds
 * past the checkpoint (the metrics that resume cut from metrics.jsonl): its reader purges events at or above a START's
 * step, and the update at the checkpoint's own step stays.
 */
public final class TensorBoardSink implements MetricsSink, AutoCloseable {
    /** The file-name prefix TensorBoard looks for in a log directory. */
    public static final String PREFIX = RunFolder.EVENTS_PREFIX;
    /** The version string of the first record. */
    public static final String FILE_VERSION = "brain.Event:2";

    private final Path runDir;
    private final long startStep;
    private Path file;
    private OutputStream out;

    /**
     * A sink that opens a new event file in {@code runDir} (created when missing) at its first update, so a game that
     * never trains leaves no empty file behind.
     *
     * @param startStep the env steps the run starts (or resumes) from; above 0, a {@code SessionLog START} at
     *        {@code startStep + 1} follows the version record
     */
    public TensorBoardSink(Path runDir, long startStep) {
        this.runDir = runDir;
        this.startStep = startStep;
    }

    private void open() throws IOException {
        long seconds = System.currentTimeMillis() / 1000;
        String stem = PREFIX + seconds + "." + hostName() + "." + ProcessHandle.current().pid() + ".";
        Files.createDirectories(runDir);
        for (int n = 0; out == null; n++) {
            Path f = runDir.resolve(stem + n);
            try {
                out = new BufferedOutputStream(Files.newOutputStream(f, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE));
                file = f;
            } catch (FileAlreadyExistsException e) {
                // another sink of this process opened it in the same second: take the next number
            }
        }
        double now = System.currentTimeMillis() / 1000.0;
        TfRecord.write(out, Event.newBuilder().setWallTime(now).setFileVersion(FILE_VERSION).build().toByteArray());
        if (startStep > 0) {
            TfRecord.write(out, Event.newBuilder().setWallTime(now).setStep(startStep + 1)
                    .setSessionLog(SessionLog.newBuilder().setStatus(SessionLog.SessionStatus.START)).build()
                    .toByteArray());
        }
    }

    /** The event file this sink writes, or null before its first update. */
    public Path file() {
        return file;
    }

    /** The {@code Event} for one update: every metric as a {@code simple_value} (float32) under its key. */
    public static Event event(double wallTime, long step, Map<String, Double> metrics) {
        Summary.Builder s = Summary.newBuilder();
        metrics.forEach((k, v) -> s.addValue(Summary.Value.newBuilder().setTag(k).setSimpleValue(v.floatValue())));
        return Event.newBuilder().setWallTime(wallTime).setStep(step).setSummary(s).build();
    }

    @Override
    public void record(long totalSteps, Map<String, Double> metrics) {
        try {
            if (out == null) {
                open();
            }
            TfRecord.write(out, event(System.currentTimeMillis() / 1000.0, totalSteps, metrics).toByteArray());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write TensorBoard events " + (file != null ? file : "in " + runDir)
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (out == null) {
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file + ": " + e.getMessage(), e);
        }
    }

    private static String hostName() {
        try {
            String h = InetAddress.getLocalHost().getHostName();
            return h.isBlank() ? "localhost" : h.replace('/', '_');
        } catch (IOException e) {
            return "localhost";
        }
    }
}
