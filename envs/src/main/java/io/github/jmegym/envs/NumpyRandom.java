package io.github.jmegym.envs;

/**
 * NumPy's default generator, bit for bit: {@code np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed)))},
 * which is what Gymnasium's {@code seeding.np_random(seed)} gives an env on {@code reset(seed=...)}. With it a Java
 * env draws the same start states from the same seed as its Gymnasium original.
 *
 * <p>Implements SeedSequence's hash-mixing (pool of four 32-bit words), PCG64 (128-bit LCG with the XSL-RR
 * output), {@code random()} as {@code (next64 >>> 11) * 2^-53} and {@code uniform(low, high)} as
 * {@code low + (high - low) * random()}. A negative seed (which NumPy rejects) is read as its unsigned 64-bit
 * value. Not thread-safe.
 */
public final class NumpyRandom {
    private static final long MULT_HI = 0x2360ED051FC65DA4L;
    private static final long MULT_LO = 0x4385DF649FCCF645L;
    private static final int INIT_A = 0x43b0d7e5;
    private static final int MULT_A = 0x931e8875;
    private static final int INIT_B = 0x8b51f9dd;
    private static final int MULT_B = 0x58f38ded;
    private static final int MIX_MULT_L = 0xca01f9dd;
    private static final int MIX_MULT_R = 0x4973f715;
    private static final int POOL_SIZE = 4;

    private long stateHi;
    private long stateLo;
    private final long incHi;
    private final long incLo;
    private boolean hasUint32;
    private int uinteger;

    /** @param seed the seed, as {@code SeedSequence(seed)} (read as unsigned 64 bits) */
    public NumpyRandom(long seed) {
        long[] words = generateState(pool(seed), 4);
        // pcg64_set_seed(state, seed = words[0..1], inc = words[2..3]) with PCG_128BIT_CONSTANT(high, low)
        long initHi = words[0];
        long initLo = words[1];
        long seqHi = words[2];
        long seqLo = words[3];
        incHi = (seqHi << 1) | (seqLo >>> 63);
        incLo = (seqLo << 1) | 1L;
        stateHi = 0;
        stateLo = 0;
        step();
        long lo = stateLo + initLo;
        stateHi = stateHi + initHi + (Long.compareUnsigned(lo, stateLo) < 0 ? 1 : 0);
        stateLo = lo;
        step();
    }

    /** The next raw 64 bits, as {@code PCG64.random_raw()}. */
    public long nextLong() {
        step();
        long x = stateHi ^ stateLo;
        int rot = (int) (stateHi >>> 58);
        return Long.rotateRight(x, rot);
    }

    /** A double uniform in [0, 1), as {@code Generator.random()}. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /**
     * The next raw 32 bits (as an unsigned value), as PCG64's {@code next_uint32}: the low half of a fresh 64-bit
     * output, then its high half on the following call.
     */
    public long nextUint32() {
        if (hasUint32) {
            hasUint32 = false;
            return uinteger & 0xFFFFFFFFL;
        }
        long next = nextLong();
        hasUint32 = true;
        uinteger = (int) (next >>> 32);
        return next & 0xFFFFFFFFL;
    }

    /**
     * An integer in {@code [0, n)}, as {@code Generator.integers(n)} (Lemire's method on 32-bit draws, which NumPy
     * uses for ranges below 2^32).
     *
     * @param n the exclusive bound (1 .. 2^32)
     */
    public long integers(long n) {
        if (n < 1 || n > (1L << 32)) {
            throw new IllegalArgumentException("integers(n=" + n + "): expected 1 <= n <= 2^32");
        }
        long rng = n - 1;
        if (rng == 0) {
            return 0;
        }
        if (rng == 0xFFFFFFFFL) {
            return nextUint32();
        }
        long rngExcl = rng + 1;
        long m = nextUint32() * rngExcl; // < 2^64 as an unsigned product; exact in a long's 64 bits
        long leftover = m & 0xFFFFFFFFL;
        if (leftover < rngExcl) {
            long threshold = (0xFFFFFFFFL - rng) % rngExcl;
            while (leftover < threshold) {
                m = nextUint32() * rngExcl;
                leftover = m & 0xFFFFFFFFL;
            }
        }
        return m >>> 32;
    }

    /** {@code Generator.uniform(low, high)}: {@code low + (high - low) * random()}. */
    public double uniform(double low, double high) {
        return low + (high - low) * nextDouble();
    }

    private void step() {
        // state = state * MULT + inc (mod 2^128)
        long lo = stateLo * MULT_LO;
        long hi = unsignedMultiplyHigh(stateLo, MULT_LO) + stateLo * MULT_HI + stateHi * MULT_LO;
        long sumLo = lo + incLo;
        stateHi = hi + incHi + (Long.compareUnsigned(sumLo, lo) < 0 ? 1 : 0);
        stateLo = sumLo;
    }

    private static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    /** SeedSequence's entropy pool for an integer seed (no spawn key). */
    private static int[] pool(long seed) {
        int[] entropy = seed >>> 32 == 0 ? new int[] {(int) seed} : new int[] {(int) seed, (int) (seed >>> 32)};
        int[] mixer = new int[POOL_SIZE];
        int[] hashConst = {INIT_A};
        for (int i = 0; i < POOL_SIZE; i++) {
            mixer[i] = hashmix(i < entropy.length ? entropy[i] : 0, hashConst);
        }
        for (int src = 0; src < POOL_SIZE; src++) {
            for (int dst = 0; dst < POOL_SIZE; dst++) {
                if (src != dst) {
                    mixer[dst] = mix(mixer[dst], hashmix(mixer[src], hashConst));
                }
            }
        }
        return mixer;
    }

    private static int hashmix(int value, int[] hashConst) {
        value ^= hashConst[0];
        hashConst[0] *= MULT_A;
        value *= hashConst[0];
        value ^= value >>> 16;
        return value;
    }

    private static int mix(int x, int y) {
        int result = MIX_MULT_L * x - MIX_MULT_R * y;
        result ^= result >>> 16;
        return result;
    }

    /** {@code SeedSequence.generate_state(n, np.uint64)}: little-endian pairs of 32-bit words. */
    private static long[] generateState(int[] pool, int n64) {
        int hashConst = INIT_B;
        long[] out = new long[n64];
        for (int i = 0; i < 2 * n64; i++) {
            int v = pool[i % POOL_SIZE];
            v ^= hashConst;
            hashConst *= MULT_B;
            v *= hashConst;
            v ^= v >>> 16;
            long word = v & 0xFFFFFFFFL;
            out[i / 2] |= (i % 2 == 0) ? word : word << 32;
        }
        return out;
    }
}
