package io.github.jmegym.engine.app;

import com.jme3.app.Application;
import com.jme3.app.state.BaseAppState;
import io.github.jmegym.agent.Policy;
import io.github.jmegym.engine.AgentControl;
import io.github.jmegym.engine.AgentEpisodes;
import io.github.jmegym.engine.AgentMode;
import io.github.jmegym.engine.AgentStep;
import io.github.jmegym.engine.Decision;
import io.github.jmegym.engine.PolicyBrain;
import io.github.jmegym.engine.WorldSimulation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a world's trained NPCs in a shipped game: attach it to any jME application and the policies
 * ({@link Policy#load}: pure Java, no trainer, no ND4J) drive the agents on the world's fixed clock, as
 * {@link FixedStepDriver} turns frames into ticks, so the NPCs behave as they did in training. One policy may drive
 * every agent, or each named agent its own; agents without one keep the brain they have
 * ({@link AgentMode#HEURISTIC}, or a policy already set). Each agent's episode restarts alone when the world ends it
 * ({@link AgentControl#endEpisode()}, {@link AgentControl#interruptEpisode()}) or at
 * {@link InferenceConfig#maxEpisodeSteps()} (see {@link AgentEpisodes}).
 *
 * <p>Show the world on a viewport ({@code viewPort.attachScene(state.simulation().rootNode())}), never under the
 * application's {@code rootNode}: the state ticks it.
 *
 * <p>Thread rules (as {@link BaseAppState}): {@code update} runs on the render thread and hands each frame's ticks
 * and decisions to the simulation's world thread in one piece, waiting for them; the {@link StepListener} runs on the
 * world thread. The state owns the simulation and closes it in {@code cleanup}. {@link #episodes()} is meant to be
 * read on the render thread (between frames) or after the application stopped.
 */
public final class InferenceAppState extends BaseAppState {
    /** Hears every agent's decision and its outcome, on the world thread (sounds, scores, a HUD). */
    @FunctionalInterface
    public interface StepListener {
        /**
         * @param agent the agent's index in {@link WorldSimulation#agents()}
         * @param decision what the agent saw and did
         * @param outcome the reward and episode flags of the decision ({@code truncated} also at the episode limit)
         */
        void stepped(int agent, Decision decision, AgentStep outcome);
    }

    private final WorldSimulation sim;
    private final InferenceConfig config;
    private final Policy[] policies;
    private final AgentEpisodes episodes;
    private final FixedStepDriver driver;
    private final Decision[] pending;
    private volatile StepListener listener;

    /**
     * Lets one policy drive every agent of {@code sim} (all agents need the policy's spaces), and resets the world
     * with the config's seed.
     *
     * @param sim the world (the state owns it from now on)
     * @param policy the trained policy, e.g. {@code Policy.load(Path.of("npc-policy.json"))}
     * @param config seed, action choice and clock
     * @throws IllegalArgumentException when the world has no agent or an agent's spaces are not the policy's
     */
    public InferenceAppState(WorldSimulation sim, Policy policy, InferenceConfig config) {
        this(sim, everyAgent(sim, policy), config);
    }

    /**
     * Lets each named agent's policy drive it; the other agents keep their own brain (they must be in
     * {@link AgentMode#HEURISTIC} or {@link AgentMode#INFERENCE}). Resets the world with the config's seed.
     *
     * @param sim the world (the state owns it from now on)
     * @param policies the policy per {@link AgentControl#agentName()}; one policy may drive several agents. Each
     *                 policy is reseeded ({@link Policy#seed}) with the config's seed plus the index of the first agent
     *                 it drives, so stochastic runs repeat for a seed
     * @param config seed, action choice and clock
     * @throws IllegalArgumentException for an unknown agent name, a policy whose spaces are not its agent's, or an
     *         agent left without a brain
     */
    public InferenceAppState(WorldSimulation sim, Map<String, Policy> policies, InferenceConfig config) {
        if (sim == null || policies == null || config == null) {
            throw new IllegalArgumentException("InferenceAppState: sim=" + sim + ", policies=" + policies + ", config="
                    + config + "; none may be null");
        }
        String where = "InferenceAppState(" + sim.world().name() + ")";
        List<AgentControl<?>> agents = sim.agents();
        if (agents.isEmpty()) {
            throw new IllegalArgumentException(where + ": the world has no agent; add an AgentControl to each NPC"
                    + " spatial (npc.addControl(agent)) in build()");
        }
        List<String> names = agents.stream().map(AgentControl::agentName).toList();
        for (String name : policies.keySet()) {
            if (!names.contains(name)) {
                throw new IllegalArgumentException(where + ": no agent is named '" + name + "'; the agents are " + names);
            }
        }
        this.policies = new Policy[agents.size()];
        for (int i = 0; i < agents.size(); i++) {
            Policy p = policies.get(names.get(i));
            if (p != null) {
                PolicyBrain.requireFits(p, agents.get(i), where + " policy for '" + names.get(i) + "'");
                this.policies[i] = p;
            }
        }
        Map<Policy, Boolean> seeded = new IdentityHashMap<>();
        for (int i = 0; i < agents.size(); i++) {
            AgentControl<?> a = agents.get(i);
            if (this.policies[i] != null) {
                if (seeded.put(this.policies[i], true) == null) {
                    this.policies[i].seed(config.seed() + i);
                }
                PolicyBrain.drive(a, this.policies[i], config.deterministic(), where);
            } else if (a.mode() == AgentMode.EXTERNAL) {
                throw new IllegalArgumentException(where + ": " + a.describe() + " has no policy and is in EXTERNAL mode;"
                        + " give it a policy, or set its own brain first (agent.setMode(AgentMode.HEURISTIC))");
            }
        }
        this.sim = sim;
        this.config = config;
        this.episodes = new AgentEpisodes(sim, config.maxEpisodeSteps());
        this.pending = new Decision[agents.size()];
        this.driver = new FixedStepDriver(sim, new PolicyLoop(), config.speed(), config.maxTicksPerFrame());
        sim.reset(config.seed());
    }

    private static Map<String, Policy> everyAgent(WorldSimulation sim, Policy policy) {
        if (sim == null || policy == null) {
            throw new IllegalArgumentException("InferenceAppState: sim=" + sim + ", policy=" + policy + "; neither may be null");
        }
        Map<String, Policy> m = new HashMap<>();
        for (AgentControl<?> a : sim.agents()) {
            m.put(a.agentName(), policy);
        }
        return m;
    }

    /** The world this state runs. */
    public WorldSimulation simulation() {
        return sim;
    }

    /** The configuration. */
    public InferenceConfig config() {
        return config;
    }

    /** The episodes so far: how many ended, their returns. */
    public AgentEpisodes episodes() {
        return episodes;
    }

    /** Decisions completed so far. */
    public long decisions() {
        return driver.decisions();
    }

    /** Whether {@link InferenceConfig#maxDecisions()} decisions ran (the world then stands still). */
    public boolean finished() {
        return driver.finished();
    }

    /** Sets (or with {@code null} removes) the listener that hears every decision; any thread. */
    public void setListener(StepListener value) {
        listener = value;
    }

    @Override
    public void update(float tpf) {
        driver.frame(tpf);
        // the scene hangs off a viewport, not the app's root node: keep its bounds and light lists current for rendering
        sim.rootNode().updateGeometricState();
    }

    /** Restarts ended episodes, lets every agent's brain act, then reads the outcomes; on the world thread. */
    private final class PolicyLoop implements DecisionLoop {
        private final List<Integer> restarted = new ArrayList<>();

        @Override
        public void beforeDecision(WorldSimulation s, long index) {
            restarted.clear();
            for (int i = 0; i < policies.length; i++) {
                if (episodes.ended(i)) {
                    restarted.add(i);
                }
            }
            episodes.restartEnded(s);
            if (!config.deterministic()) {
                for (int i : restarted) {
                    if (policies[i] != null) {
                        policies[i].resetNoise(); // gSDE: a new exploration matrix per episode (no-op without gSDE)
                    }
                }
            }
            String where = s.world().name() + " decision " + index;
            for (int i = 0; i < pending.length; i++) {
                pending[i] = s.decideAndApply(i, where);
            }
        }

        @Override
        public boolean afterDecision(WorldSimulation s, long index) {
            String where = s.world().name() + " decision " + index;
            StepListener l = listener;
            for (int i = 0; i < pending.length; i++) {
                AgentStep outcome = episodes.collect(s, i, where);
                if (l != null) {
                    l.stepped(i, pending[i], outcome);
                }
            }
            return config.maxDecisions() == 0 || index + 1 < config.maxDecisions();
        }
    }

    @Override
    protected void initialize(Application app) {
        // built and reset in the constructor, so the scene can be shown before the first frame
    }

    @Override
    protected void cleanup(Application app) {
        sim.close();
    }

    @Override
    protected void onEnable() {
        // nothing to attach: the game shows the scene on its viewport
    }

    @Override
    protected void onDisable() {
        // nothing to detach
    }
}
