package io.github.jmegym.engine.app;

import com.jme3.system.AppSettings;
import com.jme3.system.JmeContext;
import io.github.jmegym.agent.UpdateMode;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.imageio.ImageIO;

/**
 * Child process of {@link HudRenderTest}: opens a real window (on the X display the test gives it), trains
 * BallBalance x8 until 3 updates, grabs one frame with the HUD to {@code args[0]} (PNG) and prints the HUD text. With
 * {@code args[1] = "light"} the scene's background is {@link #LIGHT} and the frame is grabbed at frame 30, before any
 * update (figures that do not exist yet show as {@code -}).
 */
public final class HudScreenshotMain {
    private HudScreenshotMain() {
    }

    /** The light background of the {@code light} variant. */
    static final com.jme3.math.ColorRGBA LIGHT = new com.jme3.math.ColorRGBA(0.9f, 0.9f, 0.88f, 1f);

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        boolean light = args.length > 1 && args[1].equals("light");
        long[] frame = {0};
        Path runs = Files.createTempDirectory("hud-runs");
        TrainingAppState state = new TrainingAppState(InGameTrainingTest::ballBalance,
                InGameTrainingTest.config(runs, UpdateMode.TIME_SLICED), GameMode.TRAINING);
        CountDownLatch done = new CountDownLatch(1);
        String[] failure = {null};
        CompletableFuture<?>[] grab = {null};
        InGameApp app = new InGameApp(state, true, a -> {
            frame[0]++;
            if (light && frame[0] == 1) {
                a.getViewPort().setBackgroundColor(LIGHT);
            }
            if (grab[0] == null && (light ? frame[0] >= 30 : a.training().stats().updates() >= 3)) {
                a.training().setPaused(true);
                grab[0] = a.grabFrame().thenAccept(img -> write(img, out)).whenComplete((v, e) -> {
                    if (e != null) {
                        failure[0] = e.toString();
                    }
                    done.countDown();
                });
            }
        }) {
            @Override
            public void handleError(String errMsg, Throwable t) {
                failure[0] = errMsg + ": " + t;
                done.countDown();
                stop();
            }
        };
        AppSettings s = new AppSettings(true);
        s.setResolution(800, 600);
        s.setFrameRate(-1);
        s.setVSync(false);
        s.setAudioRenderer(null);
        s.setSamples(0);
        app.setSettings(s);
        app.setShowSettings(false);
        app.setPauseOnLostFocus(false);
        Logger.getLogger("com.jme3").setLevel(Level.WARNING);
        app.start(JmeContext.Type.Display);
        boolean finished = done.await(240, TimeUnit.SECONDS);
        System.out.println("HUD-TEXT-BEGIN\n" + TrainingHud.lines(state.stats()) + "\nHUD-TEXT-END");
        app.stop(failure[0] == null);
        if (!finished || failure[0] != null) {
            System.err.println("HudScreenshotMain: " + (finished ? failure[0] : "no frame within 240 s"));
            System.exit(1);
        }
        System.exit(0);
    }

    private static void write(BufferedImage img, Path out) {
        try {
            File tmp = File.createTempFile("hud", ".png", out.toAbsolutePath().getParent().toFile());
            ImageIO.write(img, "png", tmp);
            Files.move(tmp.toPath(), out, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
