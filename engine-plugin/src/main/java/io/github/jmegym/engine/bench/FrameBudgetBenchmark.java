package io.github.jmegym.engine.bench;

import com.jme3.app.Application;
import com.jme3.app.state.BaseAppState;
import com.jme3.system.JmeContext;
import io.github.jmegym.agent.PpoConfig;
import io.github.jmegym.agent.UpdateMode;
import io.github.jmegym.engine.EngineWorld;
import io.github.jmegym.engine.EngineWorlds;
import io.github.jmegym.engine.WorldSimulation;
import io.github.jmegym.engine.app.GameMode;
import io.github.jmegym.engine.app.InGameApp;
import io.github.jmegym.engine.app.InGameConfig;
import io.github.jmegym.engine.app.TrainingAppState;
import io.github.jmegym.engine.app.TrainingStats;
import io.github.jmegym.envs.Envs;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The in-game frame budget, one scenario per run: a game (windowed, or headless) plays an engine world with training
 * off (the heuristic) or on in one update mode, and every frame is recorded with what happened in it: its wall time,
 * the training work in it, the JVM's garbage-collection and JIT-compilation time that accrued during it (GC and
 * compilation MXBeans), whether a decision was held back for a backlogged update and whether an update was installed.
 * Prints one Markdown table row (p50/p99/max frame time and training work per frame, frames over 1x/2x the budget),
 * the share of late frames by the training work they carried, and the five worst frames with their attribution. A
 * frame's time is the interval between two passes of the sampler's {@code update}, which runs after the training
 * state's in every frame: so a frame that carries more training work than the frame before shows as longer even
 * while the frame rate holds, because its picture is ready that much later (what a player sees as a stutter). Every
 * frame after the first 30 counts: the trainer's one-time warm-up (ND4J, JIT) runs before the first frame
 * ({@code PpoTrainer.warmUp}), so the first update's frames are not set apart.
 * {@code benchmarks/ingame/frames.sh} runs the matrix.
 *
 * <p>Arguments: {@code ENV AGENTS MODE(OFF|SYNC|BACKGROUND|TIME_SLICED) SECONDS WINDOW(true|false) SPEED FPS SLICE_MS}.
 */
public final class FrameBudgetBenchmark {
    private static final int WARMUP_FRAMES = 30;

    private FrameBudgetBenchmark() {
    }

    /** One recorded frame. */
    private record Frame(long nanos, long workNanos, long gcMillis, long jitMillis, boolean held, boolean installed) {
    }

    /**
     * Every frame of a run in primitive columns, in chunks: a headless game runs about a million frames in 20 s, and
     * as many small {@code Frame} objects, all surviving, made each young collection copy them (pauses of tens of
     * milliseconds, counted against the frames they were meant to measure).
     */
    static final class FrameLog {
        private static final int CHUNK = 1 << 15;
        private final List<long[]> nanos = new ArrayList<>();
        private final List<long[]> work = new ArrayList<>();
        /** gc ms (bits 0-23), JIT ms (24-47), held (48), installed (49) */
        private final List<long[]> packed = new ArrayList<>();
        private int size;

        void add(long frameNanos, long workNanos, long gcMillis, long jitMillis, boolean held, boolean installed) {
            if (size % CHUNK == 0) {
                nanos.add(new long[CHUNK]);
                work.add(new long[CHUNK]);
                packed.add(new long[CHUNK]);
            }
            int c = size / CHUNK;
            int i = size % CHUNK;
            nanos.get(c)[i] = frameNanos;
            work.get(c)[i] = workNanos;
            packed.get(c)[i] = Math.min(gcMillis, 0xFFFFFF) | Math.min(jitMillis, 0xFFFFFF) << 24
                    | (held ? 1L << 48 : 0) | (installed ? 1L << 49 : 0);
            size++;
        }

        int size() {
            return size;
        }

        long nanos(int k) {
            return nanos.get(k / CHUNK)[k % CHUNK];
        }

        long work(int k) {
            return work.get(k / CHUNK)[k % CHUNK];
        }

        Frame frame(int k) {
            long p = packed.get(k / CHUNK)[k % CHUNK];
            return new Frame(nanos(k), work(k), p & 0xFFFFFF, (p >>> 24) & 0xFFFFFF, (p & 1L << 48) != 0,
                    (p & 1L << 49) != 0);
        }
    }

