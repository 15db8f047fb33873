package io.github.jmegym.bridge;

import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.DType;
import io.github.jmegym.envs.spaces.DictSpace;
import io.github.jmegym.envs.spaces.Discrete;
import io.github.jmegym.envs.spaces.MultiBinary;
import io.github.jmegym.envs.spaces.MultiDiscrete;
import io.github.jmegym.envs.spaces.Space;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fixed-size little-endian binary form of one element of a space (layout version
 * {@value Protocol#LAYOUT_VERSION}), used for observations and actions on the bridge. The per-type layout is declared
 * in {@code docs/wire-format.md} (golden bytes: {@code bridge/src/test/resources/wire-golden.json}). Every element of
 * a space has the same size ({@link #size()}), so a vector of {@code n} elements is {@code n} forms back to back.
 *
 * <p>Decoding checks only what the bytes can say (sizes, integer ranges of the wire types); the env checks
 * membership (bounds, NaN) with its own message.
 *
 * @param <T> the element type of the space
 */
public sealed interface SpaceCodec<T> {

    /** Bytes per element. */
    int size();

    /** Writes {@code value} at the buffer's position (which must be little-endian). */
    void encode(Object value, ByteBuffer out);

    /** Reads one element from the buffer's position (which must be little-endian). */
    T decode(ByteBuffer in);

    /** The codec of {@code space}; throws for a space type the layout does not define. */
    static SpaceCodec<?> of(Space<?> space) {
        if (space instanceof Box b) {
            return new BoxCodec(b.size(), b.dtype());
        }
        if (space instanceof Discrete) {
            return new DiscreteCodec();
        }
        if (space instanceof MultiDiscrete m) {
            return new MultiDiscreteCodec(m.size());
        }
        if (space instanceof MultiBinary m) {
            return new MultiBinaryCodec(m.size());
        }
        if (space instanceof DictSpace d) {
            Map<String, SpaceCodec<?>> parts = new LinkedHashMap<>();
            d.spaces().forEach((k, s) -> parts.put(k, of(s)));
            return new DictCodec(parts);
        }
        throw new IllegalArgumentException("bridge: no binary layout for space " + space
                + "; supported are Box, Discrete, MultiDiscrete, MultiBinary and Dict of these");
    }

    /** Encodes one element into a new little-endian array of {@link #size()} bytes. */
    default byte[] encodeToBytes(Object value) {
        ByteBuffer b = Protocol.buffer(size());
        encode(value, b);
        return b.array();
    }

    /**
     * Decodes {@code count} elements laid out back to back, checking that {@code bytes} holds exactly that many.
     *
     * @param bytes the data
     * @param count number of elements expected
     * @param where the call, for messages (e.g. {@code "step(CartPole-v1)"})
     */
    default List<T> decodeAll(byte[] bytes, int count, String where) {
        if (bytes == null) {
            throw new IllegalArgumentException(where + ": action bytes are null; expected " + (long) count * size()
                    + " bytes");
        }
        if (bytes.length != (long) count * size()) {
            throw new IllegalArgumentException(where + ": got " + bytes.length + " action bytes; expected "
                    + (long) count * size() + " (" + count + " x " + size() + " bytes per action, layout v"
                    + Protocol.LAYOUT_VERSION + ")");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        List<T> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(decode(in));
        }
        return out;
    }

    /** Box: float32, float64 (IEEE little-endian) or uint8 (one byte) per element. */
    record BoxCodec(int n, DType dtype) implements SpaceCodec<double[]> {
        @Override
        public int size() {
            return n * (dtype == DType.UINT8 ? 1 : dtype == DType.FLOAT32 ? 4 : 8);
        }

        @Override
        public void encode(Object value, ByteBuffer out) {
            double[] a = cast(value, double[].class, this);
            requireLength(a.length, n, this);
            if (dtype == DType.UINT8) {
                for (double v : a) {
                    out.put((byte) (int) DType.UINT8.round(v));
                }
            } else if (dtype == DType.FLOAT32) {
                for (double v : a) {
                    out.putFloat((float) v);
                }
            } else {
                for (double v : a) {
                    out.putDouble(v);
                }
            }
        }

        @Override
        public double[] decode(ByteBuffer in) {
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = dtype == DType.UINT8 ? Byte.toUnsignedInt(in.get()) : dtype == DType.FLOAT32 ? in.getFloat() : in.getDouble();
            }
            return a;
        }
    }

    /** Discrete: one int64. */
    record DiscreteCodec() implements SpaceCodec<Integer> {
        @Override
        public int size() {
            return 8;
        }

        @Override
        public void encode(Object value, ByteBuffer out) {
            if (!(value instanceof Number n)) {
                throw new IllegalArgumentException("bridge: expected an integer observation for Discrete, got " + value);
            }
            out.putLong(n.longValue());
        }

        @Override
        public Integer decode(ByteBuffer in) {
            long v = in.getLong();
            if (v != (int) v) {
                throw new IllegalArgumentException("bridge: Discrete value " + v
                        + " does not fit a 32-bit int; expected a value of the space");
            }
            return (int) v;
        }
    }

    /** MultiDiscrete: one int64 per element. */
    record MultiDiscreteCodec(int n) implements SpaceCodec<int[]> {
        @Override
        public int size() {
            return n * 8;
        }

        @Override
        public void encode(Object value, ByteBuffer out) {
            int[] a = cast(value, int[].class, this);
            requireLength(a.length, n, this);
            for (int v : a) {
                out.putLong(v);
            }
        }

        @Override
        public int[] decode(ByteBuffer in) {
            int[] a = new int[n];
            for (int i = 0; i < n; i++) {
                long v = in.getLong();
                if (v != (int) v) {
                    throw new IllegalArgumentException("bridge: MultiDiscrete value [" + i + "]=" + v
                            + " does not fit a 32-bit int; expected a value of the space");
                }
                a[i] = (int) v;
            }
            return a;
        }
    }

    /** MultiBinary: one int8 per element. */
    record MultiBinaryCodec(int n) implements SpaceCodec<int[]> {
        @Override
        public int size() {
            return n;
        }

        @Override
        public void encode(Object value, ByteBuffer out) {
            int[] a = cast(value, int[].class, this);
            requireLength(a.length, n, this);
            for (int v : a) {
                out.put((byte) v);
            }
        }

        @Override
        public int[] decode(ByteBuffer in) {
            int[] a = new int[n];
            for (int i = 0; i < n; i++) {
                a[i] = in.get();
            }
            return a;
        }
    }

    /** Dict: the sub-spaces' forms concatenated in key order. */
    record DictCodec(Map<String, SpaceCodec<?>> parts) implements SpaceCodec<Map<String, Object>> {
        /** Copies the parts, keeping their order. */
        public DictCodec {
            parts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parts));
        }

        @Override
        public int size() {
            return parts.values().stream().mapToInt(SpaceCodec::size).sum();
        }

        @Override
        public void encode(Object value, ByteBuffer out) {
            if (!(value instanceof Map<?, ?> m) || !m.keySet().equals(parts.keySet())) {
                throw new IllegalArgumentException("bridge: expected a Map with keys " + parts.keySet() + ", got "
                        + (value instanceof Map<?, ?> m2 ? "keys " + m2.keySet() : String.valueOf(value)));
            }
            parts.forEach((k, c) -> c.encode(m.get(k), out));
        }

        @Override
        public Map<String, Object> decode(ByteBuffer in) {
            Map<String, Object> m = new LinkedHashMap<>();
            parts.forEach((k, c) -> m.put(k, c.decode(in)));
            return m;
        }
    }

    private static <A> A cast(Object value, Class<A> type, SpaceCodec<?> codec) {
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("bridge: " + codec + " expected a " + type.getSimpleName() + ", got "
                    + (value == null ? "null" : value.getClass().getSimpleName()));
        }
        return type.cast(value);
    }

    private static void requireLength(int got, int expected, SpaceCodec<?> codec) {
        if (got != expected) {
            throw new IllegalArgumentException("bridge: " + codec + " expected " + expected + " values, got " + got);
        }
    }
}
