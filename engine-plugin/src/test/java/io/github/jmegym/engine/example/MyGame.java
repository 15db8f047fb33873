package io.github.jmegym.engine.example;

import com.jme3.app.SimpleApplication;
import com.jme3.light.AmbientLight;
import com.jme3.light.DirectionalLight;
import com.jme3.math.ColorRGBA;
import com.jme3.math.Vector3f;
import com.jme3.scene.Node;
import io.github.jmegym.engine.SimulationConfig;
import io.github.jmegym.engine.WorldSimulation;
import io.github.jmegym.engine.app.GameMode;
import io.github.jmegym.engine.app.InGameConfig;
import io.github.jmegym.engine.app.SceneMaterials;
import io.github.jmegym.engine.app.TrainingAppState;
import io.github.jmegym.engine.app.TrainingHud;
import io.github.jmegym.engine.worlds.BallBalanceWorld;
import java.nio.file.Path;

/** docs/training-in-game.md's example: a developer's own game that trains its NPCs in the game loop, with the HUD. */
public class MyGame extends SimpleApplication {
    TrainingAppState training;

    public static void main(String[] args) {
        new MyGame().start();
    }

    @Override
    public void simpleInitApp() {
        training = new TrainingAppState(
                () -> new WorldSimulation(new BallBalanceWorld(8), SimulationConfig.defaults()),  // built on this thread
                InGameConfig.defaults().withSpeed(4).withMaxEpisodeSteps(500).withSaveDir(Path.of("runs", "my-game")),
                GameMode.TRAINING);
        stateManager.attach(training);
        stateManager.attach(new TrainingHud(training));
        cam.setLocation(new Vector3f(28, 26, 48));                 // the 8 platforms lie along +X, 8 m apart
        cam.lookAt(new Vector3f(28, 0, 0), Vector3f.UNIT_Y);
        training.ready().thenAccept(this::showScene).exceptionally(e -> {
            handleError("cannot show the scene", e);                // a failure here would otherwise vanish
            return null;
        });
    }

    private void showScene(WorldSimulation sim) {
        Node scene = sim.rootNode();
        SceneMaterials.apply(scene, assetManager);                 // lit materials from the tag colours...
        scene.addLight(new DirectionalLight(new Vector3f(-0.4f, -1f, -0.3f).normalizeLocal(), ColorRGBA.White));
        scene.addLight(new AmbientLight(ColorRGBA.White.mult(0.4f)));  // ...need lights, or the scene renders black
        viewPort.attachScene(scene);                               // a viewport, not rootNode: the state ticks it
    }
}
