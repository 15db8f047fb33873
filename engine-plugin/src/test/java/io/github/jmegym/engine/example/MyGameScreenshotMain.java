package io.github.jmegym.engine.example;

import com.jme3.math.Vector3f;
import com.jme3.renderer.Camera;
import com.jme3.scene.Spatial;
import com.jme3.system.AppSettings;
import com.jme3.system.JmeContext;
import io.github.jmegym.engine.app.FrameGrabber;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.imageio.ImageIO;

/**
 * Child process of {@link MyGameRenderTest}: runs the guide's {@link MyGame} in a real window (on the X display the
 * test gives it) until it has trained for a few decisions, writes one frame of its 3D scene to {@code args[0]} (PNG)
 * and prints where each NPC (the platforms carrying the agents) is in that frame: {@code NPC <name> <x> <y>}.
 */
public final class MyGameScreenshotMain {
    private MyGameScreenshotMain() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        FrameGrabber grabber = new FrameGrabber();
        CompletableFuture<Void> failed = new CompletableFuture<>();
        MyGame game = new MyGame() {
            @Override
            public void simpleInitApp() {
                super.simpleInitApp();
                viewPort.addProcessor(grabber); // the 3D scene as drawn, before the HUD
            }

            @Override
            public void handleError(String errMsg, Throwable t) {
                failed.completeExceptionally(new IllegalStateException(errMsg, t));
                stop();
            }
        };
        AppSettings s = new AppSettings(true);
        s.setResolution(640, 480);
        s.setFrameRate(60);
        s.setVSync(false);
        s.setAudioRenderer(null);
        s.setSamples(0);
        game.setSettings(s);
        game.setShowSettings(false);
        game.setPauseOnLostFocus(false);
        Logger.getLogger("com.jme3").setLevel(Level.WARNING);
        game.start(JmeContext.Type.Display);
        int code = 1;
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while ((game.training == null || game.training.stats().decisions() < 20) && System.nanoTime() < until
                    && !failed.isDone()) {
                Thread.sleep(50);
            }
            if (failed.isDone() || game.training == null || game.training.stats().decisions() < 20) {
                failed.getNow(null);
                throw new IllegalStateException("MyGame did not run 20 decisions within 120 s");
            }
            List<String> npcs = game.enqueue(() -> {
                game.training.setPaused(true);
                Camera cam = game.getCamera();
                List<String> where = new ArrayList<>();
                game.training.simulation().rootNode().depthFirstTraversal(sp -> describe(sp, cam, where));
                return where;
            }).get(30, TimeUnit.SECONDS);
            BufferedImage img = game.enqueue(grabber::grab).get(30, TimeUnit.SECONDS).get(30, TimeUnit.SECONDS);
            write(img, out);
            npcs.forEach(System.out::println);
            code = 0;
        } catch (Exception e) {
            System.err.println("MyGameScreenshotMain: " + e);
            e.printStackTrace();
        } finally {
            game.stop(code == 0);
        }
        System.exit(code);
    }

    /** {@code NPC <name> <x> <y>} (image pixels, y from the top) for a spatial that carries an agent. */
    private static void describe(Spatial sp, Camera cam, List<String> where) {
        if (sp.getControl(io.github.jmegym.engine.AgentControl.class) == null) {
            return;
        }
        Vector3f p = cam.getScreenCoordinates(sp.getWorldTranslation());
        where.add("NPC " + sp.getName() + " " + Math.round(p.x) + " " + (cam.getHeight() - 1 - Math.round(p.y)));
    }

    private static void write(BufferedImage img, Path out) {
        try {
            Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), "mygame", ".png");
            ImageIO.write(img, "png", tmp.toFile());
            Files.move(tmp, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
