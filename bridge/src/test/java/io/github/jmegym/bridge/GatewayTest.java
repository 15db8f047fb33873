package io.github.jmegym.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway in-process, spoken to with Py4J's wire protocol over a plain socket (as the Python client does). */
class GatewayTest {

    @Test
    void handshakeWithTheTokenReturnsTheProtocolVersion() throws Exception {
        try (JmegymGateway g = JmegymGateway.start(GatewayOptions.defaults()); RawClient c = new RawClient(g.port())) {
            assertEquals("!yv", c.auth(g.token()));
            String reply = c.hello(Protocol.VERSION);
            assertTrue(reply.startsWith("!ys"), reply);
            JsonObject hello = JsonParser.parseString(reply.substring(3)).getAsJsonObject();
            assertEquals(Protocol.VERSION, hello.get("protocol").getAsInt());
            assertEquals(Protocol.LAYOUT_VERSION, hello.get("layout").getAsInt());
        }
    }

    @Test
    void handshakeWithAnotherProtocolVersionFailsWithBothVersionsNamed() throws Exception {
        try (JmegymGateway g = JmegymGateway.start(GatewayOptions.defaults()); RawClient c = new RawClient(g.port())) {
            c.auth(g.token());
            String reply = c.hello(Protocol.VERSION + 1);
            assertTrue(reply.startsWith("!x"), reply);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> g.service().hello(Protocol.VERSION + 1));
            assertTrue(e.getMessage().contains("protocol " + (Protocol.VERSION + 1)) && e.getMessage().contains(
                    "speaks " + Protocol.VERSION), e.getMessage());
        }
    }

    @Test
    void aWrongTokenIsRefusedAndTheConnectionGetsNothing() throws Exception {
        try (JmegymGateway g = JmegymGateway.start(GatewayOptions.defaults()); RawClient c = new RawClient(g.port())) {
            String reply = c.auth("0".repeat(64));
            assertTrue(reply.startsWith("!x"), reply);
            String after;
            try {
                after = c.hello(Protocol.VERSION);
            } catch (IOException closed) {
                after = null;
            }
            assertTrue(after == null || !after.startsWith("!y"), "a refused client got an answer: " + after);
        }
    }

    @Test
    void aClientThatSkipsAuthenticationGetsNothing() throws Exception {
        try (JmegymGateway g = JmegymGateway.start(GatewayOptions.defaults()); RawClient c = new RawClient(g.port())) {
            String reply;
            try {
                reply = c.hello(Protocol.VERSION);
            } catch (IOException closed) {
                reply = null;
            }
            assertTrue(reply == null || !reply.startsWith("!y"), "an unauthenticated client got an answer: " + reply);
        }
    }

    @Test
    void tokensAreRandomPerGatewayAndPortsAreFree() {
        try (JmegymGateway a = JmegymGateway.start(GatewayOptions.defaults());
             JmegymGateway b = JmegymGateway.start(GatewayOptions.defaults())) {
            assertNotEquals(a.token(), b.token());
            assertEquals(2 * Protocol.TOKEN_BYTES, a.token().length());
            assertNotEquals(a.port(), b.port());
            assertTrue(a.port() > 0);
        }
    }

    @Test
    void theTokenFileIsUserOnlyHoldsPortAndTokenAndIsRemovedOnClose(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/gateway.json");
        JmegymGateway g = JmegymGateway.start(GatewayOptions.defaults().withTokenFile(file));
        try {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            JsonObject o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
            assertEquals(g.port(), o.get("port").getAsInt());
            assertEquals(g.token(), o.get("token").getAsString());
            assertEquals(Protocol.VERSION, o.get("protocol").getAsInt());
            assertFalse(g.connectionJson(false).contains(g.token()));
        } finally {
            g.close();
        }
        assertFalse(Files.exists(file));
        try (var files = Files.list(file.getParent())) {
            assertEquals(0, files.count(), "a temporary file was left behind");
        }
    }

    @Test
    void aTakenPortFailsWithAMessageNamingIt() {
        try (JmegymGateway a = JmegymGateway.start(GatewayOptions.defaults())) {
            RuntimeException e = assertThrows(RuntimeException.class,
                    () -> JmegymGateway.start(GatewayOptions.defaults().withPort(a.port())).close());
            assertTrue(e.getMessage().contains(Integer.toString(a.port())), e.getMessage());
        }
    }

    @Test
    void acceptedConnectionsSetTcpNoDelay() throws Exception {
        try (java.net.ServerSocket server = JmegymGateway.noDelayServerSockets().createServerSocket()) {
            server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                 Socket accepted = server.accept()) {
                assertTrue(accepted.getTcpNoDelay(), "replies of 8 KB and more would wait ~44 ms for a delayed ACK");
                assertTrue(client.isConnected());
            }
        }
    }

    @Test
    void serveHelpSaysTheTokenGoesToStdoutWithoutATokenFileAndThatATokenFileIsLocked() {
        String help = new picocli.CommandLine(new ServeCommand()).getUsageMessage().replaceAll("\\s+", " ");
        assertTrue(help.contains("The token is printed on stdout unless --token-file is given"), help);
        assertTrue(help.contains("refused while another running gateway holds F"), help);
    }

    @Test
    void shortOrMalformedFixedTokensAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> GatewayOptions.defaults().withToken("short"));
        assertThrows(IllegalArgumentException.class, () -> GatewayOptions.defaults().withToken("has spaces in it, 12345"));
        assertThrows(IllegalArgumentException.class, () -> GatewayOptions.defaults().withPort(70000));
    }
}
