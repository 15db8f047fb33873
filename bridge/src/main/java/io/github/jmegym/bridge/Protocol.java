package io.github.jmegym.bridge;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Constants and the message layouts of the Python bridge, in one place (the Python package mirrors them in
 * {@code jmegym/_protocol.py}).
 *
 * <p><b>Handshake.</b> A launched gateway prints one line on stdout before anything else:
 * {@code JMEGYM_GATEWAY {"protocol":1,"port":P,"token":"..."}} (the token is left out when it went to a token file).
 * The client then calls {@code hello(protocol)}, which fails unless both sides speak {@value #VERSION}.
 *
 * <p><b>Sessions.</b> A client sends {@code attach(sessionId)} first on every connection it opens (after Py4J's
 * authentication), with one random id per client; the gateway releases a session's handles when its last connection
 * closes. A connection must authenticate and make its first call within {@value #FIRST_CALL_TIMEOUT_MS} ms, and only
 * the public methods of {@link BridgeService} can be called.
 *
 * <p><b>Elements.</b> Observations and actions cross as {@link SpaceCodec} forms (layout {@value #LAYOUT_VERSION}).
 *
 * <p><b>Replies</b> (all little-endian; {@code json} = int32 length then that many UTF-8 bytes of JSON, length 0
 * meaning an empty info):
 * <ul>
 *   <li>{@code reset}: {@code obs | json(info)}</li>
 *   <li>{@code step}: {@code obs | float64 reward | int8 terminated | int8 truncated | json(info)}</li>
 *   <li>{@code resetAll}: {@code obs[0..n) | json(list of infos)}</li>
 *   <li>{@code stepAll}: {@code obs[0..n) | float64[n] rewards | int8[n] terminated | int8[n] truncated |
 *       json(list of infos)}</li>
 *   <li>{@code render}: {@code int32 width | int32 height | RGB bytes, row-major from the top-left}, or an empty
 *       array when the env gave no frame.</li>
 * </ul>
 * A list of infos is sent as length 0 when every info is empty. Replies travel as standard Base64 text of these
 * bytes ({@link #reply}): Py4J 0.10.9.9 turns a returned {@code byte[]} into Python bytes one byte at a time in
 * Python (about 0.1 us per byte, 170 us for the reply of 64 CartPoles), while a string is decoded in C. Requests
 * (actions) are plain {@code byte[]} arguments, which Py4J already encodes in C.
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
