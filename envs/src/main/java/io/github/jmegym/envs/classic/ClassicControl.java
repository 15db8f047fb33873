package io.github.jmegym.envs.classic;

import io.github.jmegym.envs.Kwargs;
import io.github.jmegym.envs.NumpyRandom;
import io.github.jmegym.envs.spaces.Space;
import java.util.Arrays;

/** Helpers shared by the classic-control ports: reset bounds, continuous action checks, float32 rounding. */
final class ClassicControl {
    /** The reset option holding an explicit internal state. */
    static final String STATE = "state";

    private ClassicControl() {
    }

    /** A generator for an env that was never seeded (NumPy seeds from the OS then; this uses fresh entropy). */
    static NumpyRandom unseeded() {
        return new NumpyRandom(java.util.concurrent.ThreadLocalRandom.current().nextLong());
    }

    /**
     * Reads Gymnasium's {@code low}/{@code high} reset options ({@code utils.maybe_parse_reset_bounds}), each
     * within {@code [min, max]}, and draws {@code n} values uniformly in {@code [low, high)} as
     * {@code np_random.uniform(low, high, size=n)} does.
     */
    static double[] uniformStart(Kwargs options, NumpyRandom rng, int n, double defaultLow, double defaultHigh,
                                 double min, double max, String id) {
        double low = options.getDouble("low", defaultLow, min, max);
        double high = options.getDouble("high", defaultHigh, min, max);
        if (low > high) {
            throw new IllegalArgumentException("reset(options) of " + id + ": low=" + low + " > high=" + high
                    + "; expected low <= high");
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = low + rng.nextDouble() * (high - low);
        }
        return out;
    }

    /**
     * Rejects the option {@code state} combined with options that only apply to a random start.
     *
     * @param randomKeys the options of the random start (e.g. {@code low}, {@code high})
     */
    static void requireStateAlone(Kwargs options, String id, String... randomKeys) {
        for (String k : randomKeys) {
            if (options.has(k)) {
                throw new IllegalArgumentException("reset(options) of " + id + ": '" + STATE + "' and '" + k
                        + "' were both given; an explicit state takes no random-start option");
            }
        }
    }

    /**
     * The one component of a continuous action of shape {@code (1,)}, rounded to float32 (the action space's
     * dtype) but not clipped: the env clips it where Gymnasium does.
     *
     * @throws IllegalArgumentException for a non-{@code double[]}, a wrong length, NaN or an infinity
     */
    static double scalarAction(Object action, Space<?> space, String id) {
        if (action instanceof double[] a && a.length == 1 && Double.isFinite(a[0])) {
            return (float) a[0];
        }
        String where = "step(action=" + describe(action) + ") of " + id;
        if (!(action instanceof double[] a)) {
            throw new IllegalArgumentException(where + ": expected a double[1] in " + space);
        }
        if (a.length != 1) {
            throw new IllegalArgumentException(where + ": expected 1 value for " + space + ", got " + a.length);
        }
        throw new IllegalArgumentException(where + ": " + a[0] + " is not a finite number; expected a value in "
                + space + " (finite values outside it are clipped)");
    }

    private static String describe(Object action) {
        return action instanceof double[] a ? Arrays.toString(a) : String.valueOf(action);
    }

    /** The values rounded to float32, as {@code np.array(..., dtype=np.float32)}. */
    static double[] float32(double... values) {
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
