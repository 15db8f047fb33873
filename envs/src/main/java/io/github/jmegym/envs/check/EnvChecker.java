package io.github.jmegym.envs.check;

import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.Reset;
import io.github.jmegym.envs.Step;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.DictSpace;
import io.github.jmegym.envs.spaces.Discrete;
import io.github.jmegym.envs.spaces.MultiBinary;
import io.github.jmegym.envs.spaces.MultiDiscrete;
import io.github.jmegym.envs.spaces.Space;
import io.github.jmegym.envs.spaces.Spaces;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks that an env follows the API contract, as Gymnasium's {@code check_env}: each {@code check*} method tests
 * one rule and throws {@link IllegalStateException} saying what is wrong; {@link #problems(Env)} runs them all and
 * collects the messages; {@link #check(Env)} throws when there is any. Use it in every module's tests:
 * {@code EnvChecker.check("MyWorld-v0")}.
 *
 * <p>The rules: a step before the first reset throws {@link IllegalStateException}; the spaces round-trip
 * through JSON; reset returns an observation in the observation space; the same seed (and the same actions)
 * gives the same observations, rewards and flags, also for a following unseeded reset; observations stay in the
 * space (float32 Boxes hold float32-representable values) and rewards are finite over a random rollout; an episode
 * that reaches the spec's {@code max_episode_steps} ends there; a step after the episode ended throws
 * {@link IllegalStateException}; bad actions (wrong type, null, out of range for discrete spaces, NaN or infinite
 * for boxes, wrong length) throw {@link IllegalArgumentException} and leave the env unchanged; {@code close} is
 * idempotent.
 */
public final class EnvChecker {
    /** The seed of every check. */
    public static final long SEED = 12345;
    /** Steps of the random rollout. */
    public static final int ROLLOUT_STEPS = 1000;
    /** Steps compared by the determinism check. */
    public static final int DETERMINISM_STEPS = 200;

    private EnvChecker() {
    }

    /** Makes the env with {@link Envs#make(String)} and {@link #check(Env)}s it; the env is closed afterwards. */
    public static void check(String id) {
        throwIfAny(id, problems(id));
    }

    /**
     * Runs every check on a freshly made env (not yet reset) and throws {@link IllegalStateException} listing the
     * problems, if any. Closes the env at the end (the close check).
     */
    public static void check(Env<?, ?> env) {
        throwIfAny(env.spec().id(), problems(env));
    }

    private static void throwIfAny(String id, List<String> problems) {
        if (!problems.isEmpty()) {
            throw new IllegalStateException("EnvChecker: " + id + " breaks " + problems.size() + " rule(s):\n  - "
                    + String.join("\n  - ", problems));
        }
    }

    /** The problems of the env made from {@code id}; empty when it passes. */
    public static List<String> problems(String id) {
        try (Env<?, ?> env = Envs.make(id)) {
            return problems(env);
        }
    }

    /** The problems of a freshly made env (not yet reset); empty when it passes. Closes the env. */
    public static List<String> problems(Env<?, ?> env) {
        Env<Object, Object> e = cast(env);
        Map<String, Runnable> checks = new LinkedHashMap<>();
        checks.put("step before reset", () -> checkStepBeforeResetThrows(e));
        checks.put("spaces", () -> checkSpacesRoundTripThroughJson(e));
        checks.put("reset", () -> checkResetObservationInSpace(e));
        checks.put("determinism", () -> checkSameSeedSameRollout(e));
        checks.put("rollout", () -> checkRollout(e));
        checks.put("bad actions", () -> checkBadActionsRejected(e));
        checks.put("close", () -> checkCloseIdempotent(e));
        List<String> problems = new ArrayList<>();
        checks.forEach((name, check) -> {
            try {
                check.run();
            } catch (IllegalStateException ex) {
                problems.add(name + ": " + ex.getMessage());
            } catch (RuntimeException ex) {
                problems.add(name + ": threw " + ex);
            }
        });
        return problems;
    }

    @SuppressWarnings("unchecked")
    private static Env<Object, Object> cast(Env<?, ?> env) {
        return (Env<Object, Object>) env;
    }

    /** A step on a fresh env (never reset) throws {@link IllegalStateException}. */
    public static void checkStepBeforeResetThrows(Env<Object, Object> env) {
        Object action = env.actionSpace().sample();
        try {
            env.step(action);
        } catch (IllegalStateException expected) {
            return;
        } catch (RuntimeException other) {
            fail("step(" + show(action) + ") before reset() threw " + other + "; expected IllegalStateException");
        }
        fail("step(" + show(action) + ") before reset() did not throw; expected IllegalStateException"
                + " (Envs.make wraps envs in OrderEnforcing)");
    }

    /** Both spaces survive {@code Spaces.fromJson(space.toJson())} and print a description. */
    public static void checkSpacesRoundTripThroughJson(Env<Object, Object> env) {
        for (Space<?> space : List.of(env.observationSpace(), env.actionSpace())) {
            Space<?> back = Spaces.fromJson(space.toJson());
            if (!back.equals(space)) {
                fail("space " + space + " came back from JSON " + space.toJson() + " as " + back);
            }
            if (space.toString().isEmpty() || space.flatDim() < 1) {
                fail("space " + space + " has an empty description or flatDim " + space.flatDim());
            }
        }
    }

    /** {@code reset(seed)} returns an observation in the observation space. */
    public static void checkResetObservationInSpace(Env<Object, Object> env) {
        Reset<Object> r = env.reset(SEED, Map.of());
        requireInSpace(env, r.observation(), "reset(" + SEED + ")");
    }

    /**
     * Two rollouts from {@code reset(seed)} with the same actions give identical observations, rewards and flags,
     * and an unseeded reset after each gives the same observation.
     */
    public static void checkSameSeedSameRollout(Env<Object, Object> env) {
        List<Object> first = rollout(env);
        List<Object> second = rollout(env);
        for (int i = 0; i < Math.min(first.size(), second.size()); i++) {
            if (!same(first.get(i), second.get(i))) {
                fail("two runs from reset(seed=" + SEED + ") with the same actions differ at event " + i + ": "
                        + show(first.get(i)) + " vs " + show(second.get(i)));
            }
        }
        if (first.size() != second.size()) {
            fail("two runs from reset(seed=" + SEED + ") have " + first.size() + " and " + second.size() + " events");
        }
    }

    private static List<Object> rollout(Env<Object, Object> env) {
        List<Object> events = new ArrayList<>();
        env.actionSpace().seed(SEED);
        events.add(env.reset(SEED, Map.of()).observation());
        for (int t = 0; t < DETERMINISM_STEPS; t++) {
            Step<Object> s = env.step(env.actionSpace().sample());
            events.add(s.observation());
            events.add(s.reward());
            events.add(s.terminated());
            events.add(s.truncated());
            if (s.done()) {
                break;
            }
        }
        events.add(env.reset().observation());
        return events;
    }

    /**
     * Over a random rollout of {@link #ROLLOUT_STEPS} steps (resetting after each episode), observations stay in
     * the space and rewards are finite; a step after an episode ended throws {@link IllegalStateException}.
     */
    public static void checkRollout(Env<Object, Object> env) {
        env.actionSpace().seed(SEED + 1);
        env.reset(SEED + 1, Map.of());
        Integer limit = env.spec().maxEpisodeSteps();
        boolean checkedEnd = false;
        int length = 0;
        for (int t = 0; t < ROLLOUT_STEPS; t++) {
            Object action = env.actionSpace().sample();
            Step<Object> s = env.step(action);
            length++;
            String where = "step " + t + " (action " + show(action) + ")";
            requireInSpace(env, s.observation(), where);
            if (!Double.isFinite(s.reward())) {
                fail(where + " returned the reward " + s.reward() + "; expected a finite number");
            }
            if (limit != null && length == limit && !s.done()) {
                fail(where + " is step " + length + " of an episode, the spec's max_episode_steps, but the episode"
                        + " was neither terminated nor truncated (the time limit must truncate it)");
            }
            if (s.done()) {
                length = 0;
                if (!checkedEnd) {
                    checkedEnd = true;
                    requireStepAfterEndThrows(env, s);
                }
                env.reset();
            }
        }
    }

    private static void requireStepAfterEndThrows(Env<Object, Object> env, Step<Object> end) {
        Object action = env.actionSpace().sample();
        String what = end.terminated() ? "termination" : "truncation";
        try {
            env.step(action);
        } catch (IllegalStateException expected) {
            return;
        } catch (RuntimeException other) {
            fail("step after " + what + " without reset threw " + other + "; expected IllegalStateException");
        }
        fail("step after " + what + " without reset did not throw; expected IllegalStateException");
    }

    /**
     * Bad actions throw {@link IllegalArgumentException} and leave the env as it was: the next valid step gives
     * the same result as on an env that never saw them.
     */
    public static void checkBadActionsRejected(Env<Object, Object> env) {
        env.actionSpace().seed(SEED + 2);
        Object valid = env.actionSpace().sample();
        env.reset(SEED + 2, Map.of());
        Step<Object> expected = env.step(valid);
        env.reset(SEED + 2, Map.of());
        for (Object bad : badActions(env.actionSpace())) {
            try {
                env.step(bad);
                fail("step(" + show(bad) + ") was accepted for the action space " + env.actionSpace()
                        + "; expected IllegalArgumentException");
            } catch (IllegalArgumentException rejected) {
                if (rejected.getMessage() == null || rejected.getMessage().isBlank()) {
                    fail("step(" + show(bad) + ") was rejected without a message");
                }
            } catch (RuntimeException other) {
                fail("step(" + show(bad) + ") threw " + other + "; expected IllegalArgumentException");
            }
        }
        Step<Object> after = env.step(valid);
        if (!same(expected.observation(), after.observation()) || expected.reward() != after.reward()
                || expected.terminated() != after.terminated() || expected.truncated() != after.truncated()) {
            fail("after rejected actions the env stepped to " + show(after.observation()) + " (reward "
                    + after.reward() + ") instead of " + show(expected.observation()) + " (reward " + expected.reward()
                    + "): a rejected step changed the env");
        }
    }

    /** Actions that {@code space} must reject. */
    public static List<Object> badActions(Space<?> space) {
        List<Object> bad = new ArrayList<>();
        bad.add(null);
        bad.add("not an action");
        if (space instanceof Discrete d) {
            bad.add(d.start() + d.n());
            bad.add(d.start() - 1);
            bad.add(new double[] {d.start()});
        } else if (space instanceof Box b) {
            double[] nan = new double[b.size()];
            nan[0] = Double.NaN;
            double[] inf = new double[b.size()];
            inf[b.size() - 1] = Double.POSITIVE_INFINITY;
            bad.add(nan);
            bad.add(inf);
            bad.add(new double[b.size() + 1]);
            bad.add(0);
        } else if (space instanceof MultiDiscrete m) {
            int[] high = m.start();
            high[0] += m.nvec()[0];
            bad.add(high);
            bad.add(new int[m.size() + 1]);
        } else if (space instanceof MultiBinary m) {
            int[] two = new int[m.size()];
            two[0] = 2;
            bad.add(two);
            bad.add(new int[m.size() + 1]);
        } else if (space instanceof DictSpace d) {
            Map<String, Object> missing = new LinkedHashMap<>(d.sample());
            missing.remove(missing.keySet().iterator().next());
            bad.add(missing);
        }
        return bad;
    }

    /** {@code close()} can be called twice. */
    public static void checkCloseIdempotent(Env<Object, Object> env) {
        env.close();
        env.close();
    }

    private static void requireInSpace(Env<Object, Object> env, Object obs, String where) {
        String why = env.observationSpace().whyNotContained(obs);
        if (why != null) {
            fail(where + " returned an observation outside " + env.observationSpace() + ": " + why);
        }
        String notFloat32 = notFloat32(env.observationSpace(), obs);
        if (notFloat32 != null) {
            fail(where + " returned " + notFloat32 + " in a float32 Box; round observations with (float), as"
                    + " NumPy's float32 arrays hold them, so that Python sees the same values");
        }
    }

    /** The first value of a float32 Box (possibly inside a Dict) that is not float32-representable, or null. */
    private static String notFloat32(Space<?> space, Object x) {
        if (space instanceof Box b && b.dtype() == io.github.jmegym.envs.spaces.DType.FLOAT32 && x instanceof double[] a) {
            for (int i = 0; i < a.length; i++) {
                if ((double) (float) a[i] != a[i] && !Double.isNaN(a[i])) {
                    return "value [" + i + "]=" + a[i];
                }
            }
        }
        if (space instanceof DictSpace d && x instanceof Map<?, ?> m) {
            for (Map.Entry<String, Space<?>> e : d.spaces().entrySet()) {
                String why = notFloat32(e.getValue(), m.get(e.getKey()));
                if (why != null) {
                    return "'" + e.getKey() + "' " + why;
                }
            }
        }
        return null;
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof double[] x && b instanceof double[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof int[] x && b instanceof int[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof Double x && b instanceof Double y) {
            return Double.compare(x, y) == 0;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (!x.keySet().equals(y.keySet())) {
                return false;
            }
            for (Object k : x.keySet()) {
                if (!same(x.get(k), y.get(k))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    private static String show(Object x) {
        if (x instanceof double[] a) {
            return Arrays.toString(a);
        }
        if (x instanceof int[] a) {
            return Arrays.toString(a);
        }
        return String.valueOf(x);
    }

    private static void fail(String message) {
        throw new IllegalStateException(message);
    }
}
