package io.github.jmegym.engine.ingame;

import com.jme3.app.SimpleApplication;
import io.github.jmegym.engine.SimulationConfig;
import io.github.jmegym.engine.WorldSimulation;
import io.github.jmegym.engine.worlds.BallBalanceWorld;
import java.nio.file.Path;

/** The README's example: a developer's own game that trains its NPCs in the game loop, with the HUD. */
class MyGame extends SimpleApplication {
    TrainingAppState training;

    @Override
    public void simpleInitApp() {
        training = new TrainingAppState(
                () -> new WorldSimulation(new BallBalanceWorld(8), SimulationConfig.defaults()),  // built on this thread
                InGameConfig.defaults().withSpeed(4).withMaxEpisodeSteps(500).withSaveDir(Path.of("runs", "my-game")),
                GameMode.TRAINING);
        stateManager.attach(training);
        stateManager.attach(new TrainingHud(training));
        training.ready().thenAccept(sim -> {
            SceneMaterials.apply(sim.rootNode(), assetManager);  // your scene has its own materials
            viewPort.attachScene(sim.rootNode());                  // a viewport, not rootNode: the state ticks it
        });
    }
}
