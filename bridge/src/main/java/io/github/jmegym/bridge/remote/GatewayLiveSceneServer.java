package io.github.jmegym.bridge.remote;

import io.github.jmegym.bridge.GatewayOptions;
import io.github.jmegym.bridge.Protocol;
import io.github.jmegym.engine.app.LiveSceneServer;
import io.github.jmegym.engine.app.TrainingAppState;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code play --remote} through the bridge: a {@link RemoteGame} (the Py4J gateway in-process, the live scene
 * registered on it), announced with the {@link Protocol#READY_PREFIX} line the Python launcher reads.
 */
public final class GatewayLiveSceneServer implements LiveSceneServer {
    @Override
    public AutoCloseable serve(TrainingAppState state, String liveId, Integer maxEpisodeSteps, int port, Path tokenFile,
                               PrintStream out, Runnable onShutdownRequest) {
        RemoteGame game = RemoteGame.start(state, liveId, maxEpisodeSteps,
                GatewayOptions.defaults().withPort(port).withTokenFile(tokenFile));
        out.println(Protocol.READY_PREFIX + game.gateway().connectionJson(tokenFile == null));
        out.println("jmegym play: Python can drive the scene as jmegym/" + liveId);
        out.flush();
        Thread watcher = new Thread(() -> {
            try {
                game.gateway().awaitShutdownRequest();
                onShutdownRequest.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "jmegym-play-shutdown-watch");
        watcher.setDaemon(true);
        watcher.start();
        return game;
    }
}