    /** Runs one scenario and prints its row and its worst frames. */
    public static void main(String[] args) throws Exception {
        if (args.length != 8) {
            throw new IllegalArgumentException("FrameBudgetBenchmark: expected ENV AGENTS MODE SECONDS WINDOW SPEED FPS "
                    + "SLICE_MS, got " + Arrays.toString(args));
        }
        String id = args[0];
        int agents = Integer.parseInt(args[1]);
        String mode = args[2];
        double seconds = Double.parseDouble(args[3]);
        boolean window = Boolean.parseBoolean(args[4]);
        double speed = Double.parseDouble(args[5]);
        int fps = Integer.parseInt(args[6]);
        double sliceMs = Double.parseDouble(args[7]);
        boolean train = !mode.equals("OFF");
        UpdateMode um = train ? UpdateMode.valueOf(mode) : UpdateMode.TIME_SLICED;
        EngineWorld world = EngineWorlds.of(id);
        Map<String, Object> kwargs = Map.of();
        PpoConfig ppo = InGameConfig.defaults().ppo().withUpdateMode(um).withSliceBudgetMillis(sliceMs);
        Integer limit = Envs.spec(id).maxEpisodeSteps();
        Path runDir = Files.createTempDirectory("jmegym-frames");
        InGameConfig config = InGameConfig.defaults().withPpo(ppo).withSpeed(speed).withSeed(1)
                .withMaxEpisodeSteps(limit == null ? 0 : limit).withSaveDir(runDir);
        TrainingAppState state = new TrainingAppState(agents == 1
                ? () -> new WorldSimulation(world.world(kwargs), world.config(kwargs))
                : () -> new WorldSimulation(world.world(agents, kwargs), world.config(kwargs)),
                config, train ? GameMode.TRAINING : GameMode.HEURISTIC);
        FrameLog frames = new FrameLog();
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Sampler sampler = new Sampler(state, frames, seconds, done);
        InGameApp app = new InGameApp(state, true, null) {
            @Override
            public void simpleInitApp() {
                super.simpleInitApp();
                stateManager.attach(sampler);
            }

            @Override
            public void handleError(String errMsg, Throwable t) {
                failure.compareAndSet(null, t == null ? new IllegalStateException(errMsg) : t);
                done.countDown();
                stop();
            }
        };
        sampler.app = app;
        JmeContext.Type context = InGameApp.configure(app, "jmegym frame budget", 800, 600, fps, !window);
        long cpu0 = cpuNanos();
        app.start(context);
        if (!done.await((long) (seconds + 120), TimeUnit.SECONDS)) {
            app.stop(false);
            throw new IllegalStateException("FrameBudgetBenchmark: the game did not finish");
        }
        app.stop(true);
        if (failure.get() != null) {
            throw new IllegalStateException("the game failed: " + failure.get(), failure.get());
        }
        double cpu = (cpuNanos() - cpu0) / 1e9;
        report(id, agents, mode, window, speed, fps, sliceMs, state.stats(), frames, cpu);
    }

