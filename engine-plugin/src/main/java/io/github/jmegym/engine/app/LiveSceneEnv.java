package io.github.jmegym.engine.app;

import io.github.jmegym.engine.AgentControl;
import io.github.jmegym.engine.AgentStep;
import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.EnvSpec;
import io.github.jmegym.envs.Kwargs;
import io.github.jmegym.envs.Reset;
import io.github.jmegym.envs.Step;
import io.github.jmegym.envs.spaces.Space;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The live scene of a running game as an {@link Env} for a remote client (e.g. Python through the bridge's
 * gateway): the client drives the first agent, one decision interval per {@code step}, inside the game loop
 * ({@link RemoteDriver}), while the window keeps showing the scene; other agents act by their own brain.
 * {@link #reset} switches the game to {@link GameMode#REMOTE} (a key or {@link TrainingAppState#requestMode} takes it
 * back; the client's next step then fails with a message saying so). Closing the env does not stop the game.
 */
public final class LiveSceneEnv implements Env<double[], Object> {
    private final TrainingAppState state;
    private final EnvSpec spec;
    private final AgentControl<Object> agent;
    private final Duration timeout;
    private boolean needsReset = true;

    /**
     * @param state the game's training state
     * @param id the id the client sees (form {@code Name-vN})
     * @param maxEpisodeSteps the time limit the client should apply (null for none); the game itself does not cut
     * @param timeout how long a call may wait for the game
     */
    @SuppressWarnings("unchecked")
    public LiveSceneEnv(TrainingAppState state, String id, Integer maxEpisodeSteps, Duration timeout) {
        this.state = state;
        if (state.simulation() == null) {
            throw new IllegalStateException("LiveSceneEnv(" + id + "): the game has not built its scene yet; "
                    + "wait for state.ready() after starting the application");
        }
        this.agent = (AgentControl<Object>) state.simulation().agents().get(0);
        this.spec = new EnvSpec(id, maxEpisodeSteps, null, Map.of(), List.of(), 0, AutoresetMode.NEXT_STEP);
        this.timeout = timeout;
    }

    @Override
    public Reset<double[]> reset(Long seed, Map<String, ?> options) {
        new Kwargs(options, "reset(options) of live " + spec.id()).requireAllUsed();
        double[] obs = state.remote().call(() -> state.remoteReset(seed), timeout);
        needsReset = false;
        return new Reset<>(obs, Map.of());
    }

    @Override
    public Step<double[]> step(Object action) {
        String where = "step(action) of live " + spec.id();
        Object a = agent.actionSpace().require(action, where + " (" + agent.describe() + ")");
        if (needsReset) {
            throw new IllegalStateException(where + ": the episode has ended or never started; call reset() first");
        }
        AgentStep s = state.remote().call(() -> state.remoteStep(a), timeout);
        needsReset = s.terminated() || s.truncated();
        return new Step<>(s.observation(), s.reward(), s.terminated(), s.truncated(), s.info());
    }

    @Override
    public Space<double[]> observationSpace() {
        return agent.observationSpace();
    }

    @Override
    public Space<Object> actionSpace() {
        return agent.actionSpace();
    }

    @Override
    public EnvSpec spec() {
        return spec;
    }

    /** Marks the env closed (the next step needs a reset); the game keeps running in its current mode. */
    @Override
    public void close() {
        needsReset = true;
    }
}
