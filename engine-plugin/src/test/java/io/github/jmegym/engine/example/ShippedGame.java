package io.github.jmegym.engine.example;

import com.jme3.app.SimpleApplication;
import com.jme3.light.AmbientLight;
import com.jme3.light.DirectionalLight;
import com.jme3.math.ColorRGBA;
import com.jme3.math.Vector3f;
import com.jme3.scene.Node;
import io.github.jmegym.agent.Policy;
import io.github.jmegym.engine.SimulationConfig;
import io.github.jmegym.engine.WorldSimulation;
import io.github.jmegym.engine.app.InferenceAppState;
import io.github.jmegym.engine.app.InferenceConfig;
import io.github.jmegym.engine.app.SceneMaterials;
import io.github.jmegym.engine.worlds.BallBalanceWorld;
import java.nio.file.Path;

/** The guide's shipped game: four trained NPCs balance their balls, no trainer and no ND4J on the class path. */
public class ShippedGame extends SimpleApplication {
    private final Path policyFile;
    private final InferenceConfig config;
    InferenceAppState npcs;

    public ShippedGame(Path policyFile, InferenceConfig config) {
        this.policyFile = policyFile;
        this.config = config;
    }

    public static void main(String[] args) {
        // the file a training run wrote (trainer.policy().save(...), or a run folder), shipped with the game
        Path policy = Path.of(args.length > 0 ? args[0] : "npc-policy.json");
        new ShippedGame(policy, InferenceConfig.defaults().withMaxEpisodeSteps(500)).start();
    }

    @Override
    public void simpleInitApp() {
        npcs = new InferenceAppState(
                new WorldSimulation(new BallBalanceWorld(4), SimulationConfig.defaults()),  // the world it trained in
                Policy.load(policyFile),                                   // one policy drives all four NPCs
                config);                                                   // real time, most likely actions, seed 0
        stateManager.attach(npcs);
        Node scene = npcs.simulation().rootNode();
        SceneMaterials.apply(scene, assetManager);
        scene.addLight(new DirectionalLight(new Vector3f(-0.4f, -1f, -0.3f).normalizeLocal(), ColorRGBA.White));
        scene.addLight(new AmbientLight(ColorRGBA.White.mult(0.4f)));
        viewPort.attachScene(scene);                                       // a viewport, not rootNode: the state ticks it
        cam.setLocation(new Vector3f(12, 18, 30));                         // 4 platforms along +X, 8 m apart
        cam.lookAt(new Vector3f(12, 0, 0), Vector3f.UNIT_Y);
    }
}
