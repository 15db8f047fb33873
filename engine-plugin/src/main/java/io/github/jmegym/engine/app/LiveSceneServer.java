package io.github.jmegym.engine.app;

import io.github.jmegym.envs.Plugins;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.ServiceLoader;

/**
 * Serves a running game's live scene ({@link LiveSceneEnv}) to a remote client, for {@code play --remote}. The engine
 * module only declares it: the bridge module provides it (its Py4J gateway, through
 * {@code META-INF/services/io.github.jmegym.engine.app.LiveSceneServer}), so the engine does not depend on the bridge
 * and {@code play} works without it for everything else.
 */
public interface LiveSceneServer {
    /**
     * Starts serving {@code state}'s scene as the env {@code liveId}, once the game built it (start the application
     * first), and prints how to connect on {@code out}.
     *
     * @param state the game's state (its first agent is the one the client drives)
     * @param liveId the env id the client sees ({@code Name-vN})
     * @param maxEpisodeSteps the time limit the client should apply, or null
     * @param port the port to listen on (0: a free one)
     * @param tokenFile where to write the connection details instead of printing the token, or null
     * @param out where the connection line goes
     * @param onShutdownRequest called (on another thread) when the client asks the game to stop
     * @return closing it withdraws the live env and stops serving; the game keeps running
     */
    AutoCloseable serve(TrainingAppState state, String liveId, Integer maxEpisodeSteps, int port, Path tokenFile,
                        PrintStream out, Runnable onShutdownRequest);

    /**
     * The server on the class path (and the plugin path).
     *
     * @throws IllegalArgumentException when none is: the bridge module (jmegym-bridge, in the {@code ./jmegym} jar)
     *         is missing
     */
    static LiveSceneServer find() {
        Iterator<LiveSceneServer> it = ServiceLoader.load(LiveSceneServer.class, Plugins.classLoader()).iterator();
        if (!it.hasNext()) {
            throw new IllegalArgumentException("--remote: no " + LiveSceneServer.class.getName() + " on the class path; "
                    + "it comes with jmegym-bridge (the ./jmegym jar has it): add io.github.jmegym:jmegym-bridge");
        }
        return it.next();
    }
}
