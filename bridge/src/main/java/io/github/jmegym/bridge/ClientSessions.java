package io.github.jmegym.bridge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which client owns which handles, so that the envs of a client that goes away are released.
 *
 * <p>Each gateway connection runs on its own thread ({@link #connectionOpened()} to {@link #connectionClosed()}) and
 * starts as a session of its own; {@link #attach(String)} moves it into a named session shared by every connection
 * that attaches the same id (the Python bridge attaches all its connections, including an idle lease connection, to
 * one random id). A session ends when its last connection closes, and {@link #connectionClosed()} then hands back
 * its handles. Calls made outside any connection (in-process Java callers) own nothing here.
 */
final class ClientSessions {
    private static final String ID_PATTERN = "[A-Za-z0-9_-]{8,128}";

    /** One client: the number of its open connections and the handles it made. */
    private static final class Session {
        private final String id;
        private int connections;
        private final Set<Integer> handles = new LinkedHashSet<>();

        Session(String id) {
            this.id = id;
        }
    }

    private final ThreadLocal<Session> current = new ThreadLocal<>();
    private final Map<String, Session> named = new HashMap<>();
    private final Map<Integer, Session> owners = new HashMap<>();

    /** The calling thread now serves a new connection, a session of its own until it attaches. */
    synchronized void connectionOpened() {
        Session s = new Session(null);
        s.connections = 1;
        current.set(s);
    }

    /**
     * Moves the calling connection into the session {@code id} (created on first use), with any handles it made.
     *
     * @param id the client's session id: 8 to 128 characters of {@code [A-Za-z0-9_-]}
     * @throws IllegalArgumentException for a malformed id
     * @throws IllegalStateException when called outside a connection or on a connection attached to another id
     */
    synchronized void attach(String id) {
        if (id == null || !id.matches(ID_PATTERN)) {
            throw new IllegalArgumentException("attach(sessionId=" + id + "): expected 8 to 128 characters of"
                    + " [A-Za-z0-9_-]");
        }
        Session s = current.get();
        if (s == null) {
            throw new IllegalStateException("attach(" + id + "): only a gateway connection can attach to a session");
        }
        if (id.equals(s.id)) {
            return;
        }
        if (s.id != null) {
            throw new IllegalStateException("attach(" + id + "): this connection already belongs to session " + s.id
                    + "; open a new connection for another session");
        }
        Session target = named.computeIfAbsent(id, Session::new);
        target.connections++;
        for (Integer h : s.handles) {
            target.handles.add(h);
            owners.put(h, target);
        }
        current.set(target);
    }

    /** Records that the calling connection's session made {@code handle} (no-op outside a connection). */
    synchronized void own(int handle) {
        Session s = current.get();
        if (s != null) {
            s.handles.add(handle);
            owners.put(handle, s);
        }
    }

    /** Whether {@code handle} belongs to the calling connection's session. */
    synchronized boolean ownedByCaller(int handle) {
        Session s = current.get();
        return s != null && owners.get(handle) == s;
    }

    /** Forgets the owner of a closed handle. */
    synchronized void disown(int handle) {
        Session s = owners.remove(handle);
        if (s != null) {
            s.handles.remove(handle);
        }
    }

    /**
     * The calling thread's connection has closed.
     *
     * @return the handles of its session when this was the session's last connection (the caller releases them),
     *         else nothing
     */
    synchronized List<Integer> connectionClosed() {
        Session s = current.get();
        current.remove();
        if (s == null || --s.connections > 0) {
            return List.of();
        }
        if (s.id != null) {
            named.remove(s.id);
        }
        s.handles.forEach(owners::remove);
        return new ArrayList<>(s.handles);
    }

    /** Number of sessions with an open connection that attached to a named session. */
    synchronized int namedSessions() {
        return named.size();
    }
}
