package io.github.jmegym.bridge;

import com.google.gson.JsonObject;
import io.github.jmegym.envs.Env;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ServerSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import py4j.GatewayServer;

/**
 * A running Py4J gateway that lets Python drive jmegym envs: started by {@code ./jmegym serve} or in-process by a
 * jME game ({@code JmegymGateway.start(GatewayOptions.defaults())}), which can then expose its running env with
 * {@link #registerLive(String, Env)}.
 *
 * <p>Security: the server listens on the loopback interface only and refuses every client that does not present
 * {@link #token()} (a random 256-bit token unless the options fix one). A client that has it may call the public
 * methods of {@link BridgeService} and nothing else: Py4J's reflection, JVM view and constructor commands are
 * disabled ({@link GuardedGatewayServer}). Sockets set {@code TCP_NODELAY} so that replies of 8 KB and more are not
 * held back by Nagle's algorithm. The hot vector step has a binary channel of its own beside Py4J
 * ({@link VectorChannel}), under the same token, sessions and connection limit.
 *
 * <p>Clients: the envs a client made are released when it goes away (its connections close); a connection that does
 * not authenticate and call within {@link Protocol#FIRST_CALL_TIMEOUT_MS} ms is closed, and at most
 * {@link Protocol#MAX_CONNECTIONS} are open at once.
 *
 * <p>Threads: Py4J runs each Python connection's calls on its own thread. A live env is stepped on that thread, so
 * an env whose state belongs to the render thread must hand its work over itself (e.g. through
 * {@code Application.enqueue} and wait for the result).
 */
