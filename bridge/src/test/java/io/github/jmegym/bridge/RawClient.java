package io.github.jmegym.bridge;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A minimal Py4J client for tests: one connection, Py4J's text commands, one reply line per command. */
final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    RawClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(5000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    /** Sends a raw command and returns the reply line (null when the gateway closed the connection). */
    String send(String command) throws IOException {
        out.write(command.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return in.readLine();
    }

    String auth(String token) throws IOException {
        return send("A\n" + token + "\n");
    }

    String hello(int version) throws IOException {
        return send("c\nt\nhello\ni" + version + "\ne\n");
    }

    /** Calls an entry point method; arguments in Py4J's encoding ({@code "sCartPole-v1"}, {@code "i2"}, {@code "n"}). */
    String call(String method, String... args) throws IOException {
        StringBuilder b = new StringBuilder("c\nt\n").append(method).append('\n');
        for (String a : args) {
            b.append(a).append('\n');
        }
        return send(b.append("e\n").toString());
    }

    /** Whether the gateway has closed this connection (reads with a short time-out). */
    boolean closedByGateway(int waitMs) throws IOException {
        socket.setSoTimeout(waitMs);
        try {
            return in.read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        } finally {
            socket.setSoTimeout(5000);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
