package io.github.jmegym.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.EnvSpec;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.Reset;
import io.github.jmegym.envs.Step;
import io.github.jmegym.envs.spaces.Discrete;
import io.github.jmegym.envs.spaces.Space;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BridgeServiceTest {
    private final BridgeService service = new BridgeService(Vectors::make, () -> { });

    @AfterEach
    void closeAll() {
        service.closeAll();
    }

    private static ByteBuffer le(String reply) {
        return ByteBuffer.wrap(bytes(reply)).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] bytes(String reply) {
        return java.util.Base64.getDecoder().decode(reply);
    }

    private static byte[] discrete(long... actions) {
        ByteBuffer b = Protocol.buffer(8 * actions.length);
        for (long a : actions) {
            b.putLong(a);
        }
        return b.array();
    }

    private int make(String id, String kwargs) {
        return JsonParser.parseString(service.make(id, kwargs)).getAsJsonObject().get("handle").getAsInt();
    }

    @Test
    void resetAndStepRepliesFollowTheDocumentedLayoutAndMatchTheJavaEnv() {
        int h = make("CartPole-v1", "{}");
        Env<double[], Integer> ref = Envs.make("CartPole-v1");
        Reset<double[]> r = ref.reset(5L, Map.of());
        ByteBuffer reset = le(service.reset(h, 5L, null));
        for (double v : r.observation()) {
            assertEquals((float) v, reset.getFloat());
        }
        assertEquals(0, reset.getInt(), "empty info is sent as length 0");
        assertFalse(reset.hasRemaining());
        for (int t = 0; t < 30; t++) {
            int a = t % 3 == 0 ? 0 : 1;
            Step<double[]> s = ref.step(a);
            ByteBuffer step = le(service.step(h, discrete(a)));
            for (double v : s.observation()) {
                assertEquals((float) v, step.getFloat());
            }
            assertEquals(s.reward(), step.getDouble());
            assertEquals(s.terminated() ? 1 : 0, step.get());
            assertEquals(s.truncated() ? 1 : 0, step.get());
            assertEquals(0, step.getInt());
            if (s.done()) {
                break;
            }
        }
    }

    @Test
    void resetOptionsAndKwargsCrossAsJson() {
        int h = make("CartPole-v1", "{\"sutton_barto_reward\": true}");
        ByteBuffer reset = le(service.reset(h, null, "{\"state\": [0.1, 0.0, 0.25, 0.0]}"));
        assertEquals(0.1f, reset.getFloat());
        assertEquals(0.0f, reset.getFloat());
        assertEquals(0.25f, reset.getFloat());
        ByteBuffer step = le(service.step(h, discrete(1)));
        step.position(16);
        assertEquals(-1.0, step.getDouble(), "sutton_barto_reward gives -1 on termination (angle 0.25 > 12 deg)");
    }

    @Test
    void aBadActionIsAnIllegalArgumentNamingTheEnvAndLeavesTheEnvUsable() {
        int h = make("CartPole-v1", null);
        service.reset(h, 1L, "{}");
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> service.step(h, discrete(7)));
        assertTrue(range.getMessage().contains("CartPole-v1") && range.getMessage().contains("7"), range.getMessage());
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class, () -> service.step(h, new byte[4]));
        assertTrue(size.getMessage().contains("expected 8"), size.getMessage());
        assertEquals(8 * 4 / 2 + 8 + 2 + 4, bytes(service.step(h, discrete(1))).length);
    }

    @Test
    void aNaNActionForABoxIsRejected() {
        int h = make("Pendulum-v1", "{}");
        service.reset(h, 1L, null);
        byte[] nan = Protocol.buffer(4).putFloat(Float.NaN).array();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> service.step(h, nan));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        assertEquals(12 + 14, bytes(service.step(h, Protocol.buffer(4).putFloat(0.5f).array())).length);
    }

    @Test
    void anOutOfRangeBoxActionGoesToTheEnvWhichClipsItAsGymnasiumDoes() {
        int beyond = make("Pendulum-v1", "{}");
        int bound = make("Pendulum-v1", "{}");
        service.reset(beyond, 3L, null);
        service.reset(bound, 3L, null);
        String clipped = service.step(beyond, Protocol.buffer(4).putFloat(5.0f).array());
        assertEquals(service.step(bound, Protocol.buffer(4).putFloat(2.0f).array()), clipped);
    }

    @Test
    void badKwargsAndUnknownIdsAreIllegalArguments() {
        assertThrows(IllegalArgumentException.class, () -> service.make("CartPole-v1", "{\"nope\": 1}"));
        assertThrows(IllegalArgumentException.class, () -> service.make("CartPole-v1", "[1, 2"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> service.make("CartPol-v1", "{}"));
        assertTrue(e.getMessage().contains("CartPole-v1"), "suggests the close id: " + e.getMessage());
    }

    @Test
    void singleEnvsComeWithoutTheRegistryTimeLimitBecausePythonAppliesGymnasiumsOwn() {
        JsonObject made = JsonParser.parseString(service.make("CartPole-v1", "{\"max_episode_steps\": 2}"))
                .getAsJsonObject();
        assertEquals(2, made.getAsJsonObject("spec").get("max_episode_steps").getAsInt(), "the spec still says 2");
        int h = made.get("handle").getAsInt();
        service.reset(h, null, "{\"state\": [0, 0, 0, 0]}");
        for (int t = 0; t < 4; t++) {
            ByteBuffer s = le(service.step(h, discrete(t % 2)));
            s.position(16 + 8);
            assertEquals(0, s.get(), "terminated at step " + t);
            assertEquals(0, s.get(), "truncated at step " + t);
        }
    }

    @Test
    void closedHandlesAreAnIllegalStateNamingTheHandle() {
        int h = make("CartPole-v1", "{}");
        service.close(h);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> service.reset(h, null, null));
        assertTrue(e.getMessage().contains("handle=" + h), e.getMessage());
        service.close(h); // closing twice does nothing
    }

    @Test
    void listEnvsGivesSpecsAndSpacesOfEveryRegisteredId() {
        JsonArray list = JsonParser.parseString(service.listEnvs()).getAsJsonArray();
        assertEquals(Envs.ids().size(), list.size());
        for (JsonElement e : list) {
            JsonObject o = e.getAsJsonObject();
            assertTrue(o.has("observation_space") || o.has("error"), o.toString());
            assertEquals(o.get("id").getAsString(), o.getAsJsonObject("spec").get("id").getAsString());
        }
        JsonArray specs = JsonParser.parseString(service.specs()).getAsJsonArray();
        assertEquals(list.size(), specs.size());
    }

    @Test
    void vectorStepAllStepsEverySubEnvInOneCallWithNextStepAutoreset() {
        JsonObject made = JsonParser.parseString(service.makeVec("CartPole-v1", 3, "{}", "next_step")).getAsJsonObject();
        int h = made.get("handle").getAsInt();
        assertEquals("next_step", made.get("autoreset_mode").getAsString());
        ByteBuffer reset = le(service.resetAll(h, 10L, null));
        assertEquals(3 * 16 + 4, reset.capacity());
        boolean sawEnd = false;
        for (int t = 0; t < 200 && !sawEnd; t++) {
            ByteBuffer s = le(service.stepAll(h, discrete(1, 1, 1)));
            assertEquals(3 * 16 + 3 * 8 + 3 + 3 + 4, s.capacity());
            s.position(3 * 16 + 3 * 8);
            for (int i = 0; i < 3; i++) {
                sawEnd |= s.get() == 1;
            }
        }
        assertTrue(sawEnd, "always pushing right ends an episode");
        // the next step resets the ended sub-envs: reward 0 there
        ByteBuffer s = le(service.stepAll(h, discrete(0, 0, 0)));
        s.position(3 * 16);
        double zeros = 0;
        for (int i = 0; i < 3; i++) {
            zeros += s.getDouble() == 0.0 ? 1 : 0;
        }
        assertTrue(zeros >= 1, "a sub-env reset on the next step gets reward 0");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> service.stepAll(h, discrete(1, 2, 1)));
        assertTrue(e.getMessage().contains("sub-env 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> service.stepAll(h, discrete(1, 1)));
        service.stepAll(h, discrete(1, 1, 1));
    }

    @Test
    void vectorResetSeedsSubEnvIWithSeedPlusI() {
        int h = JsonParser.parseString(service.makeVec("CartPole-v1", 2, null, null)).getAsJsonObject()
                .get("handle").getAsInt();
        byte[] both = bytes(service.resetAll(h, 100L, null));
        int single = make("CartPole-v1", "{}");
        byte[] second = bytes(service.reset(single, 101L, null));
        byte[] expected = new byte[16];
        System.arraycopy(second, 0, expected, 0, 16);
        byte[] got = new byte[16];
        System.arraycopy(both, 16, got, 0, 16);
        assertArrayEquals(expected, got);
    }

    @Test
    void aLiveEnvIsListedUsedAsIsDrivenByOneHandleAndNotClosedByPython() {
        CountingEnv live = new CountingEnv();
        service.registerLive("LiveGame-v0", live);
        assertTrue(service.specs().contains("LiveGame-v0"));
        assertTrue(service.listEnvs().contains("\"live\":true"));
        int h = make("LiveGame-v0", "{}");
        service.reset(h, 3L, null);
        service.step(h, discrete(1));
        assertEquals(1, live.steps);
        IllegalStateException busy = assertThrows(IllegalStateException.class, () -> service.make("LiveGame-v0", "{}"));
        assertTrue(busy.getMessage().contains("handle " + h), busy.getMessage());
        service.close(h);
        assertFalse(live.closed);
        make("LiveGame-v0", null);
        assertThrows(IllegalArgumentException.class, () -> service.registerLive("LiveGame-v0", new CountingEnv()));
        assertThrows(IllegalArgumentException.class, () -> service.makeVec("LiveGame-v0", 2, null, null));
    }

    @Test
    void renderRepliesWidthHeightAndRgbOrNothing() {
        service.registerLive("LiveGame-v0", new CountingEnv());
        int live = make("LiveGame-v0", null);
        ByteBuffer frame = le(service.render(live));
        assertEquals(2, frame.getInt());
        assertEquals(1, frame.getInt());
        byte[] rgb = new byte[6];
        frame.get(rgb);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, rgb);
        assertEquals("", service.render(make("CartPole-v1", null)), "no frame: an empty reply");
    }

    @Test
    void aStepWaitingForAnEnvThatAnotherCallClosesFailsWithoutSteppingIt() throws Exception {
        CountingEnv live = new CountingEnv();
        live.gate = new CountDownLatch(1);
        service.registerLive("LiveGame-v0", live);
        int h = make("LiveGame-v0", null);
        AtomicReference<Throwable> waitingFailure = new AtomicReference<>();
        Thread first = new Thread(() -> service.step(h, discrete(1)));
        Thread waiting = new Thread(() -> {
            try {
                service.step(h, discrete(1));
            } catch (RuntimeException e) {
                waitingFailure.set(e);
            }
        });
        Thread closer = new Thread(() -> service.close(h));
        first.start();
        assertTrue(live.entered.await(5, TimeUnit.SECONDS));
        waiting.start();
        awaitBlocked(waiting);
        closer.start();
        awaitBlocked(closer);
        live.gate.countDown();
        for (Thread t : new Thread[] {first, waiting, closer}) {
            t.join(5000);
            assertFalse(t.isAlive());
        }
        assertEquals(1, live.steps, "the waiting step must not run on a closed handle");
        assertTrue(waitingFailure.get() instanceof IllegalStateException
                && waitingFailure.get().getMessage().contains("step(handle=" + h + "): the env was closed by another"
                + " call"), String.valueOf(waitingFailure.get()));
        assertEquals(0, service.openHandles());
    }

    private static void awaitBlocked(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (t.getState() != Thread.State.BLOCKED && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(Thread.State.BLOCKED, t.getState(), t.getName() + " should wait for the env's lock");
    }

    /** A trivial env standing in for a game's live env; with a {@code gate}, a step waits for it to open. */
    static final class CountingEnv implements Env<Integer, Integer> {
        int steps;
        boolean closed;
        CountDownLatch gate;
        final CountDownLatch entered = new CountDownLatch(1);

        @Override
        public Reset<Integer> reset(Long seed, Map<String, ?> options) {
            return new Reset<>(0, Map.of("seed", seed == null ? -1 : seed));
        }

        @Override
        public Step<Integer> step(Integer action) {
            entered.countDown();
            if (gate != null) {
                try {
                    assertTrue(gate.await(10, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            steps++;
            return new Step<>(steps % 5, 1.0, false, false, Map.of());
        }

        @Override
        public Space<Integer> observationSpace() {
            return new Discrete(5);
        }

        @Override
        public Space<Integer> actionSpace() {
            return new Discrete(2);
        }

        @Override
        public EnvSpec spec() {
            return EnvSpec.of("LiveGame-v0", null, null);
        }

        @Override
        public java.util.Optional<io.github.jmegym.envs.RenderFrame> render() {
            return java.util.Optional.of(new io.github.jmegym.envs.RenderFrame(2, 1, new byte[] {1, 2, 3, 4, 5, 6}));
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
