package io.github.jmegym.engine.app;

import com.jme3.app.Application;
import com.jme3.app.SimpleApplication;
import com.jme3.app.state.BaseAppState;
import com.jme3.system.JmeContext;
import io.github.jmegym.engine.WorldSimulation;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Drives a {@link WorldSimulation} from a jME application's update loop with the simulation's own fixed clock, so
 * the trajectory is the one a headless {@code Env} produces; a {@link DecisionLoop} you write chooses the actions.
 * The frames become fixed ticks as {@link FixedStepDriver} says: at {@code speed} (simulated seconds per wall-clock
 * second, e.g. 1 for real time) the ticks that {@code tpf * speed} covers, at most {@code maxTicksPerFrame}; with
 * {@code speed <= 0} exactly one decision interval per frame (as fast as the machine goes). To let trained policies
 * drive the agents without writing a loop, use {@link PolicyAppState}.
 *
 * <p>Thread rules (as {@link BaseAppState}): {@code update} runs on the render thread and hands each frame's ticks
 * (and the {@link DecisionLoop} calls) to the simulation's world thread in one piece, waiting for them; the
 * simulation must not be touched from elsewhere while the state is attached. The viewer attaches
 * {@link WorldSimulation#rootNode()} to a viewport ({@code viewPort.attachScene(sim.rootNode())}) itself, never
 * under the application's {@code rootNode} (which throws: the render loop would tick the world with wall-clock
 * {@code tpf}); this state keeps it updated.
 */
public final class SimulationAppState extends BaseAppState {
    private final FixedStepDriver driver;

    /**
     * @param sim the simulation to drive (already reset)
     * @param loop chooses actions before and reads results after each decision
     * @param speed simulated seconds per wall-clock second ({@code > 0}), or {@code <= 0} for one decision per frame
     * @param maxTicksPerFrame most ticks one frame may run ({@code >= 1})
     */
    public SimulationAppState(WorldSimulation sim, DecisionLoop loop, double speed, int maxTicksPerFrame) {
        this.driver = new FixedStepDriver(sim, loop, speed, maxTicksPerFrame);
    }

    /**
     * Drives {@code sim} with a state of this kind inside a {@link SimpleApplication} started headless
     * ({@link JmeContext.Type#Headless}: no window, no renderer) until the loop asks to stop, then stops the
     * application; the caller keeps (and closes) the simulation.
     *
     * @param sim the simulation (already reset)
     * @param loop chooses actions and reads results; return false from {@code afterDecision} to stop
     * @param speed as in the constructor ({@code <= 0}: one decision per frame)
     * @param show runs in {@code simpleInitApp} on the render thread, e.g. {@code app -> app.getViewPort().attachScene(sim.rootNode())}
     * @param timeout how long the run may take
     * @throws IllegalStateException when the application fails (its error is the cause) or the run times out
     */
    public static void runHeadless(WorldSimulation sim, DecisionLoop loop, double speed, Consumer<SimpleApplication> show,
                                   Duration timeout) {
        HeadlessRun run = new HeadlessRun();
        SimulationAppState state = new SimulationAppState(sim, loop, speed, 1_000);
        SimpleApplication app = new SimpleApplication(state) {
            @Override
            public void simpleInitApp() {
                show.accept(this);
            }

            @Override
            public void simpleUpdate(float tpf) {
                if (state.finished()) {
                    run.finished();
                }
            }

            @Override
            public void handleError(String errMsg, Throwable t) {
                run.failed(errMsg, t);
            }
        };
        run.run(app, timeout, sim.world().name(), () -> state.decisions() + " decisions done");
    }

    /** Whether the loop asked to stop. */
    public boolean finished() {
        return driver.finished();
    }

    /** Decisions completed so far. */
    public long decisions() {
        return driver.decisions();
    }

    @Override
    public void update(float tpf) {
        driver.frame(tpf);
    }

    @Override
    protected void initialize(Application app) {
        // the simulation is built and reset by its owner
    }

    @Override
    protected void cleanup(Application app) {
        // the owner closes the simulation
    }

    @Override
    protected void onEnable() {
        // nothing to attach: the viewer attaches the scene
    }

    @Override
    protected void onDisable() {
        // nothing to detach
    }
}
