package io.github.jmegym.engine.example;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jme3.system.AppSettings;
import com.jme3.system.JmeContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The guide's {@link MyGame} runs: at 4x real time the game clock advances and PPO collects steps from 8 agents. */
class MyGameTest {
    @Test
    @Timeout(120)
    void readmeGameTrainsItsAgentsAtTheGameClock() throws Exception {
        MyGame game = new MyGame();
        AppSettings s = new AppSettings(true);
        s.setFrameRate(200);
        s.setAudioRenderer(null);
        game.setSettings(s);
        game.setShowSettings(false);
        game.start(JmeContext.Type.Headless);
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while ((game.training == null || game.training.stats().decisions() < 30) && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            long t0 = System.nanoTime();
            long d0 = game.training.stats().decisions();
            Thread.sleep(2000);
            double simSecondsPerWallSecond = (game.training.stats().decisions() - d0) * (4 / 60.0)
                    / ((System.nanoTime() - t0) / 1e9);
            // 4x real time, give or take the machine's load and the 4-tick decision granularity
            assertTrue(simSecondsPerWallSecond > 2.5 && simSecondsPerWallSecond < 4.5,
                    "game clock ran at " + simSecondsPerWallSecond + "x real time");
            assertTrue(game.training.trainer().totalSteps() >= 8 * 30, "steps " + game.training.trainer().totalSteps());
        } finally {
            game.stop(true);
        }
    }
}
