package io.github.jmegym.bridge.remote;

import io.github.jmegym.bridge.GatewayOptions;
import io.github.jmegym.bridge.JmegymGateway;
import io.github.jmegym.engine.app.LiveSceneEnv;
import io.github.jmegym.engine.app.TrainingAppState;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Remote mode of a running game: starts the bridge's Py4J gateway in-process and exposes the game's live scene as
 * the env {@code id}, so that Python can {@code jmegym.connect(port, token)} and drive it with
 * {@code gymnasium.make("jmegym/<id>")}. The first {@code reset} switches the game to
 * {@link io.github.jmegym.engine.app.GameMode#REMOTE}; each {@code step} then runs one decision interval on the
 * render thread while the window keeps drawing.
 */
public final class RemoteGame implements AutoCloseable {
    /** How long one remote call may wait for the game's render thread. */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private final JmegymGateway gateway;
    private final String id;
    private final LiveSceneEnv env;

    private RemoteGame(JmegymGateway gateway, String id, LiveSceneEnv env) {
        this.gateway = gateway;
        this.id = id;
        this.env = env;
    }

    /**
     * Starts the gateway and registers the live scene, once the game built it (start the application first; this
     * waits up to {@link #CALL_TIMEOUT} for {@link TrainingAppState#ready()}).
     *
     * @param state the game's training state (its first agent is the one Python drives)
     * @param id the env id Python sees ({@code Name-vN}, e.g. {@code LiveChase-v0})
     * @param maxEpisodeSteps the time limit Gymnasium should apply on the Python side, or null
     * @param options port, token file and token of the gateway
     */
    public static RemoteGame start(TrainingAppState state, String id, Integer maxEpisodeSteps, GatewayOptions options) {
        try {
            state.ready().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("RemoteGame(" + id + "): the game did not build its scene within "
                    + CALL_TIMEOUT + "; start the application before the remote mode", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("RemoteGame(" + id + "): the game failed to build its scene: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("RemoteGame(" + id + "): interrupted while waiting for the game", e);
        }
        LiveSceneEnv env = new LiveSceneEnv(state, id, maxEpisodeSteps, CALL_TIMEOUT);
        JmegymGateway g = JmegymGateway.start(options);
        try {
            g.registerLive(id, env);
        } catch (RuntimeException e) {
            g.close();
            throw e;
        }
        return new RemoteGame(g, id, env);
    }

    /** The gateway's port on 127.0.0.1. */
    public int port() {
        return gateway.port();
    }

    /** The token clients must present. */
    public String token() {
        return gateway.token();
    }

    /** The live env's id. */
    public String id() {
        return id;
    }

    /** The live env (the same object Python drives). */
    public LiveSceneEnv env() {
        return env;
    }

    /** The gateway. */
    public JmegymGateway gateway() {
        return gateway;
    }

    /** Withdraws the live env and stops the gateway; the game keeps running. */
    @Override
    public void close() {
        gateway.unregisterLive(id);
        gateway.close();
    }
}
