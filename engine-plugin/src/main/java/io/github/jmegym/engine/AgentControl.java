package io.github.jmegym.engine;

import com.jme3.renderer.RenderManager;
import com.jme3.renderer.ViewPort;
import com.jme3.scene.Spatial;
import com.jme3.scene.control.AbstractControl;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.Space;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The component that turns an NPC {@link com.jme3.scene.Spatial} into a reinforcement-learning agent: add it to
 * the spatial with {@code npc.addControl(agent)}, declare the spaces in the constructor and implement
 * {@link #collectObservations(Observations)}, {@link #onAction(Object)} and {@link #heuristic(double[])}.
 *
 * <p>The agent never sees wall-clock time: a {@link WorldSimulation} asks it for an action once per decision
 * interval (a fixed number of fixed physics ticks) and calls {@link #onTick(float)} on every tick with the fixed
 * physics time step. Rewards added with {@link #addReward(double)} between two decisions are summed into the
 * reward of the step. {@link #endEpisode()} ends the episode as terminal (the MDP ended: the ball fell, the target
 * was reached); {@link #interruptEpisode()} ends it as truncated (cut from outside). Which brain chooses the
 * actions is the {@link AgentMode}: an {@link io.github.jmegym.envs.Env} adapter (training), the heuristic, or a
 * trained policy.
 *
 * <p>Thread rules: an agent belongs to one simulation and is driven by one thread at a time (the trainer's thread,
 * or the jME render thread through {@link io.github.jmegym.engine.app.SimulationAppState}). Its {@code onTick} runs
 * only inside its simulation's fixed tick: an update from anywhere else (the NPC moved under the application's
 * {@code rootNode}) throws an {@link IllegalStateException}.
 *
 * @param <A> the action type: {@code Integer} for {@link io.github.jmegym.envs.spaces.Discrete}, {@code int[]}
 *            for {@link io.github.jmegym.envs.spaces.MultiDiscrete}, {@code double[]} for a {@link Box}
 */
public abstract class AgentControl<A> extends AbstractControl {
    private final String agentName;
    private final Box observationSpace;
    private final Space<A> actionSpace;
    private final Observations buffer;
    private final Map<String, Object> info = new LinkedHashMap<>();
    private final HumanInput humanInput = new HumanInput();
    private AgentMode mode = AgentMode.EXTERNAL;
    private ActionSource<A> policy;
    private double reward;
    private boolean terminated;
    private boolean truncated;
    private int episodeSteps;
    private double episodeReturn;

    /**
     * @param name the agent's name, used in every error message about it (non-empty)
     * @param observationSpace a flat {@link Box}: what {@link #collectObservations(Observations)} writes
     * @param actionSpace the space {@link #onAction(Object)} receives actions from
     */
    protected AgentControl(String name, Box observationSpace, Space<A> actionSpace) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("AgentControl: name is empty; give every agent a name");
        }
        if (observationSpace == null || observationSpace.shape().length != 1) {
            throw new IllegalArgumentException("AgentControl '" + name + "': observation space " + observationSpace
                    + " must be a flat Box of shape (n,)");
        }
        if (actionSpace == null) {
            throw new IllegalArgumentException("AgentControl '" + name + "': action space is null");
        }
        this.agentName = name;
        this.observationSpace = observationSpace;
        this.actionSpace = actionSpace;
        this.buffer = new Observations(observationSpace.size());
    }

    // ---- the three methods a developer implements, and optional hooks ----

    /**
     * Writes this agent's observation into {@code obs}: exactly as many values as the observation space has, in
     * its order. Use sensors ({@link io.github.jmegym.engine.sensors}) for the common parts.
     */
    protected abstract void collectObservations(Observations obs);

    /**
     * Applies an action, once per decision. The action is already checked against the action space. Typical
     * bodies set a velocity or a target tilt that {@link #onTick(float)} or the physics then carries out.
     */
    protected abstract void onAction(A action);

    /**
     * The action of the heuristic (scripted or keyboard) brain for this observation; used in
     * {@link AgentMode#HEURISTIC}, to test the NPC before training, to record demonstrations and as a baseline.
     * Keyboard heuristics read {@link #humanInput()} when it is active. The default throws.
     */
    public A heuristic(double[] observation) {
        throw new UnsupportedOperationException(describe() + " has no heuristic; override heuristic(double[])");
    }

    /** Puts this agent's own part of the scene into a start state drawn from {@code rng}. Default: nothing. */
    protected void onEpisodeBegin(SplittableRandom rng) {
    }

    /**
     * Called on every physics tick with the fixed physics time step, after the physics step, and once with
     * {@code dt = 0} right after a reset (when the scene catches up with the new start state). Default: nothing.
     *
     * @param dt the physics time step in seconds (or 0 after a reset)
     */
    protected void onTick(float dt) {
    }

    // ---- what the agent calls from its methods ----

    /** Adds to the reward of the current decision step. */
    public final void addReward(double r) {
        if (!Double.isFinite(r)) {
            throw new IllegalArgumentException(describe() + ": addReward(" + r + "); expected a finite number");
        }
        reward += r;
    }

    /** Replaces the reward of the current decision step. */
    public final void setReward(double r) {
        if (!Double.isFinite(r)) {
            throw new IllegalArgumentException(describe() + ": setReward(" + r + "); expected a finite number");
        }
        reward = r;
    }

    /** Ends the episode as terminal (the MDP ended; no bootstrapping past it). */
    public final void endEpisode() {
        terminated = true;
    }

    /** Ends the episode as truncated (cut from outside the MDP, e.g. by a game event). */
    public final void interruptEpisode() {
        truncated = true;
    }

    /** Puts an entry into the info map of the current step (e.g. {@code is_success}). */
    public final void putInfo(String key, Object value) {
        info.put(key, value);
    }

    // ---- configuration ----

    /** The agent's name. */
    public final String agentName() {
        return agentName;
    }

    /** The space of this agent's observations. */
    public final Box observationSpace() {
        return observationSpace;
    }

    /** The space of this agent's actions. */
    public final Space<A> actionSpace() {
        return actionSpace;
    }

    /** The keys a human holds for this agent (inactive unless a viewer with keyboard control set it up). */
    public final HumanInput humanInput() {
        return humanInput;
    }

    /** Who chooses the actions. */
    public final AgentMode mode() {
        return mode;
    }

    /** Chooses who decides; {@link AgentMode#INFERENCE} needs a policy ({@link #setPolicy(ActionSource)}). */
    public final void setMode(AgentMode newMode) {
        if (newMode == AgentMode.INFERENCE && policy == null) {
            throw new IllegalStateException(describe() + ": INFERENCE mode needs a policy; call setPolicy first");
        }
        mode = newMode;
    }

    /** Sets the trained policy and switches to {@link AgentMode#INFERENCE}. */
    public final void setPolicy(ActionSource<A> trained) {
        if (trained == null) {
            throw new IllegalArgumentException(describe() + ": setPolicy(null)");
        }
        policy = trained;
        mode = AgentMode.INFERENCE;
    }

    /** Decisions taken in the current episode. */
    public final int episodeSteps() {
        return episodeSteps;
    }

    /** Sum of the rewards of the current episode so far. */
    public final double episodeReturn() {
        return episodeReturn;
    }

    /** Whether the current episode has ended (terminated or truncated). */
    public final boolean episodeEnded() {
        return terminated || truncated;
    }

    /** {@code agent '<name>' on spatial '<spatial name>'}, the prefix of every message about this agent. */
    public final String describe() {
        return "agent '" + agentName + "' on spatial '" + (spatial == null ? "(none)" : spatial.getName()) + "'";
    }

    // ---- driven by the simulation ----

    final void beginEpisode(SplittableRandom rng) {
        reward = 0;
        terminated = false;
        truncated = false;
        episodeSteps = 0;
        episodeReturn = 0;
        info.clear();
        onEpisodeBegin(rng);
    }

    /** The current observation, checked against the observation space. */
    final double[] observe(String where) {
        buffer.clear();
        collectObservations(buffer);
        if (buffer.size() != observationSpace.size()) {
            throw new IllegalStateException(where + ": " + describe() + " wrote " + buffer.size()
                    + " values in collectObservations(); its observation space " + observationSpace + " has "
                    + observationSpace.size());
        }
        double[] obs = buffer.toArray();
        for (int i = 0; i < obs.length; i++) {
            obs[i] = observationSpace.dtype().round(obs[i]);
        }
        String why = observationSpace.whyNotContained(obs);
        if (why != null) {
            throw new IllegalStateException(where + ": " + describe() + " observed a value outside its space: " + why);
        }
        return obs;
    }

    /** The action checked against the action space; throws naming this agent and its spatial. */
    final A checkAction(Object action, String where) {
        return actionSpace.require(action, where + " (" + describe() + ")");
    }

    final void act(A action) {
        episodeSteps++;
        onAction(action);
    }

    /** The action of this agent's own brain (heuristic or policy). */
    final A decide(double[] observation, String where) {
        A a = switch (mode) {
            case HEURISTIC -> heuristic(observation);
            case INFERENCE -> policy.act(observation);
            case EXTERNAL -> throw new IllegalStateException(where + ": " + describe()
                    + " is in EXTERNAL mode; set HEURISTIC or INFERENCE to let it decide itself");
        };
        return checkAction(a, where);
    }

    /** The reward summed since the last call, and clears it. */
    final double takeReward() {
        double r = reward;
        reward = 0;
        episodeReturn += r;
        return r;
    }

    final boolean terminated() {
        return terminated;
    }

    final boolean truncated() {
        return truncated;
    }

    /** The info entries since the last call, and clears them. */
    final Map<String, Object> takeInfo() {
        Map<String, Object> out = info.isEmpty() ? Map.of() : new LinkedHashMap<>(info);
        info.clear();
        return out;
    }

    /**
     * Runs {@link #onTick(float)}; throws when the update does not come from the fixed tick of the simulation whose
     * scene holds this agent (the NPC was attached under a node that another loop updates, e.g. the application's
     * {@code rootNode}), since {@code tpf} would then be the frame's wall-clock time.
     */
    @Override
    protected final void controlUpdate(float tpf) {
        WorldSimulation sim = WorldSimulation.updatingOnThisThread();
        Spatial top = spatial;
        while (top.getParent() != null) {
            top = top.getParent();
        }
        if (sim == null || top != sim.rootNode()) {
            throw new IllegalStateException(describe() + ": updated with tpf=" + tpf + " s on thread '"
                    + Thread.currentThread().getName() + "' under node '" + top.getName() + "', outside the fixed tick of"
                    + (sim == null ? " a WorldSimulation" : " its world (the tick running is " + sim.world().name() + "'s)")
                    + "; onTick would run with wall-clock time. Keep the NPC inside its world's root node and "
                    + WorldSimulation.howToShowAndStep());
        }
        onTick(tpf);
    }

    @Override
    protected void controlRender(RenderManager rm, ViewPort vp) {
        // nothing to render
    }
}
