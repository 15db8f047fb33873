package io.github.jmegym.bridge;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's binary data channel for the hot call, {@code stepAll}: loopback TCP connections that each step one
 * vector handle with length-prefixed frames of the bytes docs/wire-format.md declares (no Py4J text, no Base64).
 * Py4J stays the control channel for everything else.
 *
 * <p>A connection opens with a handshake carrying the gateway's token, the client's session id and the handle; it
 * joins that session ({@link BridgeService#attach}), so the session's envs are released only when its Py4J
 * connections and its vector channels have all closed, and it counts towards {@link Protocol#MAX_CONNECTIONS}
 * with the Py4J connections ({@link ConnectionLimit}). One that has not completed the handshake within
 * {@link Protocol#FIRST_CALL_TIMEOUT_MS} is closed. A Java exception of a step is answered as an error frame
 * (its class and message, as {@link BridgeService#errorDetails}) and the connection keeps working; a malformed frame
 * is answered as an error frame and the connection is closed.
 */
final class VectorChannel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VectorChannel.class);
    /** First four bytes of a handshake: ASCII {@code JMGV}. */
    static final int MAGIC = 0x56474d4a;
    /** Request op: step every sub-env (payload: the actions, as {@code stepAll} takes them). */
    static final int OP_STEP_ALL = 1;
    /** Reply status: the payload is the call's reply bytes. */
    static final int OK = 0;
    /** Reply status: the payload is UTF-8 JSON {@code {"class","message"}} of the Java exception. */
    static final int ERROR = 1;
    /** Longest token or session id a handshake may carry. */
    static final int MAX_NAME_BYTES = 1024;
    /** Largest request payload (64 MiB: far beyond the actions of {@link Protocol#MAX_NUM_ENVS} sub-envs). */
    static final int MAX_REQUEST_BYTES = 64 << 20;
    /**
     * System property: microseconds a channel polls for the next request before it blocks (default 0, at most
     * {@link #MAX_SPIN_MICROS}). A blocked thread sleeps, and waking it up again costs more than a short poll.
     */
    static final String SPIN_PROPERTY = "jmegym.vectorChannel.spinMicros";
    /** Longest poll {@link #SPIN_PROPERTY} may ask for (10 ms: a poll is meant to bridge a short gap, not to idle). */
    static final int MAX_SPIN_MICROS = 10_000;

    private final BridgeService service;
    private final byte[] token;
    private final ConnectionLimit limit;
    private final ServerSocket server;
    private final AtomicInteger numbers = new AtomicInteger();
    private final long spinNanos;
    private volatile boolean closed;

    private VectorChannel(BridgeService service, String token, ConnectionLimit limit) throws IOException {
        this.spinNanos = spinMicros(System.getProperty(SPIN_PROPERTY)) * 1_000L;
        this.service = service;
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.limit = limit;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /**
     * Listens on a free loopback port and announces it in {@link BridgeService#hello}.
     *
     * @param service the service whose vectors the channel steps
     * @param token the gateway's auth token
     * @param limit the connections open at once, shared with the Py4J server
     */
    static VectorChannel start(BridgeService service, String token, ConnectionLimit limit) throws IOException {
        VectorChannel c = new VectorChannel(service, token, limit);
        Thread t = new Thread(c::acceptLoop, "jmegym-vector-channel-accept");
        t.setDaemon(true);
        t.start();
        service.vectorChannelPort(c.port());
        return c;
    }

    /** The poll of {@link #SPIN_PROPERTY}, in microseconds (0 when the property is unset). */
    static long spinMicros(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        long us;
        try {
            us = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            us = -1;
        }
        if (us < 0 || us > MAX_SPIN_MICROS) {
            throw new IllegalArgumentException("-D" + SPIN_PROPERTY + "=" + value + ": expected whole microseconds "
                    + "from 0 to " + MAX_SPIN_MICROS);
        }
        return us;
    }

    /** The loopback port it listens on. */
    int port() {
        return server.getLocalPort();
    }

    /** Stops listening and closes every channel connection. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing the vector channel listener: {}", e.toString());
        }
        limit.dropAll(c -> c instanceof Channel);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("jmegym vector channel: accept failed, no more channels: {}", e.toString());
                }
                return;
            }
            try {
                s.setTcpNoDelay(true);
                s.setSoTimeout(Protocol.FIRST_CALL_TIMEOUT_MS);
                Channel c = limit.admit(() -> new Channel(s), "vector channel from port " + s.getPort());
                Thread t = new Thread(c, "jmegym-vector-channel-" + numbers.incrementAndGet());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                closeQuietly(s);
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** One channel connection: its own thread, bound to one vector handle after the handshake. */
    private final class Channel implements ConnectionLimit.Connection, Runnable {
        private final Socket socket;
        private volatile boolean spoke;

        Channel(Socket socket) {
            this.socket = socket;
        }

        @Override
        public boolean spoke() {
            return spoke;
        }

        @Override
        public void drop() {
            closeQuietly(socket);
        }

        @Override
        public void run() {
            service.connectionOpened();
            try (socket) {
                DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
                OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
                int handle = handshake(in, out);
                if (handle > 0) {
                    serve(handle, in, out);
                }
            } catch (IOException e) { // the client went, fell silent, or sent a malformed handshake
                LOG.debug("vector channel closed: {}", e.toString());
            } catch (RuntimeException e) {
                LOG.warn("jmegym vector channel: {}", e.toString());
            } finally {
                limit.release(this);
                service.connectionClosed();
            }
        }

        /** Reads and checks the handshake; returns the handle, or 0 after answering with an error. */
        private int handshake(DataInputStream in, OutputStream out) throws IOException {
            int magic = readInt(in);
            int protocol = readInt(in);
            int handle = readInt(in);
            byte[] presented = readName(in, "token");
            byte[] session = readName(in, "session id");
            if (magic != MAGIC) {
                return refuse(out, new IllegalArgumentException("vector channel: the handshake starts with 0x"
                        + Integer.toHexString(magic) + "; expected 0x" + Integer.toHexString(MAGIC) + " (JMGV)"));
            }
            if (!MessageDigest.isEqual(presented, token)) {
                return refuse(out, new SecurityException("vector channel: the gateway refused the token"));
            }
            if (protocol != Protocol.VERSION) {
                return refuse(out, new IllegalArgumentException("vector channel: the client speaks bridge protocol "
                        + protocol + " but this gateway speaks " + Protocol.VERSION));
            }
            try {
                service.attach(new String(session, StandardCharsets.UTF_8));
                service.requireOwnVector(handle);
            } catch (RuntimeException e) {
                return refuse(out, e);
            }
            spoke = true;
            socket.setSoTimeout(0); // a working channel may idle between steps for as long as its client likes
            reply(out, OK, new byte[0]);
            return handle;
        }

        private int refuse(OutputStream out, RuntimeException e) throws IOException {
            reply(out, ERROR, details(e));
            return 0;
        }

        private void serve(int handle, DataInputStream in, OutputStream out) throws IOException {
            while (true) {
                awaitRequest(in);
                int op = readInt(in);
                int length = readInt(in);
                if (op != OP_STEP_ALL || length < 0 || length > MAX_REQUEST_BYTES) {
                    reply(out, ERROR, details(new IllegalArgumentException("vector channel: request op=" + op
                            + ", length=" + length + "; expected op " + OP_STEP_ALL + " and 0 to "
                            + MAX_REQUEST_BYTES + " bytes; closing the channel")));
                    return;
                }
                byte[] actions = new byte[length];
                in.readFully(actions);
                byte[] result;
                int status = OK;
                try {
                    result = service.stepAllBytes(handle, actions);
                } catch (RuntimeException | Error e) {
                    status = ERROR;
                    result = details(e);
                }
                reply(out, status, result);
            }
        }

        /** Polls up to {@code spinNanos} for the next request's first bytes (then the read blocks as usual). */
        private void awaitRequest(InputStream in) throws IOException {
            if (spinNanos <= 0) {
                return;
            }
            long start = System.nanoTime();
            while (in.available() == 0 && System.nanoTime() - start < spinNanos) {
                Thread.onSpinWait();
            }
        }

        private byte[] details(Throwable e) {
            return service.errorDetails(e).getBytes(StandardCharsets.UTF_8);
        }
    }

    private static int readInt(DataInputStream in) throws IOException {
        return Integer.reverseBytes(in.readInt());
    }

    private static byte[] readName(DataInputStream in, String what) throws IOException {
        int n = readInt(in);
        if (n < 0 || n > MAX_NAME_BYTES) {
            throw new IOException("vector channel handshake: " + what + " of " + n + " bytes; expected 0 to "
                    + MAX_NAME_BYTES);
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    /** Writes one reply frame: int32 status, int32 length, the payload (one flush: one segment when small). */
    private static void reply(OutputStream out, int status, byte[] payload) throws IOException {
        byte[] header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(status).putInt(payload.length)
                .array();
        out.write(header);
        out.write(payload);
        out.flush();
    }
}
