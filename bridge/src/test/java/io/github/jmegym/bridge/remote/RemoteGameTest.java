package io.github.jmegym.bridge.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.jme3.system.AppSettings;
import com.jme3.system.JmeContext;
import io.github.jmegym.bridge.GatewayOptions;
import io.github.jmegym.engine.app.GameMode;
import io.github.jmegym.engine.app.InGameApp;
import io.github.jmegym.engine.app.InGameConfig;
import io.github.jmegym.engine.app.TrainingAppState;
import io.github.jmegym.engine.worlds.EngineEnvs;
import io.github.jmegym.envs.AutoresetMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote mode end to end: a headless game runs Chase-v0 with its heuristic, starts the gateway in-process and
 * exposes the live scene; a Python process connects with {@code jmegym.connect(port, token)} and drives it through
 * {@code gymnasium.make("jmegym/LiveChase-v0")}, while the test checks the game's side.
 */
class RemoteGameTest {
    private static final String CLIENT = String.join("\n",
            "import json, sys",
            "import gymnasium as gym, numpy as np",
            "import jmegym",
            "jmegym.connect(int(sys.argv[1]), sys.argv[2])",
            "env = gym.make('jmegym/LiveChase-v0')",
            "out = {'max_episode_steps': env.spec.max_episode_steps, 'obs_space': str(env.observation_space),",
            "       'act_space': str(env.action_space)}",
            "def run(seed, n):",
            "    obs, _ = env.reset(seed=seed)",
            "    trace, ended = [obs.tolist()], 0",
            "    rng = np.random.default_rng(seed)",
            "    for _ in range(n):",
            "        obs, r, term, trunc, info = env.step(int(rng.integers(5)))",
            "        trace.append(obs.tolist() + [r])",
            "        if term or trunc:",
            "            ended += 1",
            "            obs, _ = env.reset()",
            "    return trace, ended",
            "a, ended = run(7, 120)",
            "b, _ = run(7, 120)",
            "c, _ = run(8, 120)",
            "out['same_seed_identical'] = a == b",
            "out['other_seed_differs'] = a != c",
            "out['obs_len'] = len(a[0])",
            "out['ended'] = ended",
            "try:",
            "    env.step(7)",
            "    out['bad_action'] = 'accepted'",
            "except Exception as e:",
            "    out['bad_action'] = str(e)",
            "env.close()",
            "print('RESULT ' + json.dumps(out))");

    @TempDir
    Path dir;

    @Test
    void pythonDrivesTheLiveSceneOfARunningGameThroughGymnasium() throws Exception {
        Path src = Path.of("python", "src").toAbsolutePath();
        Assumptions.assumeTrue(Files.isDirectory(src.resolve("jmegym")), "no bridge/python/src");
        Assumptions.assumeTrue(pythonHas("gymnasium", "py4j", "numpy"), "python3 with gymnasium, py4j and numpy is needed");

        TrainingAppState state = new TrainingAppState(
                () -> io.github.jmegym.engine.EngineWorlds.scene(EngineEnvs.CHASE, 1, Map.of(), AutoresetMode.SAME_STEP).simulation(),
                InGameConfig.defaults().withSaveDir(dir), GameMode.HEURISTIC);
        CountDownLatch ready = new CountDownLatch(1);
        InGameApp app = new InGameApp(state, false, a -> {
            if (a.training().stats().decisions() > 20) {
                ready.countDown();
            }
        });
        AppSettings settings = new AppSettings(true);
        settings.setFrameRate(240);
        settings.setAudioRenderer(null);
        app.setSettings(settings);
        app.setShowSettings(false);
        Logger.getLogger("com.jme3").setLevel(Level.WARNING);
        app.start(JmeContext.Type.Headless);
        try (RemoteGame remote = RemoteGame.start(state, "LiveChase-v0", 300, GatewayOptions.defaults())) {
            assertTrue(ready.await(60, TimeUnit.SECONDS), "the game did not start");
            assertEquals(GameMode.HEURISTIC, state.mode());
            long heuristicDecisions = state.stats().decisions();

            Files.writeString(dir.resolve("client.py"), CLIENT);
            ProcessBuilder pb = new ProcessBuilder("python3", dir.resolve("client.py").toString(),
                    String.valueOf(remote.port()), remote.token()).redirectErrorStream(true);
            pb.environment().put("PYTHONPATH", src.toString());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "client hung");
            assertEquals(0, p.exitValue(), out);
            String line = out.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow(() -> new AssertionError(out));
            JsonObject r = JsonParser.parseString(line.substring(7)).getAsJsonObject();
            assertEquals(300, r.get("max_episode_steps").getAsInt());
            assertEquals(47, r.get("obs_len").getAsInt());
            assertEquals("Discrete(5)", r.get("act_space").getAsString());
            assertTrue(r.get("same_seed_identical").getAsBoolean(), "the live scene resets deterministically: " + line);
            assertTrue(r.get("other_seed_differs").getAsBoolean(), line);
            assertTrue(r.get("bad_action").getAsString().contains("7"), "bad action error: " + line);

            // the game's side: it switched to REMOTE and ran exactly the client's 360 decisions there
            assertEquals(GameMode.REMOTE, state.mode());
            assertEquals(360, state.stats().decisions(GameMode.REMOTE), "decisions in remote mode");
            assertTrue(state.stats().decisions(GameMode.HEURISTIC) >= heuristicDecisions);

            // a key (here the API) takes the game back; the remote env then says why its step fails
            state.requestMode(GameMode.TRAINING);
            long until = System.nanoTime() + 10_000_000_000L;
            while (state.mode() != GameMode.TRAINING && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertEquals(GameMode.TRAINING, state.mode());
            remote.env().reset(1L, Map.of());
            assertEquals(GameMode.REMOTE, state.mode(), "a reset takes the game back to REMOTE");
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> remote.env().step(List.of(1)));
            assertTrue(bad.getMessage().contains("LiveChase-v0"), bad.getMessage());
        } finally {
            app.stop(true);
        }
    }

    private static boolean pythonHas(String... modules) {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import " + String.join(", ", modules))
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
