package io.github.jmegym.envs.vector;

import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.EnvSpec;
import io.github.jmegym.envs.Reset;
import io.github.jmegym.envs.Step;
import io.github.jmegym.envs.spaces.Space;
import io.github.jmegym.envs.spaces.Spaces;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vector-env logic both {@link SyncVectorEnv} and {@link ThreadedVectorEnv} share (Gymnasium 1.x's
 * {@code SyncVectorEnv.step/reset}): seeding, reset masks, the three autoreset modes, validation and failure
 * handling. Subclasses only decide how the per-sub-env work runs ({@link #runAll}).
 *
 * <p>Before any sub-env is touched, {@code step} checks the number of actions, that every action is well formed
 * ({@link Spaces#whyMalformed}) and, in {@link AutoresetMode#DISABLED} mode, that no sub-env waits for a reset: a
 * rejected call changes nothing.
 *
 * <p>Failures. Whatever a sub-env throws in {@code step} or {@code reset}, a {@link RuntimeException} or an
 * {@link Error} ({@code AssertionError}, {@code StackOverflowError}, {@code OutOfMemoryError}), is handled the same
 * way: every other sub-env still completes its part of the call (no sub-env silently misses a step), the failed one
 * is marked as waiting for a reset ({@link #needsReset(int)}) and the call throws a {@link SubEnvException} naming
 * the first failed sub-env (later ones are suppressed exceptions). The results of the other sub-envs in that call
 * are not returned, but their state stays consistent (one that ended its episode in it is reset by the next step as
 * usual). The vector stays usable: the next {@code step} resets the failed sub-env and ignores its action, as after
 * an episode end (in disabled mode it must be reset with a mask first). If the first {@code reset} fails,
 * {@code step} waits for a full {@code reset} that succeeds.
 *
 * <p>One call at a time. A call that arrives while another has not returned (from a second thread, or after the
 * first caller gave up waiting) throws an {@link IllegalStateException} naming the sub-env still running and for how
 * long, instead of stepping sub-envs concurrently or queueing behind it. {@link ThreadedVectorEnv} bounds its wait
 * for the worker threads; after that time-out it refuses every call but {@link #close()}. {@code close()} never waits
 * for a sub-env that is still running: it closes that one on a background daemon thread.
 *
 * @param <O> observation type of one sub-env
 * @param <A> action type of one sub-env
 */
public abstract class BaseVectorEnv<O, A> implements VectorEnv<O, A> {
    private static final Logger LOG = LoggerFactory.getLogger(BaseVectorEnv.class);
    private final List<Env<O, A>> envs;
    private final AutoresetMode mode;
    private final EnvSpec spec;
    private final Space<O> singleObservationSpace;
    private final Space<A> singleActionSpace;
    private final Space<?> observationSpace;
    private final Space<?> actionSpace;
    /** Sub-env i ended its episode (or failed) in the last step and must be reset before it steps again. */
    private final boolean[] needsReset;
    private boolean hasReset;
    private volatile boolean closed;
    /** Held by the one call in progress. */
    private final AtomicBoolean busy = new AtomicBoolean();
    /** The call in progress ({@code "step"} or {@code "reset"}), for messages. */
    private volatile String currentCall = "step";
    /** When sub-env i's part of the current call started ({@link System#nanoTime()}, never 0), or 0 when idle. */
    private final AtomicLongArray runningSince;
    /** Why the vector refuses calls (a sub-env outlived the time-out), or {@code null}. */
    private volatile String unusable;

    /**
     * @param envs the sub-envs (at least one, all with equal spaces); the vector env owns and closes them
     * @param mode how finished sub-envs restart ({@code null}: the spec's mode)
     */
    protected BaseVectorEnv(List<? extends Env<O, A>> envs, AutoresetMode mode) {
        if (envs == null || envs.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": numEnvs="
                    + (envs == null ? "null" : 0) + "; expected at least one sub-env");
        }
        this.envs = List.copyOf(envs);
        Env<O, A> first = this.envs.get(0);
        this.spec = first.spec();
        this.mode = mode == null ? spec.autoresetMode() : mode;
        this.singleObservationSpace = first.observationSpace();
        this.singleActionSpace = first.actionSpace();
        for (int i = 1; i < this.envs.size(); i++) {
            Env<O, A> e = this.envs.get(i);
            if (!e.observationSpace().equals(singleObservationSpace) || !e.actionSpace().equals(singleActionSpace)) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": sub-env " + i + " (" + e.spec().id()
                        + ") has spaces " + e.observationSpace() + " / " + e.actionSpace() + " but sub-env 0 has "
                        + singleObservationSpace + " / " + singleActionSpace + "; all sub-envs must have equal spaces");
            }
        }
        this.observationSpace = Spaces.batch(singleObservationSpace, this.envs.size());
        this.actionSpace = Spaces.batch(singleActionSpace, this.envs.size());
        this.needsReset = new boolean[this.envs.size()];
        this.runningSince = new AtomicLongArray(this.envs.size());
    }

    /**
     * Runs {@code task} for every sub-env index and returns the outcomes in index order. Must run every task even
     * when some fail, and must not return before all have finished, except by throwing (after
     * {@link #refuseFurtherCalls}) when a task outlives a time-out.
     */
    protected abstract <T> List<Outcome<T>> runAll(IntFunction<T> task);

    /**
     * The result of one sub-env's task: a value, or the exception it threw.
     *
     * @param value the result ({@code null} on failure)
     * @param error what the task threw (a runtime exception or an error), or {@code null} on success
     * @param <T> result type
     */
    protected record Outcome<T>(T value, Throwable error) {
        /** Runs {@code task} for index {@code i}, capturing anything it throws, errors included. */
        public static <T> Outcome<T> of(IntFunction<T> task, int i) {
            try {
                return new Outcome<>(task.apply(i), null);
            } catch (Throwable e) { // an Error of one sub-env must not skip the others (see the class doc)
                return new Outcome<>(null, e);
            }
        }
    }

    /** The sub-envs (unmodifiable). */
    public List<Env<O, A>> envs() {
        return envs;
    }

    @Override
    public int numEnvs() {
        return envs.size();
    }

    @Override
    public VectorReset<O> reset(Long seed, Map<String, ?> options) {
        enter("reset");
        try {
            return resetHere(seed, options);
        } finally {
            busy.set(false);
        }
    }

    private VectorReset<O> resetHere(Long seed, Map<String, ?> options) {
        Map<String, Object> subOptions = options == null ? new HashMap<>() : new HashMap<>(options);
        Object maskValue = subOptions.remove(RESET_MASK);
        boolean[] mask = maskValue == null ? null : parseMask(maskValue);
        if (mask != null && !hasReset) {
            throw new IllegalStateException("reset(" + RESET_MASK + ") of " + this
                    + " before the first full reset: call reset() without a mask first");
        }
        Map<String, Object> shared = Map.copyOf(subOptions);
        List<Outcome<Reset<O>>> outcomes = runTracked(i -> {
            if (mask != null && !mask[i]) {
                return null;
            }
            return envs.get(i).reset(seed == null ? null : seed + i, shared);
        });
        List<O> obs = new ArrayList<>(envs.size());
        List<Map<String, Object>> infos = new ArrayList<>(envs.size());
        for (int i = 0; i < envs.size(); i++) {
            Reset<O> r = outcomes.get(i).value();
            obs.add(r == null ? null : r.observation());
            infos.add(r == null ? Map.of() : r.info());
            if (outcomes.get(i).error() != null) {
                needsReset[i] = true; // a half-done reset: the next step resets it again
            } else if (r != null) {
                needsReset[i] = false;
            }
        }
        throwFirstFailure(outcomes, "reset");
        hasReset = true;
        return new VectorReset<>(obs, infos);
    }

    private boolean[] parseMask(Object v) {
        boolean[] mask;
        if (v instanceof boolean[] b) {
            mask = b.clone();
        } else if (v instanceof List<?> l && l.stream().allMatch(e -> e instanceof Boolean)) {
            mask = new boolean[l.size()];
            for (int i = 0; i < mask.length; i++) {
                mask[i] = (Boolean) l.get(i);
            }
        } else {
            throw new IllegalArgumentException("reset(options) of " + this + ": " + RESET_MASK + "=" + v
                    + "; expected a boolean[" + envs.size() + "]");
        }
        if (mask.length != envs.size()) {
            throw new IllegalArgumentException("reset(options) of " + this + ": " + RESET_MASK + " has " + mask.length
                    + " values; expected " + envs.size() + " (one per sub-env)");
        }
        return mask;
    }

    @Override
    public VectorStep<O> step(List<A> actions) {
        enter("step");
        try {
            return stepHere(actions);
        } finally {
            busy.set(false);
        }
    }

    private VectorStep<O> stepHere(List<A> actions) {
        if (!hasReset) {
            throw new IllegalStateException("step() on " + this + " before reset(): call reset() first");
        }
        if (actions == null || actions.size() != envs.size()) {
            throw new IllegalArgumentException("step(actions) of " + this + ": got "
                    + (actions == null ? "null" : actions.size() + " actions") + "; expected " + envs.size()
                    + " (one per sub-env)");
        }
        for (int i = 0; i < envs.size(); i++) {
            if (mode == AutoresetMode.DISABLED && needsReset[i]) {
                throw new IllegalStateException("step() on " + this + ": sub-env " + i + " has ended its episode (or failed) and "
                        + "autoreset is disabled; reset it with reset(null, Map.of(\"" + RESET_MASK + "\", mask))");
            }
            boolean skipped = mode == AutoresetMode.NEXT_STEP && needsReset[i];
            String why = skipped ? null : Spaces.whyMalformed(singleActionSpace, actions.get(i));
            if (why != null) {
                throw new IllegalArgumentException("step(actions) of " + this + ": action of sub-env " + i + ": " + why);
            }
        }
        List<Outcome<Step<O>>> outcomes = runTracked(i -> stepOne(i, actions.get(i)));
        int n = envs.size();
        List<O> obs = new ArrayList<>(n);
        double[] rewards = new double[n];
        boolean[] terminated = new boolean[n];
        boolean[] truncated = new boolean[n];
        List<Map<String, Object>> infos = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Step<O> s = outcomes.get(i).value();
            if (s == null) {
                needsReset[i] = true;
                obs.add(null);
                infos.add(Map.of());
                continue;
            }
            obs.add(s.observation());
            rewards[i] = s.reward();
            terminated[i] = s.terminated();
            truncated[i] = s.truncated();
            infos.add(s.info());
            needsReset[i] = mode != AutoresetMode.SAME_STEP && s.done();
        }
        throwFirstFailure(outcomes, "step");
        return new VectorStep<>(obs, rewards, terminated, truncated, infos);
    }

    /** One sub-env's part of a step, following the autoreset mode. Runs on the sub-env's worker thread. */
    private Step<O> stepOne(int i, A action) {
        Env<O, A> env = envs.get(i);
        if (needsReset[i]) {
            // next-step mode, or a sub-env whose previous step failed: this step resets it and ignores its action
            Reset<O> r = env.reset();
            return new Step<>(r.observation(), 0.0, false, false, r.info());
        }
        Step<O> s = env.step(action);
        if (mode == AutoresetMode.SAME_STEP && s.done()) {
            Reset<O> r = env.reset();
            Map<String, Object> info = new LinkedHashMap<>();
            info.put(FINAL_OBS, s.observation());
            info.put(FINAL_INFO, s.info());
            info.putAll(r.info());
            return new Step<>(r.observation(), s.reward(), s.terminated(), s.truncated(), info);
        }
        return s;
    }

    private void throwFirstFailure(List<? extends Outcome<?>> outcomes, String call) {
        String others = call.equals("step") ? "the other sub-envs stepped" : "the other sub-envs were reset";
        String next;
        if (!hasReset) {
            next = "; call reset() again (" + others + ")";
        } else if (mode == AutoresetMode.DISABLED) {
            next = "; reset it with the option " + RESET_MASK + " (" + others + ")";
        } else {
            next = "; it will be reset at the next step (" + others + ")";
        }
        SubEnvException first = SubEnvException.firstOf(outcomes.stream().map(Outcome::error).toList(),
                call + "() of " + this, next);
        if (first != null) {
            throw first;
        }
    }

    /** {@link #runAll} with each sub-env's running time recorded, for the one-call-at-a-time check. */
    private <T> List<Outcome<T>> runTracked(IntFunction<T> task) {
        return runAll(i -> {
            runningSince.set(i, System.nanoTime() | 1);
            try {
                return task.apply(i);
            } finally {
                runningSince.set(i, 0);
            }
        });
    }

    /** Starts a call: the vector must be open and usable, and no other call may be in progress. */
    private void enter(String call) {
        requireOpen(call);
        if (!busy.compareAndSet(false, true)) {
            throw new IllegalStateException(call + "() on " + this + ": " + describeRunning()
                    + " (an earlier call has not returned); a vector env takes one call at a time: wait for it, "
                    + "or close this vector");
        }
        if (unusable != null) {
            busy.set(false);
            boolean stillRunning = false;
            for (int i = 0; i < runningSince.length(); i++) {
                stillRunning |= isRunning(i);
            }
            throw new IllegalStateException(call + "() on " + this + ": "
                    + (stillRunning ? describeRunning() : unusable + " (it has returned since; that call's results were dropped)")
                    + "; close this vector");
        }
        currentCall = call;
    }

    /**
     * What the longest-running sub-env of the current call is doing, e.g. {@code "sub-env 2 has not returned from
     * step() for 30.0 s"}.
     */
    protected final String describeRunning() {
        int longest = longestRunning();
        long since = longest < 0 ? 0 : runningSince.get(longest);
        if (longest < 0 || since == 0) {
            return "an earlier " + currentCall + "() has not returned";
        }
        return String.format(Locale.ROOT, "sub-env %d has not returned from %s() for %.1f s", longest, currentCall,
                (System.nanoTime() - since) / 1e9);
    }

    /** The sub-env that has been running longest in the current call, or -1 when none is running. */
    private int longestRunning() {
        int longest = -1;
        long since = 0;
        for (int i = 0; i < runningSince.length(); i++) {
            long t = runningSince.get(i);
            if (t != 0 && (longest < 0 || t - since < 0)) {
                longest = i;
                since = t;
            }
        }
        return longest;
    }

    /** Whether sub-env i's part of a call is running now. */
    protected final boolean isRunning(int i) {
        return runningSince.get(i) != 0;
    }

    /**
     * Makes every later call but {@link #close()} throw, because a sub-env outlived the time-out of the current
     * call; called by {@link #runAll}, which then throws an {@link IllegalStateException} with the returned message.
     *
     * @param timeout the time-out it outlived
     * @return the message, e.g. {@code "sub-env 2 has not returned from step() for 30.0 s (call time-out 30.0 s);
     *         close this vector"}
     */
    protected final String refuseFurtherCalls(Duration timeout) {
        int i = longestRunning();
        String seconds = String.format(Locale.ROOT, "%.1f", timeout.toMillis() / 1000.0);
        unusable = (i < 0 ? "a sub-env" : "sub-env " + i) + " did not return from " + currentCall + "() within the "
                + seconds + " s call time-out";
        return describeRunning() + " (call time-out " + seconds + " s); close this vector";
    }

    @Override
    public Space<O> singleObservationSpace() {
        return singleObservationSpace;
    }

    @Override
    public Space<A> singleActionSpace() {
        return singleActionSpace;
    }

    @Override
    public Space<?> observationSpace() {
        return observationSpace;
    }

    @Override
    public Space<?> actionSpace() {
        return actionSpace;
    }

    @Override
    public AutoresetMode autoresetMode() {
        return mode;
    }

    @Override
    public EnvSpec spec() {
        return spec;
    }

    /** Whether sub-env i waits for a reset (its episode ended in the last step, or its step failed). */
    public boolean needsReset(int i) {
        return needsReset[i];
    }

    private void requireOpen(String call) {
        if (closed) {
            throw new IllegalStateException(call + "() on " + this + " after close()");
        }
    }

    /**
     * Closes every sub-env and the threads. A sub-env still running (a call in progress on another thread, or a
     * sub-env that outlived the time-out) is closed on a background daemon thread, so this never waits for it.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeExecution();
        RuntimeException first = null;
        List<Env<O, A>> running = new ArrayList<>();
        for (int i = 0; i < envs.size(); i++) {
            if (isRunning(i)) {
                running.add(envs.get(i));
                continue;
            }
            try {
                envs.get(i).close();
            } catch (RuntimeException ex) {
                if (first == null) {
                    first = ex;
                } else {
                    first.addSuppressed(ex);
                }
            }
        }
        if (!running.isEmpty()) {
            closeInBackground(running);
        }
        if (first != null) {
            throw first;
        }
    }

    private void closeInBackground(List<Env<O, A>> running) {
        String what = this + ": closing " + running.size() + " sub-env(s) still running (" + describeRunning() + ")";
        LOG.warn("{} on a background thread", what);
        Thread t = new Thread(() -> {
            for (Env<O, A> e : running) {
                try {
                    e.close();
                } catch (RuntimeException ex) {
                    LOG.warn("{}: close() of {} failed", what, e, ex);
                }
            }
        }, "jmegym-vec-close-" + spec.id());
        t.setDaemon(true);
        t.start();
    }

    /** Releases what {@link #runAll} uses (the thread pool); called once by {@link #close()}. */
    protected void closeExecution() {
        // nothing by default
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + spec.id() + " x" + envs.size() + ", " + mode.gymName() + ")";
    }
}
