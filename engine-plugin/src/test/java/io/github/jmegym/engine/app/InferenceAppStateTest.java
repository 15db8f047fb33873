package io.github.jmegym.engine.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.agent.Policy;
import io.github.jmegym.agent.PpoConfig;
import io.github.jmegym.agent.PpoTrainer;
import io.github.jmegym.engine.AgentControl;
import io.github.jmegym.engine.AgentMode;
import io.github.jmegym.engine.SimulationConfig;
import io.github.jmegym.engine.WorldSimulation;
import io.github.jmegym.engine.example.CoinCollector.CoinWorld;
import io.github.jmegym.engine.worlds.BallBalanceWorld;
import io.github.jmegym.envs.spaces.Space;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link InferenceAppState} frame by frame, as the render thread calls it: the fixed clock, per-agent episodes,
 * per-agent policies, seeding and bad input. Policies are untrained (their actions are what matters here, not their
 * skill; {@code ShippedGameTest} runs a trained one).
 */
class InferenceAppStateTest {
    /** One step an agent took: its index, the decision, what it saw and did, and its episode flags and count. */
    record Seen(int agent, double[] observation, double[] action, boolean ended, int episodeSteps) {
    }

    private static Policy untrainedPolicyFor(AgentControl<?> agent, long seed) {
        try (PpoTrainer t = PpoTrainer.forSpaces(agent.observationSpace(), agent.actionSpace(), PpoConfig.defaults(), seed)) {
            return t.policy();
        }
    }

    private static WorldSimulation platforms(int n) {
        return new WorldSimulation(new BallBalanceWorld(n), SimulationConfig.defaults());
    }

    /** Runs {@code frames} frames of {@code tpf} seconds and returns every agent step the state took. */
    private static List<Seen> play(InferenceAppState state, int frames, float tpf) {
        List<Seen> seen = new ArrayList<>();
        WorldSimulation sim = state.simulation();
        state.setListener((i, d, outcome) -> seen.add(new Seen(i, d.observation(), (double[]) d.action(),
                outcome.terminated() || outcome.truncated(), sim.agents().get(i).episodeSteps())));
        for (int f = 0; f < frames; f++) {
            state.update(tpf);
        }
        return seen;
    }

    @Test
    @Timeout(30)
    void atRealTimeSixtyFramesOfASixtiethAreFifteenDecisionsAndAtDoubleSpeedThirty() {
        for (double speed : new double[] {1, 2}) {
            WorldSimulation sim = platforms(2);
            InferenceAppState state = new InferenceAppState(sim, untrainedPolicyFor(sim.agents().get(0), 1),
                    InferenceConfig.defaults().withSpeed(speed));
            try {
                List<Seen> seen = play(state, 60, 1f / 60f);
                assertEquals(15 * speed, state.decisions(), "decisions after 1 s of frames at speed " + speed);
                assertEquals(2 * state.decisions(), seen.size(), "both agents decide at every decision");
                assertEquals(60 * speed, sim.ticks(), 1e-9, "physics ticks of 1/60 s in 1 s at speed " + speed);
            } finally {
                sim.close();
            }
        }
    }

    @Test
    @Timeout(30)
    void eachAgentRestartsAloneWhenItsEpisodeEndsWhileTheOthersKeepGoing() {
        WorldSimulation sim = platforms(3);
        // sampling from an untrained policy drops balls (terminated) now and then; the limit truncates the rest
        InferenceAppState state = new InferenceAppState(sim, untrainedPolicyFor(sim.agents().get(0), 2),
                InferenceConfig.defaults().withSpeed(0).withDeterministic(false).withMaxEpisodeSteps(40).withSeed(5));
        try {
            List<Seen> seen = play(state, 200, 0.01f);
            assertEquals(200, state.decisions(), "speed 0: one decision per frame");
            int[] expected = {1, 1, 1};
            int[] ends = new int[3];
            for (Seen s : seen) {
                assertEquals(expected[s.agent()], s.episodeSteps(), "agent " + s.agent() + "'s decision count in its episode");
                assertTrue(s.episodeSteps() <= 40, "no episode runs past the limit of 40 decisions");
                expected[s.agent()] = s.ended() ? 1 : expected[s.agent()] + 1;
                ends[s.agent()] += s.ended() ? 1 : 0;
            }
            long total = ends[0] + ends[1] + ends[2];
            assertEquals(total, state.episodes().episodesEnded());
            assertTrue(ends[0] >= 5 && ends[1] >= 5 && ends[2] >= 5, "episodes ended per agent: " + List.of(ends[0], ends[1], ends[2]));
            assertTrue(Double.isFinite(state.episodes().meanReturn()) && Double.isFinite(state.episodes().lastReturn(2)));
        } finally {
            sim.close();
        }
    }