public final class JmegymGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JmegymGateway.class);

    private final GuardedGatewayServer server;
    private final ConnectionLimit connections = new ConnectionLimit(Protocol.MAX_CONNECTIONS);
    private VectorChannel vectorChannel;
    private final BridgeService service;
    private final String token;
    private final Path tokenFile;
    private TokenFileLock tokenFileLock;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch shutdownRequested = new CountDownLatch(1);

    private JmegymGateway(GatewayOptions options) {
        this.token = options.token() != null ? options.token() : randomToken();
        this.tokenFile = options.tokenFile();
        this.service = new BridgeService(Vectors::make, shutdownRequested::countDown);
        GatewayServer.turnLoggingOff();
        this.server = new GuardedGatewayServer(service, options.port(), token, noDelayServerSockets(),
                connections);
    }

    /**
     * Starts a gateway; it serves until {@link #close()}.
     *
     * @param options port, connection file and token
     * @return the running gateway
     * @throws UncheckedIOException when the port is taken, another running gateway holds the token file, or the
     *         connection file cannot be written
     */
    public static JmegymGateway start(GatewayOptions options) {
        JmegymGateway g = new JmegymGateway(options);
        if (g.tokenFile != null) {
            g.tokenFileLock = TokenFileLock.acquire(g.tokenFile);
        }
        try {
            g.server.start(true);
        } catch (py4j.Py4JNetworkException e) {
            g.releaseTokenFile();
            throw new UncheckedIOException(new IOException("jmegym gateway: cannot listen on 127.0.0.1:"
                    + options.port() + " (" + e.getMessage() + "); choose another --port or 0 for a free one", e));
        }
        try {
            g.vectorChannel = VectorChannel.start(g.service, g.token, g.connections);
        } catch (IOException e) {
            g.close();
            throw new UncheckedIOException("jmegym gateway: cannot listen for vector channels on 127.0.0.1", e);
        }
        if (g.tokenFileLock != null) {
            try {
                g.tokenFileLock.write(g.connectionJson(true));
            } catch (IOException e) {
                g.close();
                throw new UncheckedIOException("jmegym gateway: cannot write the token file " + g.tokenFile, e);
            }
        }
        LOG.info("jmegym gateway listening on 127.0.0.1:{} (protocol {})", g.port(), Protocol.VERSION);
        return g;
    }

    /** The port the gateway listens on (loopback only). */
    public int port() {
        return server.getListeningPort();
    }

    /** The auth token clients must present. */
    public String token() {
        return token;
    }

    /** The object Python calls (exposed for in-process tests). */
    public BridgeService service() {
        return service;
    }

    /** Number of client connections open now, Py4J's and vector channels (tests and diagnostics). */
    public int openConnections() {
        return connections.size();
    }

    /** The loopback port of the vector channel (docs/wire-format.md), announced to clients by {@code hello}. */
    public int vectorChannelPort() {
        return vectorChannel.port();
    }

    /**
     * The connection details as JSON: {@code {"protocol":1,"port":P,"token":"..."}}.
     *
     * @param withToken whether to include the token (leave it out of anything others can read)
     */
    public String connectionJson(boolean withToken) {
        JsonObject o = new JsonObject();
        o.addProperty("protocol", Protocol.VERSION);
        o.addProperty("port", port());
        if (withToken) {
            o.addProperty("token", token);
        }
        return o.toString();
    }

    /**
     * Exposes a running env (e.g. the game's) under {@code id}; Python sees it in {@code list_envs()} and as
     * {@code jmegym/<id>} after {@code jmegym.connect(...)}. It shadows a registered env of the same id, may be
     * driven by one Python handle at a time, and is never closed by Python.
     *
     * @param id an id of the form {@code Name-vN}
     * @param env the env; it must accept calls from Py4J's threads (see the class doc)
     */
    public void registerLive(String id, Env<?, ?> env) {
        service.registerLive(id, env);
    }

    /** Withdraws a live env; a Python handle still using it gets an error on its next call. */
    public void unregisterLive(String id) {
        service.unregisterLive(id);
    }

    /** Blocks until a client calls {@code shutdown()} or the gateway is closed, or the time-out passes. */
    public boolean awaitShutdownRequest(long timeout, TimeUnit unit) throws InterruptedException {
        return shutdownRequested.await(timeout, unit);
    }

    /** Blocks until a client calls {@code shutdown()} or the gateway is closed. */
    public void awaitShutdownRequest() throws InterruptedException {
        shutdownRequested.await();
    }

    /**
     * Closes every env Python opened (live envs are only released), stops the server, deletes the token file if it
     * still holds this gateway's token.
     */
    @Override
    public void close() {
        if (stopped.getCount() == 0) {
            return;
        }
        stopped.countDown();
        shutdownRequested.countDown();
        service.closeAll();
        if (vectorChannel != null) {
            vectorChannel.close();
        }
        server.shutdown();
        releaseTokenFile();
        LOG.info("jmegym gateway on port {} stopped", server.getListeningPort());
    }

    private void releaseTokenFile() {
        if (tokenFileLock != null) {
            try {
                tokenFileLock.close();
            } catch (IOException e) {
                LOG.warn("could not delete the token file {}: {}", tokenFile, e.toString());
            }
            tokenFileLock = null;
        }
    }

    static String randomToken() {
        byte[] b = new byte[Protocol.TOKEN_BYTES];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Writes {@code content} to {@code file} atomically, readable and writable by the user only. */
    static void writeConnectionFile(Path file, String content) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, content + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Server sockets whose accepted connections set {@code TCP_NODELAY} (what the gateway listens with). */
    static ServerSocketFactory noDelayServerSockets() {
        return new NoDelayServerSocketFactory();
    }

    /** Server sockets whose accepted connections set {@code TCP_NODELAY}. */
    private static final class NoDelayServerSocketFactory extends ServerSocketFactory {
        @Override
        public ServerSocket createServerSocket() throws IOException {
            return new NoDelayServerSocket();
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            ServerSocket s = new NoDelayServerSocket();
            s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return s;
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog) throws IOException {
            ServerSocket s = new NoDelayServerSocket();
            s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
            return s;
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
            ServerSocket s = new NoDelayServerSocket();
            s.bind(new java.net.InetSocketAddress(address, port), backlog);
            return s;
        }
    }

    private static final class NoDelayServerSocket extends ServerSocket {
        NoDelayServerSocket() throws IOException {
            super();
        }

        @Override
        public Socket accept() throws IOException {
            Socket s = super.accept();
            s.setTcpNoDelay(true);
            return s;
        }
    }
}
