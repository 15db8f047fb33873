package io.github.jmegym.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.Envs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's care of its clients over real sockets: releasing what dead clients held, idle sockets, limits. */
@Timeout(60)
class GatewayClientsTest {
    private static final String LIVE = "LiveCartPole-v0";

    private static RawClient client(JmegymGateway g) throws IOException {
        RawClient c = new RawClient(g.port());
        assertEquals("!yv", c.auth(g.token()));
        return c;
    }

    /** Polls until {@code value} reaches {@code expected} or {@code ms} pass; returns the last value. */
    private static int await(IntSupplier value, int expected, long ms) throws InterruptedException {
        long deadline = System.nanoTime() + ms * 1_000_000;
        int v = value.getAsInt();
        while (v != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
            v = value.getAsInt();
        }
        return v;
    }

    @Test
    void theEnvsOfAClientWhoseConnectionDropsAreClosedAndItsLiveEnvReleased() throws Exception {
        try (JmegymGateway g = JmegymGateway.start(GatewayOptions.defaults());
             Env<?, ?> live = Envs.make("CartPole-v1")) {
            g.registerLive(LIVE, live);
            RawClient c = client(g);
            assertTrue(c.call("make", "s" + LIVE, "n").startsWith("!ys"));
            assertTrue(c.call("make", "sCartPole-v1", "n").startsWith("!ys"));
            assertTrue(c.call("makeVec", "sCartPole-v1", "i3", "n", "snext_step").startsWith("!ys"));
            assertEquals(3, g.service().openHandles());
            try (RawClient other = client(g)) {
                String busy = other.call("make", "s" + LIVE, "n");
                assertTrue(busy.startsWith("!xro"), "the live env is taken: " + busy);
                long t0 = System.nanoTime();
                c.close(); // as the kernel does for a client killed with -9
                assertEquals(0, await(g.service()::openHandles, 0, 3000), "handles left after the client went");
                System.out.printf("released 3 handles %.0f ms after the connection closed%n",
                        (System.nanoTime() - t0) / 1e6);
                assertTrue(other.call("make", "s" + LIVE, "n").startsWith("!ys"), "the live env is free again");
            }
        }
    }

    @Test
    void handlesOfAnAttachedSessionLiveUntilItsLastConnectionCloses() throws Exception {
        try (JmegymGateway g = JmegymGateway.start(GatewayOptions.defaults())) {
            RawClient lease = client(g);
            RawClient pooled = client(g);
            assertEquals("!yv", lease.call("attach", "ssession-0123456789"));
            assertEquals("!yv", pooled.call("attach", "ssession-0123456789"));
            assertTrue(pooled.call("make", "sCartPole-v1", "n").startsWith("!ys"));
            pooled.close(); // e.g. a call time-out closed a pooled connection
            Thread.sleep(300);
            assertEquals(1, g.service().openHandles(), "the session still has its lease connection");
            lease.close();
            assertEquals(0, await(g.service()::openHandles, 0, 3000));
            assertEquals(0, g.service().attachedSessions());
        }
    }