    @Test
    @Timeout(30)
    void theSameSeedSamplesTheSameActionsAndAnotherSeedOthers() {
        List<List<Seen>> runs = new ArrayList<>();
        for (long seed : new long[] {11, 11, 12}) {
            WorldSimulation sim = platforms(2);
            InferenceAppState state = new InferenceAppState(sim, untrainedPolicyFor(sim.agents().get(0), 3),
                    InferenceConfig.defaults().withSpeed(0).withDeterministic(false).withSeed(seed));
            try {
                runs.add(play(state, 30, 0.01f));
            } finally {
                sim.close();
            }
        }
        for (int k = 0; k < runs.get(0).size(); k++) {
            assertArrayEquals(runs.get(0).get(k).action(), runs.get(1).get(k).action(), 0.0, "step " + k + " with seed 11 twice");
            assertArrayEquals(runs.get(0).get(k).observation(), runs.get(1).get(k).observation(), 0.0, "step " + k);
        }
        assertNotEquals(runs.get(0).get(0).action()[0], runs.get(2).get(0).action()[0], "seed 12 samples other actions");
    }

    @Test
    @Timeout(30)
    void aNamedAgentFollowsItsPolicyWhileAnotherKeepsItsHeuristic() {
        WorldSimulation sim = platforms(2);
        AgentControl<?> heuristicAgent = sim.agents().get(1);
        heuristicAgent.setMode(AgentMode.HEURISTIC);
        Policy policy = untrainedPolicyFor(sim.agents().get(0), 4);
        InferenceAppState state = new InferenceAppState(sim, Map.of("balancer-0", policy),
                InferenceConfig.defaults().withSpeed(0));
        try {
            List<Seen> seen = play(state, 20, 0.01f);
            Policy reference = untrainedPolicyFor(sim.agents().get(0), 4);
            for (Seen s : seen) {
                double[] expected = s.agent() == 0 ? (double[]) reference.act(s.observation(), true)
                        : (double[]) heuristicAgent.heuristic(s.observation());
                assertArrayEquals(expected, s.action(), 0.0, "agent " + s.agent() + "'s action");
            }
            assertEquals(AgentMode.INFERENCE, sim.agents().get(0).mode());
            assertEquals(AgentMode.HEURISTIC, heuristicAgent.mode());
        } finally {
            sim.close();
        }
    }

    @Test
    @Timeout(30)
    void stopsSteppingTheWorldAfterMaxDecisions() {
        WorldSimulation sim = platforms(1);
        InferenceAppState state = new InferenceAppState(sim, untrainedPolicyFor(sim.agents().get(0), 5),
                InferenceConfig.defaults().withSpeed(0).withMaxDecisions(7));
        try {
            play(state, 20, 0.01f);
            assertEquals(7, state.decisions());
            assertTrue(state.finished());
            assertEquals(7 * 4, sim.ticks(), "the world stands still once the decisions are done");
        } finally {
            sim.close();
        }
    }

    @Test
    @Timeout(30)
    void badPoliciesAndAgentsAreRejectedWithTheAgentAndTheFix() {
        try (WorldSimulation sim = platforms(2); WorldSimulation coins = new WorldSimulation(new CoinWorld(), SimulationConfig.defaults())) {
            Policy balancing = untrainedPolicyFor(sim.agents().get(0), 6);
            Policy collecting = untrainedPolicyFor(coins.agents().get(0), 6);
            InferenceConfig c = InferenceConfig.defaults();

            String unknown = assertThrows(IllegalArgumentException.class,
                    () -> new InferenceAppState(sim, Map.of("balancer-7", balancing), c)).getMessage();
            assertTrue(unknown.contains("no agent is named 'balancer-7'") && unknown.contains("balancer-1"), unknown);

            String external = assertThrows(IllegalArgumentException.class,
                    () -> new InferenceAppState(sim, Map.of("balancer-0", balancing), c)).getMessage();
            assertTrue(external.contains("agent 'balancer-1'") && external.contains("EXTERNAL")
                    && external.contains("setMode(AgentMode.HEURISTIC)"), external);

            String spaces = assertThrows(IllegalArgumentException.class,
                    () -> new InferenceAppState(sim, collecting, c)).getMessage();
            assertTrue(spaces.contains("trained on " + collecting.observationSpace()) && spaces.contains("agent 'balancer-0'")
                    && spaces.contains("load the policy trained for this agent"), spaces);

            String config = assertThrows(IllegalArgumentException.class, () -> c.withMaxEpisodeSteps(-1)).getMessage();
            assertTrue(config.contains("maxEpisodeSteps=-1"), config);
            assertThrows(IllegalArgumentException.class, () -> c.withSpeed(Double.NaN));
            assertThrows(IllegalArgumentException.class, () -> c.withMaxTicksPerFrame(0));
        }
    }

    @Test
    @Timeout(30)
    void aWorldWithoutAgentsIsRejected() {
        try (WorldSimulation empty = new WorldSimulation(ctx -> { }, SimulationConfig.defaults())) {
            Space<?> box = new io.github.jmegym.envs.spaces.Box(-1, 1, new int[] {8}, io.github.jmegym.envs.spaces.DType.FLOAT32);
            Policy p;
            try (PpoTrainer t = PpoTrainer.forSpaces(box, box, PpoConfig.defaults(), 0)) {
                p = t.policy();
            }
            String m = assertThrows(IllegalArgumentException.class,
                    () -> new InferenceAppState(empty, p, InferenceConfig.defaults())).getMessage();
            assertTrue(m.contains("has no agent") && m.contains("npc.addControl(agent)"), m);
            assertFalse(m.isBlank());
        }
    }
}
