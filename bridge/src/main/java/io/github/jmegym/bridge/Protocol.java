package io.github.jmegym.bridge;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Constants of the Python bridge, in one place (the Python package has the same ones in {@code jmegym/_protocol.py}).
 *
 * <p>The handshake, sessions, element layout (version {@value #LAYOUT_VERSION}, {@link SpaceCodec}), reply layouts
 * and Base64 transport are declared once, in {@code docs/wire-format.md}; its golden bytes are
 * {@code bridge/src/test/resources/wire-golden.json}, checked by the Java and the Python tests.
 */
public final class Protocol {
    /** Protocol version checked by the handshake; bump it on any incompatible change to calls or layouts. */
    public static final int VERSION = 1;
    /** Version of the binary element layout ({@link SpaceCodec}). */
    public static final int LAYOUT_VERSION = 1;
    /** Prefix of the machine-readable first stdout line of a launched gateway. */
    public static final String READY_PREFIX = "JMEGYM_GATEWAY ";
    /** Port used when the options ask for one: 0 means a free port chosen by the OS. */
    public static final int FREE_PORT = 0;
    /** Bytes of randomness in an auth token (printed as hex). */
    public static final int TOKEN_BYTES = 32;
    /**
     * Milliseconds a new connection has to authenticate and make its first call before the gateway closes it (a
     * socket that never speaks would otherwise hold a JVM thread for good).
     */
    public static final int FIRST_CALL_TIMEOUT_MS = 5_000;
    /**
     * Connections open at once. A new one beyond it replaces the oldest connection that has not made its first call
     * yet, else it is closed at once. A Python bridge holds one per thread that calls at the same time, plus one.
     */
    public static final int MAX_CONNECTIONS = 64;
    /** Largest {@code num_envs} of one vector (each sub-env is a whole env in this JVM). */
    public static final int MAX_NUM_ENVS = 65_536;

    private Protocol() {
    }

    /** The wire form of a reply: standard Base64 (RFC 4648, no line breaks) of its bytes. */
    public static String reply(byte[] bytes) {
        return java.util.Base64.getEncoder().encodeToString(bytes);
    }

    /** A little-endian heap buffer of {@code size} bytes. */
    public static ByteBuffer buffer(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
