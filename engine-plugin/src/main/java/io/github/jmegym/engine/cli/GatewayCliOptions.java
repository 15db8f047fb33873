package io.github.jmegym.engine.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --port P} and {@code --token-file F} options of every command that serves envs to Python through the
 * gateway ({@code serve}, {@code play --remote}), as a picocli mixin: one meaning and one help text in both.
 */
public final class GatewayCliOptions {
    @Option(names = "--port", paramLabel = "P", defaultValue = "0",
            description = "TCP port of the Python gateway on 127.0.0.1 (default: ${DEFAULT-VALUE} = a free port).")
    private int port;

    @Option(names = "--token-file", paramLabel = "F",
            description = "Write {\"protocol\",\"port\",\"token\"} to F (mode 600) instead of printing the token; refused "
                    + "while another running gateway holds F (lock file F.lock); deleted on exit if it still holds this "
                    + "gateway's token.")
    private Path tokenFile;

    /** The {@code --port} (0: a free one). */
    public int port() {
        return port;
    }

    /** The {@code --token-file}, or null. */
    public Path tokenFile() {
        return tokenFile;
    }
}
