package io.github.jmegym.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.engine.example.CoinCollectorEnvs;
import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.EnvRegistration;
import io.github.jmegym.envs.EnvSpec;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.cli.Main;
import io.github.jmegym.envs.vector.VectorEnv;
import io.github.jmegym.envs.vector.VectorMode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A world registered with {@link EngineWorlds} is an engine world for every command; other ids are refused. */
class EngineWorldsTest {
    @BeforeAll
    static void registerTheUsersWorld() {
        if (!Envs.ids().contains(CoinCollectorEnvs.ID)) {
            new CoinCollectorEnvs().registrations().forEach(Envs::register);
        }
    }

    @Test
    void theShippedWorldsAndAUsersWorldAreEngineWorldsAndOnlyBallBalanceHoldsSeveralAgents() {
        List<String> ids = EngineWorlds.ids();
        assertTrue(ids.containsAll(List.of("BallBalance-v0", "Chase-v0", CoinCollectorEnvs.ID)), ids.toString());
        assertFalse(ids.contains("CartPole-v1"), ids.toString());
        assertTrue(EngineWorlds.multiAgentIds().contains("BallBalance-v0"), EngineWorlds.multiAgentIds().toString());
        assertFalse(EngineWorlds.multiAgentIds().contains("Chase-v0") || EngineWorlds.multiAgentIds().contains(
                CoinCollectorEnvs.ID), EngineWorlds.multiAgentIds().toString());
        assertFalse(EngineWorlds.of(CoinCollectorEnvs.ID).supportsAgents());
        assertTrue(EngineWorlds.of("BallBalance-v0").supportsAgents());
    }

    @Test
    void aUsersWorldMakesAWorldEnvAndASceneOfItsOneAgent() {
        try (Env<?, ?> env = Envs.make(CoinCollectorEnvs.ID)) {
            assertTrue(env.unwrapped() instanceof WorldEnv<?>, env.toString());
        }
        try (MultiAgentVectorEnv<Object> scene = EngineWorlds.scene(CoinCollectorEnvs.ID, 1,
                Map.of(Envs.MAX_EPISODE_STEPS, 9), AutoresetMode.SAME_STEP)) {
            assertEquals(1, scene.numEnvs());
            assertEquals(9, scene.spec().maxEpisodeSteps());
        }
    }

    @Test
    void anUnknownKwargOfAUsersWorldIsRefusedNamingTheKnownKeys() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Envs.make(CoinCollectorEnvs.ID, Map.of("coins", 3)));
        assertTrue(e.getMessage().startsWith("make(" + CoinCollectorEnvs.ID + "): unknown key 'coins'; known keys are ["),
                e.getMessage());
        assertTrue(e.getMessage().contains("physics_dt"), e.getMessage());
    }

    @Test
    void aNonEngineIdIsRefusedNamingTheRegisteredEngineWorlds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EngineWorlds.of("CartPole-v1"));
        assertTrue(e.getMessage().startsWith("CartPole-v1 is not an engine world (it has no jME scene); registered "
                + "engine worlds: [BallBalance-v0, Chase-v0, "), e.getMessage());
        assertTrue(e.getMessage().contains(CoinCollectorEnvs.ID), e.getMessage());
    }

    @Test
    void severalAgentsOfAOneAgentWorldAreRefusedNamingTheWorldsThatHoldSeveral() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EngineWorlds.scene(CoinCollectorEnvs.ID, 3, Map.of(), null));
        assertEquals("make(" + CoinCollectorEnvs.ID + "): agents=3 but " + CoinCollectorEnvs.ID + " has one agent per "
                + "scene; engine worlds with several agents: [BallBalance-v0]", e.getMessage());
    }

    @Test
    void makeVecWithAgentsAndEngineWorldsSceneBuildTheSameScene() {
        try (VectorEnv<?, ?> v = Envs.makeVec("BallBalance-v0", 3, VectorMode.SYNC, AutoresetMode.SAME_STEP,
                Map.of(Envs.AGENTS, 3));
             MultiAgentVectorEnv<Object> s = EngineWorlds.scene("BallBalance-v0", 3, Map.of(), AutoresetMode.SAME_STEP)) {
            assertTrue(v instanceof MultiAgentVectorEnv<?>, v.toString());
            assertEquals(3, v.numEnvs());
            assertEquals(s.simulation().agents().size(), ((MultiAgentVectorEnv<?>) v).simulation().agents().size());
            assertEquals(s.singleObservationSpace(), v.singleObservationSpace());
            assertEquals(List.of("balancer-0", "balancer-1", "balancer-2"), v.agentNames());
        }
    }

    @Test
    void aUsersWorldWithAnAgentsFactoryBuildsScenesOfThatManyAgentsNamedAsInTheScene() {
        EnvRegistration r = EngineWorlds.registration(EnvSpec.of("GuardPost-v0", 10, null),
                k -> TestWorlds.withAgents(new TestWorlds.CountingAgent("guard-0", 1, 1)),
                (agents, k) -> TestWorlds.withAgents(IntStream.range(0, agents)
                        .mapToObj(i -> new TestWorlds.CountingAgent("guard-" + i, 1, 1)).toArray(AgentControl<?>[]::new)));
        assertTrue(r.supportsAgents() && r.trait(EngineWorld.class).orElseThrow().supportsAgents());
        try (VectorEnv<?, ?> v = r.multiAgent().create(3, Map.of(), r.spec(), AutoresetMode.SAME_STEP)) {
            assertEquals(List.of("guard-0", "guard-1", "guard-2"), v.agentNames());
            v.reset(0L, Map.of());
        }
        try (Env<?, ?> one = r.factory().create(Map.of(), r.spec())) {
            assertTrue(one.unwrapped() instanceof WorldEnv<?>);
        }
    }

    private static String[] play(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "play";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = cl.execute(all);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void playRefusesANonEngineIdNamingTheRegisteredEngineWorlds() {
        String[] r = play("--env", "CartPole-v1", "--headless");
        assertEquals("2", r[0], r[2]);
        assertTrue(r[2].startsWith("jmegym play: --env CartPole-v1: CartPole-v1 is not an engine world (it has no jME "
                + "scene); registered engine worlds: [BallBalance-v0, Chase-v0, "), r[2]);
    }

    @Test
    void playTrainRefusesAgentsAsAKwargSayingWhereTheNumberGoes() {
        String[] r = play("--env", "BallBalance-v0", "-k", "agents=4", "--train", "--headless");
        assertEquals("2", r[0], r[2]);
        assertTrue(r[2].contains("kwarg agents=4 given to a world; the number of agents is given apart")
                && r[2].contains("--agents K (play)"), r[2]);
    }

    @Test
    void playRefusesSeveralAgentsInAOneAgentWorldBeforeOpeningAWindow() {
        String[] r = play("--env", "Chase-v0", "--agents", "2", "--train");
        assertEquals("2", r[0], r[2]);
        assertTrue(r[2].contains("--agents 2: Chase-v0 has one agent per scene; engine worlds with several agents: "
                + "[BallBalance-v0"), r[2]);
    }
}
