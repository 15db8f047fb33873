package io.github.jmegym.agent.core;

/**
 * A SplitMix64 generator whose whole state is one {@code long}, so checkpoints can save and restore it exactly
 * ({@link java.util.SplittableRandom} uses the same algorithm but hides its state).
 */
public final class Rng {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private long state;

    /** A generator seeded with {@code seed}. */
    public Rng(long seed) {
        this.state = seed;
    }

    /** The state, for checkpoints. */
    public long state() {
        return state;
    }

    /** Restores a state from {@link #state()}. */
    public void setState(long s) {
        this.state = s;
    }

    /** An independent child generator (advances this one). */
    public Rng split() {
        return new Rng(mix(nextLong()) ^ 0x5DEECE66DL);
    }

    /** The next 64 random bits. */
    public long nextLong() {
        state += GOLDEN;
        return mix(state);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in {@code 0 .. bound - 1}. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("Rng.nextInt: bound=" + bound + "; expected > 0");
        }
        long r = (nextLong() >>> 1) % bound;
        return (int) r;
    }

    /** Standard normal (Box-Muller, one value per call so the state stays a single long). */
    public double nextGaussian() {
        double u1 = nextDouble();
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** Fisher-Yates shuffle of {@code 0 .. n-1} into {@code perm}. */
    public void permutation(int[] perm) {
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        for (int i = perm.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
    }
}