    private static long cpuNanos() {
        return ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class).getProcessCpuTime();
    }

    /** Records every frame's time and what accrued during it; stops the game after the given seconds. */
    private static final class Sampler extends BaseAppState {
        private final TrainingAppState state;
        private final FrameLog frames;
        private final double seconds;
        private final CountDownLatch done;
        private final List<GarbageCollectorMXBean> gcs = ManagementFactory.getGarbageCollectorMXBeans();
        private final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        private InGameApp app;
        private long last = -1;
        private long start = -1;
        private long gcLast;
        private long jitLast;
        private long heldLast;
        private int updatesLast;
        private int seen;

        Sampler(TrainingAppState state, FrameLog frames, double seconds, CountDownLatch done) {
            this.state = state;
            this.frames = frames;
            this.seconds = seconds;
            this.done = done;
        }

        @Override
        public void update(float tpf) {
            long now = System.nanoTime();
            TrainingStats s = state.stats();
            long gc = gcs.stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
            long comp = jit.getTotalCompilationTime();
            long held = s.decisionsHeld();
            int updates = s.updates();
            if (last >= 0 && ++seen > WARMUP_FRAMES) {
                frames.add(now - last, s.lastFrameTrainingNanos(), gc - gcLast, comp - jitLast, held > heldLast,
                        updates > updatesLast);
                if (start < 0) {
                    start = now;
                }
            }
            last = now;
            gcLast = gc;
            jitLast = comp;
            heldLast = held;
            updatesLast = updates;
            if (start >= 0 && now - start >= seconds * 1e9) {
                done.countDown();
                app.stop();
            }
        }

        @Override
        protected void initialize(Application a) {
        }

        @Override
        protected void cleanup(Application a) {
        }

        @Override
        protected void onEnable() {
        }

        @Override
        protected void onDisable() {
        }
    }

    private static double q(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
    }

    private static void report(String id, int agents, String mode, boolean window, double speed, int fps,
                               double sliceMs, TrainingStats stats, FrameLog all, double cpuSeconds) {
        int n = all.size();
        long[] ft = new long[n];
        long gcMs = 0;
        int worked = 0;
        for (int k = 0; k < n; k++) {
            ft[k] = all.nanos(k);
            gcMs += all.frame(k).gcMillis();
            worked += all.work(k) > 0 ? 1 : 0;
        }
        long[] work = new long[worked];
        for (int k = 0, w = 0; k < n; k++) {
            if (all.work(k) > 0) {
                work[w++] = all.work(k);
            }
        }
        Arrays.sort(ft);
        Arrays.sort(work);
        long over = Arrays.stream(work).filter(w -> w > sliceMs * 1e6).count();
        long over2 = Arrays.stream(work).filter(w -> w > 2 * sliceMs * 1e6).count();
        String scene = id + (agents > 1 ? " x" + agents : "");
        String where = window ? "window (Xvfb+Mesa), " + (fps <= 0 ? "uncapped" : fps + " FPS cap") : "headless";
        String trainCol = mode.equals("OFF") ? "off" : mode + (mode.equals("TIME_SLICED") ? " " + fmt(sliceMs) + " ms" : "");
        String f = work.length == 0 ? "- | - | -" : fmt(q(work, 0.5)) + " | " + fmt(q(work, 0.99)) + " | "
                + fmt(work[work.length - 1] / 1e6);
        System.out.printf(Locale.ROOT, "| %s | %s, speed %s | %s | %,d | %s | %s | %s | %s | %s | %d | %,d | %d | %d | %.1f |%n",
                scene, where, fmt(speed), trainCol, ft.length, fmt(q(ft, 0.5)), fmt(q(ft, 0.99)),
                ft.length == 0 ? "-" : fmt(ft[ft.length - 1] / 1e6), f,
                work.length == 0 ? "-" : over + " / " + over2, stats.updates(), stats.totalSteps(), stats.decisionsHeld(),
                gcMs, cpuSeconds);
        List<Frame> worst = new ArrayList<>();
        long floor = ft.length < 5 ? Long.MIN_VALUE : ft[ft.length - 5];
        for (int k = 0; k < n; k++) {
            if (all.nanos(k) >= floor) {
                worst.add(all.frame(k));
            }
        }
        worst.sort(Comparator.comparingLong(Frame::nanos).reversed());
        System.out.println(lateness(scene, where, trainCol, all, window ? fps : 0));
        StringBuilder b = new StringBuilder("worst frames of " + scene + " " + where + " " + trainCol + ":");
        for (Frame w : worst.subList(0, Math.min(5, worst.size()))) {
            b.append(String.format(Locale.ROOT, " %.1f ms (%s)", w.nanos() / 1e6, attribution(w, sliceMs)));
        }
        System.out.println(b);
    }

    /**
     * Frames late by more than 2 ms past the frame-rate cap's interval, by the training work they carried: where the
     * p99 comes from (a frame late without training work is the scene's own cost).
     */
    static String lateness(String scene, String where, String trainCol, FrameLog all, int fps) {
        if (fps <= 0) {
            return "lateness of " + scene + " " + where + " " + trainCol + ": no frame-rate cap";
        }
        double[] edges = {0, 1e-9, 2, 4, 6, 8, Double.MAX_VALUE};
        String[] names = {"none", "0-2 ms", "2-4 ms", "4-6 ms", "6-8 ms", ">8 ms"};
        long[] count = new long[names.length];
        long[] late = new long[names.length];
        double interval = 1e3 / fps;
        for (int k = 0; k < all.size(); k++) {
            double w = all.work(k) / 1e6;
            int b = 0;
            while (b < names.length - 1 && w >= edges[b + 1]) {
                b++;
            }
            count[b]++;
            if (all.nanos(k) / 1e6 > interval + 2) {
                late[b]++;
            }
        }
        StringBuilder b = new StringBuilder("lateness of " + scene + " " + where + " " + trainCol
                + " (frames > interval + 2 ms / frames, by training work):");
        for (int i = 0; i < names.length; i++) {
            b.append(String.format(Locale.ROOT, " %s %d/%d (%.1f%%)", names[i], late[i], count[i],
                    count[i] == 0 ? 0.0 : 100.0 * late[i] / count[i]));
        }
        return b.toString();
    }

    /**
     * What a frame spent its time on, as far as the counters tell: training work, GC pause time and JIT compilation
     * time that accrued during the frame (compilation runs on its own threads: it competes for the cores rather than
     * pausing the frame), and the rest (rendering, physics, waiting for a core).
     */
    static String attribution(Frame w, double sliceMs) {
        List<String> parts = new ArrayList<>();
        if (w.workNanos() > 0) {
            parts.add("training " + fmt(w.workNanos() / 1e6) + " ms" + (w.workNanos() > sliceMs * 1e6 ? " over budget" : ""));
        }
        if (w.gcMillis() > 0) {
            parts.add("GC " + w.gcMillis() + " ms");
        }
        if (w.jitMillis() > 0) {
            parts.add("JIT " + w.jitMillis() + " ms");
        }
        if (w.held()) {
            parts.add("decision held");
        }
        if (w.installed()) {
            parts.add("update installed");
        }
        // GC pauses and JIT run inside the training work or outside it: "other" is the frame minus the training work
        parts.add("other " + fmt(Math.max(0, w.nanos() - w.workNanos()) / 1e6) + " ms");
        return String.join(", ", parts);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v).replaceAll("\\.00$", "");
    }
}
