package io.github.jmegym.bridge;

import java.nio.file.Path;

/**
 * How to start a {@link JmegymGateway}.
 *
 * @param port the loopback TCP port (0..65535; default {@value Protocol#FREE_PORT} = a free port chosen by the OS)
 * @param tokenFile where to write the connection file ({@code {"protocol":1,"port":P,"token":"..."}}, readable only
 *                  by the user), or {@code null} for none (default)
 * @param token the auth token clients must present, or {@code null} for a fresh random one (default); at least
 *              16 characters when given
 */
public record GatewayOptions(int port, Path tokenFile, String token) {
    /** Validates the port and the token. */
    public GatewayOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("GatewayOptions: port=" + port + "; expected 0 (a free port) to 65535");
        }
        if (token != null && (token.length() < 16 || !token.matches("[A-Za-z0-9_-]+"))) {
            throw new IllegalArgumentException("GatewayOptions: the token must be at least 16 characters of"
                    + " [A-Za-z0-9_-]; leave it null for a random one");
        }
    }

    /** A free port, no token file, a random token. */
    public static GatewayOptions defaults() {
        return new GatewayOptions(Protocol.FREE_PORT, null, null);
    }

    /** These options with another port. */
    public GatewayOptions withPort(int newPort) {
        return new GatewayOptions(newPort, tokenFile, token);
    }

    /** These options with a connection file. */
    public GatewayOptions withTokenFile(Path file) {
        return new GatewayOptions(port, file, token);
    }

    /** These options with a fixed token (tests; normally leave it random). */
    public GatewayOptions withToken(String newToken) {
        return new GatewayOptions(port, tokenFile, newToken);
    }
}
