package io.github.jmegym.engine.render;

import io.github.jmegym.engine.WorldEnv;
import io.github.jmegym.engine.record.EpisodeReader;
import io.github.jmegym.engine.record.RecordEpisodes;
import io.github.jmegym.engine.record.Recording;
import io.github.jmegym.engine.record.EpisodeRenderer;
import io.github.jmegym.engine.worlds.EngineEnvs;
import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Render speed on this machine, one JSON line per case: frames per second of {@link WorldRenderer#render()} (scene
 * capture, hand-over to the render thread, draw into a frame buffer, readback to RGB) for Chase-v0 at several
 * sizes, of a Chase-v0 {@code rgb_array} env stepping with and without a {@code render()} after every step, and
 * of rendering a recorded episode to PNG files and to a GIF (with encoding).
 * Run by {@code benchmarks/record/run.sh}; arguments: seconds per case (default 2).
 */
public final class RenderBenchmark {
    private RenderBenchmark() {
    }

    /** Runs every case and prints one JSON line each. */
    @SuppressWarnings("unchecked")
    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2.0;
        OffscreenRenderer r = OffscreenRenderer.shared();
        String backend = r.backend() + " (" + r.glDescription() + ")";
        for (int[] size : List.of(new int[] {84, 84}, new int[] {320, 240}, new int[] {640, 480})) {
            try (Env<double[], Object> env = (Env<double[], Object>) (Env<?, ?>) Envs.make(EngineEnvs.CHASE, Map.of())) {
                env.reset(0L, Map.of());
                WorldRenderer wr = new WorldRenderer(((WorldEnv<?>) env.unwrapped()).simulation().rootNode(), size[0], size[1],
                        null, SceneStyle.defaults(), r);
                for (int i = 0; i < 20; i++) {
                    wr.render();
                }
                long n = 0;
                long start = System.nanoTime();
                long end = start + (long) (seconds * 1e9);
                while (System.nanoTime() < end) {
                    wr.render();
                    n++;
                }
                print("render+readback", size, backend, n, System.nanoTime() - start);
            }
        }
        for (int[] size : List.of(new int[] {0, 0}, new int[] {320, 240}, new int[] {600, 400})) {
            boolean render = size[0] > 0;
            Map<String, Object> k = render ? Map.of("render_mode", "rgb_array", "render_width", size[0], "render_height", size[1])
                    : Map.of();
            try (Env<double[], Object> env = (Env<double[], Object>) (Env<?, ?>) Envs.make(EngineEnvs.CHASE, k)) {
                env.actionSpace().seed(1);
                env.reset(0L, Map.of());
                long n = 0;
                long start = System.nanoTime();
                long end = start + (long) (seconds * 1e9);
                while (System.nanoTime() < end) {
                    var s = env.step(env.actionSpace().sample());
                    if (render) {
                        env.render().orElseThrow();
                    }
                    if (s.terminated() || s.truncated()) {
                        env.reset();
                    }
                    n++;
                }
                print(render ? "Chase-v0 step + render()" : "Chase-v0 step only", size, backend, n, System.nanoTime() - start);
            }
        }
        episodeToFiles(r, backend);
        System.exit(0);
    }

    /** A recorded Chase-v0 episode (random actions, up to 150 decisions) rendered to PNG frames and a GIF. */
    @SuppressWarnings("unchecked")
    private static void episodeToFiles(OffscreenRenderer r, String backend) {
        try {
            Path dir = Files.createTempDirectory("jmegym-render-bench");
            Path file;
            try (RecordEpisodes<Object> env = new RecordEpisodes<>((Env<double[], Object>) (Env<?, ?>) Envs.make(EngineEnvs.CHASE,
                    Map.of("max_episode_steps", 150, "target_speed", 2.0)), dir, RecordEpisodes.always(), 0)) {
                env.actionSpace().seed(3);
                env.reset(4L, Map.of());
                boolean done = false;
                while (!done) {
                    var s = env.step(env.actionSpace().sample());
                    done = s.terminated() || s.truncated();
                }
                file = env.written().get(0);
            }
            Recording rec = EpisodeReader.read(file);
            for (boolean gif : new boolean[] {false, true}) {
                EpisodeRenderer.Result res = EpisodeRenderer.render(rec, dir.resolve(gif ? "gif" : "png"),
                        new EpisodeRenderer.Options(320, 240, !gif, gif, 0, 1), r);
                print(gif ? "episode to GIF (incl. rebuilding the world)" : "episode to PNG files (incl. rebuilding the world)",
                        new int[] {320, 240}, backend, res.frames(), (long) (res.seconds() * 1e9));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void print(String kind, int[] size, String backend, long n, long nanos) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("case", kind);
        o.put("size", size[0] > 0 ? size[0] + "x" + size[1] : "-");
        o.put("backend", backend);
        o.put("frames", n);
        o.put("per_s", Math.round(n / (nanos / 1e9)));
        System.out.println(Json.GSON.toJson(o));
    }
}
