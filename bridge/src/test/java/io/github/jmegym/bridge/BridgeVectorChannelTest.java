package io.github.jmegym.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The gateway's binary vector channel over real sockets: golden bytes, errors, sessions, time-outs and limits. */
@Timeout(60)
class BridgeVectorChannelTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String TOKEN = "channel-test-token-0123";
    private static final String SESSION = "channel-test-session";

    private static JsonObject golden() throws IOException {
        try (InputStream in = BridgeVectorChannelTest.class.getResourceAsStream("/wire-golden.json")) {
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject()
                    .getAsJsonObject("vector_channel");
        }
    }

    /** A Py4J client attached to {@code session} that made a vector of {@code n} CartPoles, reset with seed 0. */
    private static RawClient vectorOwner(JmegymGateway g, String session, int n) throws IOException {
        return vectorOwner(g, session, n, 1);
    }

    /** {@link #vectorOwner(JmegymGateway, String, int)} whose vector gets {@code handle}. */
    private static RawClient vectorOwner(JmegymGateway g, String session, int n, int handle) throws IOException {
        RawClient c = new RawClient(g.port());
        assertEquals("!yv", c.auth(g.token()));
        assertEquals("!yv", c.call("attach", "s" + session));
        assertTrue(c.call("makeVec", "sCartPole-v1", "i" + n, "n", "ssame_step").startsWith("!ys"));
        assertTrue(c.call("resetAll", "i" + handle, "L0", "n").startsWith("!ys"));
        return c;
    }

    private static byte[] handshake(String token, String session, int handle) {
        byte[] t = token.getBytes(StandardCharsets.UTF_8);
        byte[] s = session.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(20 + t.length + s.length).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(VectorChannel.MAGIC).putInt(Protocol.VERSION).putInt(handle).putInt(t.length).put(t)
                .putInt(s.length).put(s).array();
    }

    private static byte[] request(int op, byte[] payload) {
        return ByteBuffer.allocate(8 + payload.length).order(ByteOrder.LITTLE_ENDIAN).putInt(op)
                .putInt(payload.length).put(payload).array();
    }

    /** One raw channel connection. */
    private static final class Raw implements AutoCloseable {
        final Socket socket;
        final DataInputStream in;
        final OutputStream out;

        Raw(JmegymGateway g) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), g.vectorChannelPort());
            socket.setSoTimeout(5000);
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        /** Sends bytes and reads one reply frame: {status, payload}. */
        Object[] send(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
            int status = Integer.reverseBytes(in.readInt());
            byte[] payload = new byte[Integer.reverseBytes(in.readInt())];
            in.readFully(payload);
            return new Object[] {status, payload};
        }

        boolean closedByGateway(int waitMs) throws IOException {
            socket.setSoTimeout(waitMs);
            try {
                return in.read() < 0;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static String errorClass(Object[] reply) {
        assertEquals(VectorChannel.ERROR, reply[0]);
        return JsonParser.parseString(new String((byte[]) reply[1], StandardCharsets.UTF_8)).getAsJsonObject()
                .get("class").getAsString();
    }

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
    void theGoldenHandshakeAndStepGetTheGoldenReplyBytes() throws Exception {
        JsonObject gold = golden();
        try (JmegymGateway g = JmegymGateway.start(GatewayOptions.defaults()
                .withToken(gold.get("token").getAsString()));
             RawClient owner = vectorOwner(g, gold.get("session").getAsString(), gold.get("num_envs").getAsInt());
             Socket s = new Socket(InetAddress.getLoopbackAddress(), g.vectorChannelPort())) {
            assertTrue(owner.hello(Protocol.VERSION).contains("\"vector_channel\":" + g.vectorChannelPort()),
                    "hello announces the channel");
            s.setSoTimeout(5000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            s.getOutputStream().write(HEX.parseHex(gold.get("handshake_hex").getAsString()));
            byte[] accepted = new byte[8];
            in.readFully(accepted);
            assertEquals(gold.get("accepted_hex").getAsString(), HEX.formatHex(accepted));
            s.getOutputStream().write(HEX.parseHex(gold.get("request_hex").getAsString()));
            byte[] expected = HEX.parseHex(gold.get("reply_hex").getAsString());
            byte[] reply = new byte[expected.length];
            in.readFully(reply);
            assertEquals(HEX.formatHex(expected), HEX.formatHex(reply));
        }
    }

    @Test
    void aStepOverTheChannelReturnsTheBytesOfTheSameStepThroughPy4J() throws Exception {
        try (JmegymGateway g = JmegymGateway.start(GatewayOptions.defaults().withToken(TOKEN))) {
            byte[] actions = HEX.parseHex("0000000000000000" + "0100000000000000" + "0100000000000000");
            String py4j;
            try (RawClient viaPy4J = vectorOwner(g, SESSION + "-a", 3)) {
                py4j = viaPy4J.call("stepAll", "i1", "j" + java.util.Base64.getEncoder().encodeToString(actions));
            }
            try (RawClient owner = vectorOwner(g, SESSION, 3, 2); Raw c = new Raw(g)) {
                assertEquals(VectorChannel.OK, c.send(handshake(TOKEN, SESSION, 2))[0]);
                Object[] reply = c.send(request(VectorChannel.OP_STEP_ALL, actions));
                assertEquals(VectorChannel.OK, reply[0]);
                assertEquals("!ys" + Protocol.reply((byte[]) reply[1]), py4j);
            }
        }
    }

    @Test
    void aGatewayThatPollsForRequestsAnswersRequestsThatComeWithinAndAfterThePoll() throws Exception {
        byte[] actions = HEX.parseHex("0000000000000000" + "0100000000000000");
        byte[][] replies = new byte[3][];
        String previous = System.getProperty(VectorChannel.SPIN_PROPERTY);
        System.setProperty(VectorChannel.SPIN_PROPERTY, "2000");
        try (JmegymGateway g = JmegymGateway.start(GatewayOptions.defaults().withToken(TOKEN));
             RawClient owner = vectorOwner(g, SESSION, 2); Raw c = new Raw(g)) {
            assertTrue(owner.call("resetAll", "i1", "L5", "n").startsWith("!ys"));
            assertEquals(VectorChannel.OK, c.send(handshake(TOKEN, SESSION, 1))[0]);
            for (int i = 0; i < replies.length; i++) {
                Thread.sleep(i == 1 ? 20 : 0); // the second request comes long after the 2 ms poll
                Object[] reply = c.send(request(VectorChannel.OP_STEP_ALL, actions));
                assertEquals(VectorChannel.OK, reply[0]);
                replies[i] = (byte[]) reply[1];
            }
        } finally {
            if (previous == null) {
                System.clearProperty(VectorChannel.SPIN_PROPERTY);
            } else {
                System.setProperty(VectorChannel.SPIN_PROPERTY, previous);
            }
        }
        try (JmegymGateway g = JmegymGateway.start(GatewayOptions.defaults().withToken(TOKEN));
             RawClient owner = vectorOwner(g, SESSION, 2); Raw c = new Raw(g)) {
            assertTrue(owner.call("resetAll", "i1", "L5", "n").startsWith("!ys"));
            assertEquals(VectorChannel.OK, c.send(handshake(TOKEN, SESSION, 1))[0]);
            for (byte[] expected : replies) {
                assertEquals(HEX.formatHex(expected),
                        HEX.formatHex((byte[]) c.send(request(VectorChannel.OP_STEP_ALL, actions))[1]));
            }
        }
    }

    @Test
    void theRequestPollIsWholeMicrosecondsFromZeroToItsLimitAndABadValueIsNamed() {
        assertEquals(0, VectorChannel.spinMicros(null));
        assertEquals(0, VectorChannel.spinMicros(" "));
        assertEquals(100, VectorChannel.spinMicros("100"));
        assertEquals(VectorChannel.MAX_SPIN_MICROS, VectorChannel.spinMicros("" + VectorChannel.MAX_SPIN_MICROS));
        for (String bad : new String[] {"-1", "10001", "50us", "1.5"}) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> VectorChannel.spinMicros(bad));
            assertTrue(e.getMessage().contains("-Djmegym.vectorChannel.spinMicros=" + bad), e.getMessage());
        }
    }

    @Test
    void aJavaExceptionOfAStepIsAnErrorFrameAndTheChannelKeepsWorking() throws Exception {
        try (JmegymGateway g = JmegymGateway.start(GatewayOptions.defaults().withToken(TOKEN));
             RawClient owner = vectorOwner(g, SESSION, 2); Raw c = new Raw(g)) {
            assertEquals(VectorChannel.OK, c.send(handshake(TOKEN, SESSION, 1))[0]);
            Object[] bad = c.send(request(VectorChannel.OP_STEP_ALL, new byte[3]));
            assertEquals("java.lang.IllegalArgumentException", errorClass(bad));
            assertTrue(new String((byte[]) bad[1], StandardCharsets.UTF_8).contains("stepAll(CartPole-v1)"));
            assertEquals(VectorChannel.OK, c.send(request(VectorChannel.OP_STEP_ALL, new byte[16]))[0]);
            assertTrue(owner.call("close", "i1").startsWith("!yv"));
            assertEquals("java.lang.IllegalStateException",
                    errorClass(c.send(request(VectorChannel.OP_STEP_ALL, new byte[16]))));
        }
    }

    @Test
    void aMalformedRequestIsAnsweredAndTheChannelClosed() throws Exception {
        try (JmegymGateway g = JmegymGateway.start(GatewayOptions.defaults().withToken(TOKEN));
             RawClient owner = vectorOwner(g, SESSION, 2); Raw c = new Raw(g)) {
            assertEquals(VectorChannel.OK, c.send(handshake(TOKEN, SESSION, 1))[0]);
            assertEquals("java.lang.IllegalArgumentException", errorClass(c.send(request(7, new byte[0]))));
            assertTrue(c.closedByGateway(2000));
            assertTrue(owner.call("stepAll", "i1", "j" + java.util.Base64.getEncoder().encodeToString(new byte[16]))
                    .startsWith("!ys"), "the env and the Py4J path are unharmed");
        }
    }

    @Test
    void aHandshakeWithAWrongTokenAnotherSessionsHandleOrABadMagicIsRefused() throws Exception {
        try (JmegymGateway g = JmegymGateway.start(GatewayOptions.defaults().withToken(TOKEN));
             RawClient owner = vectorOwner(g, SESSION, 2)) {
            try (Raw c = new Raw(g)) {
                assertEquals("java.lang.SecurityException", errorClass(c.send(handshake(TOKEN + "x", SESSION, 1))));
                assertTrue(c.closedByGateway(2000));
            }
            try (Raw c = new Raw(g)) {
                assertEquals("java.lang.SecurityException",
                        errorClass(c.send(handshake(TOKEN, "another-session-id", 1))));
                assertTrue(c.closedByGateway(2000));
            }
            try (Raw c = new Raw(g)) {
                assertEquals("java.lang.IllegalStateException", errorClass(c.send(handshake(TOKEN, SESSION, 99))));
            }
            try (Raw c = new Raw(g)) {
                byte[] h = handshake(TOKEN, SESSION, 1);
                h[0] = 'X';
                assertEquals("java.lang.IllegalArgumentException", errorClass(c.send(h)));
            }
            assertEquals(1, await(g::openConnections, 1, 3000), "only the owner's Py4J connection is left");
        }
    }

    @Test
    void aChannelThatDoesNotCompleteItsHandshakeWithinTheTimeOutIsClosed() throws Exception {
        try (JmegymGateway g = JmegymGateway.start(GatewayOptions.defaults().withToken(TOKEN));
             Raw silent = new Raw(g)) {
            long t0 = System.nanoTime();
            assertTrue(silent.closedByGateway(Protocol.FIRST_CALL_TIMEOUT_MS + 2000));
            double waited = (System.nanoTime() - t0) / 1e9;
            assertTrue(waited > Protocol.FIRST_CALL_TIMEOUT_MS / 1000.0 - 1.0, "closed too early: " + waited);
        }
    }

    @Test
    void theSessionsEnvsAreReleasedOnlyWhenItsPy4JConnectionsAndChannelsHaveAllClosed() throws Exception {
        try (JmegymGateway g = JmegymGateway.start(GatewayOptions.defaults().withToken(TOKEN))) {
            RawClient owner = vectorOwner(g, SESSION, 2);
            Raw c = new Raw(g);
            assertEquals(VectorChannel.OK, c.send(handshake(TOKEN, SESSION, 1))[0]);
            assertEquals(2, g.openConnections());
            owner.close();
            Thread.sleep(300);
            assertEquals(1, g.service().openHandles(), "the channel keeps the session");
            assertEquals(VectorChannel.OK, c.send(request(VectorChannel.OP_STEP_ALL, new byte[16]))[0]);
            c.close(); // as the kernel does for a client killed with -9
            assertEquals(0, await(g.service()::openHandles, 0, 3000), "handles left after the client went");
            assertEquals(0, await(g::openConnections, 0, 3000), "connections left after the client went");
        }
    }

    @Test
    void channelsCountTowardsTheConnectionLimitWithPy4JConnections() throws Exception {
        try (JmegymGateway g = JmegymGateway.start(GatewayOptions.defaults().withToken(TOKEN))) {
            List<AutoCloseable> open = new ArrayList<>();
            try {
                RawClient owner = vectorOwner(g, SESSION, 1);
                open.add(owner);
                for (int i = 1; i < Protocol.MAX_CONNECTIONS; i++) {
                    Raw c = new Raw(g);
                    open.add(c);
                    assertEquals(VectorChannel.OK, c.send(handshake(TOKEN, SESSION, 1))[0]);
                }
                assertEquals(Protocol.MAX_CONNECTIONS, g.openConnections());
                try (Raw extra = new Raw(g)) {
                    assertTrue(extra.closedByGateway(2000), "a channel beyond the limit is closed at once");
                }
                try (RawClient extra = new RawClient(g.port())) {
                    assertTrue(extra.closedByGateway(2000), "and so is a Py4J connection");
                }
            } finally {
                for (AutoCloseable c : open) {
                    c.close();
                }
            }
            assertEquals(0, await(g::openConnections, 0, 3000));
        }
    }
}
