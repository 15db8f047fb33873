package io.github.jmegym.bridge;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client connections a gateway holds open at once, Py4J's and the vector channel's alike, under one limit of
 * {@link Protocol#MAX_CONNECTIONS}: a new connection beyond it replaces the oldest one that has not spoken yet (not
 * authenticated and made its first call), else it is refused.
 */
final class ConnectionLimit {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimit.class);
    private static final long WARN_EVERY_MS = 10_000;

    /** One open client connection. */
    interface Connection {
        /** Whether the client has authenticated and made its first call. */
        boolean spoke();

        /** Closes the connection (its serving thread then ends). */
        void drop();
    }

    /** Builds a connection once there is room for it. */
    @FunctionalInterface
    interface Opener<C extends Connection> {
        C open() throws IOException;
    }

    private final int max;
    /** Open connections, oldest first (guarded by this). */
    private final Set<Connection> open = new LinkedHashSet<>();
    private long lastWarning;

    ConnectionLimit(int max) {
        this.max = max;
    }

    /**
     * Makes room for one more connection and opens it.
     *
     * @param opener builds the connection (called under the limit's lock, so it must not block)
     * @param what names the new connection in the warning (e.g. "from port 40112")
     * @return the new connection, now counted
     * @throws IOException when every open connection has spoken (the caller closes the socket), or from the opener
     */
    synchronized <C extends Connection> C admit(Opener<C> opener, String what) throws IOException {
        if (open.size() >= max) {
            Connection silent = open.stream().filter(c -> !c.spoke()).findFirst().orElse(null);
            if (silent == null) {
                warn("{} connections are open, the limit; refused a new one {}", open.size(), what);
                throw new IOException("jmegym gateway: refused a connection beyond the limit of " + max);
            }
            open.remove(silent);
            silent.drop();
            warn("{} connections are open, the limit; closed the oldest one that had made no call yet", max);
        }
        C c = opener.open();
        open.add(c);
        return c;
    }

    /** Forgets a connection that has closed. */
    synchronized void release(Connection c) {
        open.remove(c);
    }

    /** Number of connections open now. */
    synchronized int size() {
        return open.size();
    }

    /** Closes every connection {@code filter} selects (a server that stops drops its own). */
    void dropAll(java.util.function.Predicate<Connection> filter) {
        List<Connection> toDrop;
        synchronized (this) {
            toDrop = new ArrayList<>(open.stream().filter(filter).toList());
        }
        toDrop.forEach(Connection::drop);
    }

    private void warn(String format, Object... args) {
        long now = System.currentTimeMillis();
        if (now - lastWarning < WARN_EVERY_MS) {
            return;
        }
        lastWarning = now;
        LOG.warn("jmegym gateway: " + format, args);
    }
}
