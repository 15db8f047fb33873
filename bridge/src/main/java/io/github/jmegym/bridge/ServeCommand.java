package io.github.jmegym.bridge;

import io.github.jmegym.engine.cli.GatewayCliOptions;
import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.Envs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./jmegym serve}: runs the Python gateway until a client calls {@code shutdown()}, the process is
 * interrupted, or (with {@code --exit-on-stdin-eof}) the launching process goes away.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve every registered env to Python (jmegym.connect) through a Py4J gateway on 127.0.0.1.",
                "Prints one line first: JMEGYM_GATEWAY {\"protocol\":1,\"port\":P,\"token\":T}. The token is"
                        + " printed on stdout unless --token-file is given: whoever reads it can drive every env"
                        + " (not arbitrary Java: only the bridge's own calls are served), so keep the output private"
                        + " or use --token-file.",
                "Envs a client makes are released when it disconnects or dies; a connection must authenticate and"
                        + " call within " + Protocol.FIRST_CALL_TIMEOUT_MS / 1000 + " s."})
public final class ServeCommand implements Callable<Integer> {
    @Mixin
    GatewayCliOptions connection = new GatewayCliOptions();

    @Option(names = "--live", paramLabel = "ID[=AS]",
            description = {"also serve one long-lived instance of the registered env ID as the live env AS (default:"
                    + " ID), as a game does with JmegymGateway.registerLive; Python sessions that connect share it"
                    + " and its state outlives them"})
    List<String> live = new ArrayList<>();

    @Option(names = "--exit-on-stdin-eof",
            description = "stop when standard input closes (used by jmegym.launch() so the JVM dies with Python)")
    boolean exitOnStdinEof;

    @Override
    public Integer call() throws Exception {
        GatewayOptions options = GatewayOptions.defaults().withPort(connection.port())
                .withTokenFile(connection.tokenFile());
        List<Env<?, ?>> liveEnvs = new ArrayList<>();
        try (JmegymGateway gateway = JmegymGateway.start(options)) {
            for (String spec : live) {
                String[] parts = spec.split("=", 2);
                Env<?, ?> env = Envs.make(parts[0]);
                liveEnvs.add(env);
                gateway.registerLive(parts.length == 2 ? parts[1] : parts[0], env);
            }
            System.out.println(Protocol.READY_PREFIX + gateway.connectionJson(connection.tokenFile() == null));
            System.out.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "jmegym-gateway-shutdown"));
            if (exitOnStdinEof) {
                Thread watcher = new Thread(() -> {
                    drain(System.in);
                    gateway.close();
                }, "jmegym-stdin-watch");
                watcher.setDaemon(true);
                watcher.start();
            }
            gateway.awaitShutdownRequest();
            // let the reply to shutdown() reach the client before the sockets close
            Thread.sleep(100);
        } finally {
            liveEnvs.forEach(Env::close);
        }
        return 0;
    }

    private static void drain(InputStream in) {
        byte[] buf = new byte[256];
        try {
            while (in.read(buf) >= 0) {
                // nothing to read: the stream only signals when the parent goes away
            }
        } catch (IOException e) {
            // a broken pipe means the parent is gone, as EOF does
        }
    }
}
