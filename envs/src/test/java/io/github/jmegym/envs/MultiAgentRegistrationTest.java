package io.github.jmegym.envs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.envs.classic.CartPole;
import io.github.jmegym.envs.vector.SyncVectorEnv;
import io.github.jmegym.envs.vector.VectorEnv;
import io.github.jmegym.envs.vector.VectorMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A registration's multi-agent factory and traits, as {@code makeVec(..., agents=K)} and the engine commands use them. */
class MultiAgentRegistrationTest {
    private static final String SCENE = "PoleScene-v0";
    private static final String SINGLE = "PoleSingle-v0";
    private static final AtomicReference<Object[]> LAST_CALL = new AtomicReference<>();

    /** A trait as another module would attach one. */
    record Marker(String note) {
    }

    @BeforeAll
    static void register() {
        if (!Envs.ids().contains(SCENE)) {
            EnvSpec spec = new EnvSpec(SCENE, 20, null, Map.of("note", "default"), List.of(), 0, AutoresetMode.NEXT_STEP);
            Envs.register(new EnvRegistration(spec, (k, s) -> new CartPole(Map.of(), s))
                    .withMultiAgent((agents, kwargs, s, mode) -> {
                        LAST_CALL.set(new Object[] {agents, kwargs, s, mode});
                        List<Env<double[], Integer>> poles = new ArrayList<>();
                        for (int i = 0; i < agents; i++) {
                            poles.add(new CartPole(Map.of(), s));
                        }
                        return new SyncVectorEnv<>(poles, mode);
                    })
                    .withTrait(new Marker("scene")));
            Envs.register(new EnvRegistration(EnvSpec.of(SINGLE, 20, null), (k, s) -> new CartPole(Map.of(), s)));
        }
    }

    @Test
    void agentsKwargBuildsOneSceneThroughTheMultiAgentFactoryWithoutAgentsOrTheTimeLimitInItsKwargs() {
        try (VectorEnv<double[], Integer> v = Envs.makeVec(SCENE, 3, VectorMode.SYNC, AutoresetMode.SAME_STEP,
                Map.of(Envs.AGENTS, 3, Envs.MAX_EPISODE_STEPS, 7, "note", "given"))) {
            assertEquals(3, v.numEnvs());
        }
        Object[] call = LAST_CALL.get();
        assertEquals(3, call[0]);
        assertEquals(Map.of("note", "given"), call[1]);
        EnvSpec spec = (EnvSpec) call[2];
        assertEquals(7, spec.maxEpisodeSteps());
        assertEquals(Map.of("note", "given"), spec.kwargs());
        assertEquals(AutoresetMode.SAME_STEP, call[3]);
    }

    @Test
    void sceneWithoutAnAutoresetModeGetsTheSpecsMode() {
        Envs.makeVec(SCENE, 2, VectorMode.SYNC, null, Map.of(Envs.AGENTS, 2)).close();
        assertEquals(AutoresetMode.NEXT_STEP, LAST_CALL.get()[3]);
    }

    @Test
    void numEnvsOtherThanAgentsIsRefusedSayingTheyMustBeEqual() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Envs.makeVec(SCENE, 4, VectorMode.SYNC, null, Map.of(Envs.AGENTS, 2)));
        assertEquals("makeVec(" + SCENE + "): agents=2 with numEnvs=4; expected numEnvs equal to agents (one scene, "
                + "one sub-env per agent)", e.getMessage());
    }

    @Test
    void agentsForAnEnvWithoutMultiAgentFactoryIsRefusedNamingTheIdsThatHaveOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Envs.makeVec(SINGLE, 2, VectorMode.SYNC, null, Map.of(Envs.AGENTS, 2)));
        assertTrue(e.getMessage().startsWith("makeVec(" + SINGLE + "): agents=2 but " + SINGLE + " has one agent per scene"
                + " (ids with several agents per scene: ["), e.getMessage());
        assertTrue(e.getMessage().contains(SCENE) && e.getMessage().endsWith("drop agents to get 2 independent copies"),
                e.getMessage());
    }

    @Test
    void makeRefusesAgentsPointingToMakeVec() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Envs.make(SCENE, Map.of(Envs.AGENTS, 4)));
        assertEquals("make(" + SCENE + "): agents=4 puts several agents in one scene, which is a vector env: call "
                + "makeVec(" + SCENE + ", numEnvs, ...) with numEnvs equal to agents", e.getMessage());
    }

    @Test
    void traitsAreFoundByClassAndListTheirIds() {
        EnvRegistration r = Envs.registration(SCENE);
        assertEquals("scene", r.trait(Marker.class).orElseThrow().note());
        assertTrue(Envs.registration(SINGLE).trait(Marker.class).isEmpty());
        assertTrue(Envs.idsWith(Marker.class).contains(SCENE) && !Envs.idsWith(Marker.class).contains(SINGLE));
        assertTrue(Envs.multiAgentIds().contains(SCENE) && !Envs.multiAgentIds().contains(SINGLE));
        assertTrue(r.supportsAgents());
    }

    @Test
    void aTraitOfTheSameClassReplacesTheOldOneAndTwoInTheConstructorAreRefused() {
        EnvRegistration r = new EnvRegistration(EnvSpec.of("T-v0", null, null), (k, s) -> null);
        Marker second = new Marker("b");
        assertSame(second, r.withTrait(new Marker("a")).withTrait(second).trait(Marker.class).orElseThrow());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EnvRegistration(r.spec(),
                r.factory(), null, List.of(new Marker("a"), new Marker("b"))));
        assertTrue(e.getMessage().contains("two traits of class"), e.getMessage());
    }
}
