package io.github.jmegym.engine.record;

import io.github.jmegym.engine.WorldEnv;
import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.Reset;
import io.github.jmegym.envs.Step;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Re-simulates a recording: rebuilds the env from the header (id, kwargs, time limit), resets it with the
 * recorded seed, applies the recorded actions and compares the transforms of the tracked spatials, the
 * observations, rewards and episode ends with the recording, bit for bit, stopping at the first difference.
 */
public final class Replay {
    private Replay() {
    }

    /** Rebuilds the env with {@code Envs.make} and re-simulates the recording in it. */
    @SuppressWarnings("unchecked")
    public static ReplayReport resimulate(Recording rec) {
        try (Env<double[], Object> env = (Env<double[], Object>) (Env<?, ?>) Envs.make(rec.header().envId(), makeKwargs(rec.header()))) {
            return resimulate(rec, env);
        }
    }

    /** The kwargs that rebuild the recorded env with {@code Envs.make}: the header's plus its time limit. */
    public static Map<String, Object> makeKwargs(RecordingHeader h) {
        Map<String, Object> k = new HashMap<>(h.kwargs());
        if (h.maxEpisodeSteps() != null) {
            k.put(Envs.MAX_EPISODE_STEPS, h.maxEpisodeSteps());
        }
        return k;
    }

    /** Re-simulates the recording in {@code env} (built like the recorded one; not closed here). */
    public static ReplayReport resimulate(Recording rec, Env<double[], Object> env) {
        TrackedSpatials tracked = env.unwrapped() instanceof WorldEnv<?> w ? TrackedSpatials.of(w.simulation().rootNode())
                : TrackedSpatials.none();
        if (!tracked.names().equals(rec.header().spatialNames())) {
            return new ReplayReport(rec.file(), 0, new Divergence(0, 1, "scene", "", "spatials " + rec.header().spatialNames(),
                    "spatials " + tracked.names() + " (the world is built differently now)"));
        }
        Reset<double[]> r = env.reset(rec.header().seed(), Map.of());
        Divergence d = compare(rec.reset(), r.observation(), 0, false, false, tracked);
        if (d != null) {
            return new ReplayReport(rec.file(), 0, d);
        }
        int checked = 0;
        for (RecordedStep s : rec.steps()) {
            Step<double[]> st = env.step(s.action());
            checked++;
            d = compare(s, st.observation(), st.reward(), st.terminated(), st.truncated(), tracked);
            if (d != null) {
                return new ReplayReport(rec.file(), checked, d);
            }
        }
        return new ReplayReport(rec.file(), checked, null);
    }

    private static Divergence compare(RecordedStep s, double[] obs, double reward, boolean term, boolean trunc,
                                      TrackedSpatials tracked) {
        float[][] now = tracked.transforms();
        for (int i = 0; i < now.length; i++) {
            if (!Arrays.equals(now[i], s.transforms()[i])) {
                return new Divergence(s.index(), s.line(), "transform", tracked.names().get(i),
                        Arrays.toString(s.transforms()[i]), Arrays.toString(now[i]));
            }
        }
        if (obs.length != s.observation().length) {
            return new Divergence(s.index(), s.line(), "observation length", "", String.valueOf(s.observation().length),
                    String.valueOf(obs.length));
        }
        for (int i = 0; i < obs.length; i++) {
            if (Double.compare(obs[i], s.observation()[i]) != 0) {
                return new Divergence(s.index(), s.line(), "observation", "obs[" + i + "]",
                        String.valueOf(s.observation()[i]), String.valueOf(obs[i]));
            }
        }
        if (s.index() > 0) {
            if (Double.compare(reward, s.reward()) != 0) {
                return new Divergence(s.index(), s.line(), "reward", "", String.valueOf(s.reward()), String.valueOf(reward));
            }
            if (term != s.terminated() || trunc != s.truncated()) {
                return new Divergence(s.index(), s.line(), "episode end", "",
                        "terminated=" + s.terminated() + ", truncated=" + s.truncated(),
                        "terminated=" + term + ", truncated=" + trunc);
            }
        }
        return null;
    }
}