    @Test
    void attachRejectsMalformedIdsAndASecondSessionOnOneConnection() throws Exception {
        try (JmegymGateway g = JmegymGateway.start(GatewayOptions.defaults()); RawClient c = client(g)) {
            assertTrue(c.call("attach", "sshort").startsWith("!x"));
            assertEquals("!yv", c.call("attach", "sfirst-session-id"));
            assertEquals("!yv", c.call("attach", "sfirst-session-id"));
            assertTrue(c.call("attach", "ssecond-session-id").startsWith("!x"));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> g.service().attach("in-process-caller"));
            assertTrue(e.getMessage().contains("only a gateway connection"), e.getMessage());
        }
    }

    @Test
    void reflectionJvmViewAndConstructorCommandsAreRefusedAndTheConnectionKeepsWorking() throws Exception {
        try (JmegymGateway g = JmegymGateway.start(GatewayOptions.defaults()); RawClient c = client(g)) {
            // what gateway.jvm.java.lang.Runtime, a JVM view import and new ProcessBuilder() send
            for (String cmd : List.of("r\nu\njava\nrj\ne\n", "j\ni\nrj\njava.lang.*\ne\n",
                    "i\njava.lang.ProcessBuilder\ne\n", "f\nt\nservice\ne\n", "s\ne\n")) {
                String reply = c.send(cmd);
                assertTrue(reply.startsWith("!xs") && reply.contains("disabled"), cmd + " -> " + reply);
            }
            String getClass = c.call("getClass");
            assertTrue(getClass.startsWith("!xro"), "calling Object methods on the entry point: " + getClass);
            assertTrue(c.send("c\nGATEWAY_SERVER\nshutdown\ne\n").startsWith("!xro"), "the server object is off limits");
            assertTrue(c.send("m\nd\nt\ne\n").startsWith("!x"), "the entry point cannot be released");
            assertTrue(c.hello(Protocol.VERSION).startsWith("!ys"), "the connection still works");
        }
    }

    @Test
    void aJavaExceptionIsDescribedByTheEntryPointWithoutReflection() throws Exception {
        try (JmegymGateway g = JmegymGateway.start(GatewayOptions.defaults()); RawClient c = client(g)) {
            String error = c.call("make", "sNoSuchEnv-v0", "n");
            assertTrue(error.startsWith("!xro"), error);
            String details = c.call("errorDetails", "r" + error.substring(3));
            assertTrue(details.startsWith("!ys") && details.contains("IllegalArgumentException"), details);
        }
    }

    @Test
    void aConnectionThatDoesNotCallWithinTheTimeOutIsClosed() throws Exception {
        try (JmegymGateway g = JmegymGateway.start(GatewayOptions.defaults());
             RawClient silent = new RawClient(g.port());
             RawClient authenticatedOnly = client(g);
             RawClient working = client(g)) {
            assertTrue(working.hello(Protocol.VERSION).startsWith("!ys"));
            long t0 = System.nanoTime();
            assertTrue(silent.closedByGateway(Protocol.FIRST_CALL_TIMEOUT_MS + 2000));
            assertTrue(authenticatedOnly.closedByGateway(1000));
            double waited = (System.nanoTime() - t0) / 1e9;
            assertTrue(waited > Protocol.FIRST_CALL_TIMEOUT_MS / 1000.0 - 1.0, "closed too early: " + waited);
            assertFalse(working.closedByGateway(200), "a connection that called has no deadline");
            assertTrue(working.hello(Protocol.VERSION).startsWith("!ys"));
        }
    }

    @Test
    @Tag("slow")
    void threeHundredIdleSocketsHoldNoThreadsPastTheTimeOutAndDoNotLockOutARealClient() throws Exception {
        try (JmegymGateway g = JmegymGateway.start(GatewayOptions.defaults())) {
            var threads = ManagementFactory.getThreadMXBean();
            int baseline = threads.getThreadCount();
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 300; i++) {
                    idle.add(new Socket(InetAddress.getLoopbackAddress(), g.port()));
                }
                Thread.sleep(200);
                int during = threads.getThreadCount();
                assertTrue(during - baseline <= Protocol.MAX_CONNECTIONS + 4, "threads " + baseline + " -> " + during);
                try (RawClient real = client(g)) {
                    assertTrue(real.hello(Protocol.VERSION).startsWith("!ys"), "a real client works meanwhile");
                    long t0 = System.nanoTime();
                    int after = await(threads::getThreadCount, baseline + 1, Protocol.FIRST_CALL_TIMEOUT_MS + 3000);
                    System.out.printf("threads: %d before, %d with 300 idle sockets, %d after %.1f s%n", baseline,
                            during, after, (System.nanoTime() - t0) / 1e9);
                    assertTrue(after <= baseline + 2, "threads " + baseline + " -> " + after);
                    assertEquals(1, g.openConnections());
                    assertTrue(real.hello(Protocol.VERSION).startsWith("!ys"));
                }
            } finally {
                for (Socket s : idle) {
                    s.close();
                }
            }
        }
    }

    @Test
    void connectionsBeyondTheLimitAreRefusedWhenNoneIsIdle() throws Exception {
        try (JmegymGateway g = JmegymGateway.start(GatewayOptions.defaults())) {
            List<RawClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < Protocol.MAX_CONNECTIONS; i++) {
                    RawClient c = client(g);
                    assertTrue(c.hello(Protocol.VERSION).startsWith("!ys"));
                    clients.add(c);
                }
                try (RawClient extra = new RawClient(g.port())) {
                    assertTrue(extra.closedByGateway(2000), "the 65th connection is closed at once");
                }
                assertEquals(Protocol.MAX_CONNECTIONS, g.openConnections());
            } finally {
                for (RawClient c : clients) {
                    c.close();
                }
            }
            assertEquals(0, await(g::openConnections, 0, 3000));
        }
    }

    @Test
    void aSecondGatewayOnTheSameTokenFileIsRefusedAndTheFirstKeepsItsFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gw.json");
        try (JmegymGateway first = JmegymGateway.start(GatewayOptions.defaults().withTokenFile(file))) {
            String content = Files.readString(file);
            UncheckedIOException e = assertThrows(UncheckedIOException.class,
                    () -> JmegymGateway.start(GatewayOptions.defaults().withTokenFile(file)).close());
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("running gateway")
                    && e.getMessage().contains("process " + ProcessHandle.current().pid()), e.getMessage());
            assertEquals(content, Files.readString(file), "the refused gateway left the file alone");
            assertTrue(content.contains(first.token()));
        }
        assertFalse(Files.exists(file));
        try (JmegymGateway again = JmegymGateway.start(GatewayOptions.defaults().withTokenFile(file))) {
            assertTrue(Files.readString(file).contains(again.token()), "a stopped gateway's file can be taken");
        }
    }

    @Test
    void aGatewayDeletesTheTokenFileOnlyWhileItHoldsItsOwnToken(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gw.json");
        JmegymGateway g = JmegymGateway.start(GatewayOptions.defaults().withTokenFile(file));
        Files.writeString(file, "{\"someone\":\"else\"}");
        g.close();
        assertTrue(Files.exists(file), "a file that no longer holds our token is not ours to delete");
        assertFalse(Files.exists(dir.resolve("gw.json.lock")));
        assertNotEquals("", Files.readString(file));
    }
}
