package io.github.jmegym.engine.app;

import com.jme3.app.SimpleApplication;
import com.jme3.system.JmeContext;
import io.github.jmegym.engine.AgentStep;
import io.github.jmegym.engine.GameWorld;
import io.github.jmegym.engine.SimulationConfig;
import io.github.jmegym.engine.WorldSimulation;
import io.github.jmegym.envs.spaces.Space;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs one seed of a world two ways and diffs the states bit for bit: stepped directly on the calling thread (as
 * the headless {@code Env} does), and driven by a {@link SimulationAppState} inside a jME {@link SimpleApplication}
 * started headless ({@link JmeContext.Type#Headless}) on its own thread, either one decision per frame or paced by
 * the frame timer at a given speed. Both runs take the same scripted actions (each agent's action space seeded
 * with the seed and sampled every decision; an agent whose episode ended restarts with
 * {@link WorldSimulation#resetAgent}). After every decision the record holds the full physical state
 * ({@link WorldSimulation#snapshot()}) and every agent's observation, reward and episode flags.
 */
public final class DeterminismChecker {
    private final Supplier<? extends GameWorld> worlds;
    private final SimulationConfig config;

    /**
     * The outcome of one check.
     *
     * @param world the world's name
     * @param seed the seed
     * @param decisions decisions compared
     * @param valuesPerDecision numbers compared per decision
     * @param firstDifferentDecision the first decision whose records differ, or -1 when all are identical
     * @param firstDifferentIndex the index of the first differing number in that record, or -1
     * @param direct the direct run's value there (NaN when identical)
     * @param app the app run's value there (NaN when identical)
     */
    public record Result(String world, long seed, int decisions, int valuesPerDecision, int firstDifferentDecision,
                         int firstDifferentIndex, double direct, double app) {
        /** Whether both runs produced bit-identical records. */
        public boolean identical() {
            return firstDifferentDecision < 0;
        }

        /** One line for logs and reports. */
        public String describe() {
            return identical()
                    ? world + " seed " + seed + ": " + decisions + " decisions x " + valuesPerDecision
                            + " values bit-identical (direct vs SimpleApplication)"
                    : world + " seed " + seed + ": differs at decision " + firstDifferentDecision + ", value "
                            + firstDifferentIndex + ": direct " + direct + " vs app " + app;
        }
    }

    /**
     * @param worlds makes a fresh world for each run (each run builds its own simulation)
     * @param config the fixed clock of both runs
     */
    public DeterminismChecker(Supplier<? extends GameWorld> worlds, SimulationConfig config) {
        this.worlds = worlds;
        this.config = config;
    }

    /**
     * Runs both ways and compares.
     *
     * @param seed the seed of both runs
     * @param decisions decisions to run ({@code >= 1})
     * @param appSpeed the app run's speed (simulated seconds per wall second), or {@code <= 0} for one decision per frame
     * @param timeout how long the app run may take
     */
    public Result check(long seed, int decisions, double appSpeed, Duration timeout) {
        List<double[]> direct = runDirect(seed, decisions);
        List<double[]> app = runInApp(seed, decisions, appSpeed, timeout);
        String name = worlds.get().name();
        for (int d = 0; d < decisions; d++) {
            double[] a = direct.get(d);
            double[] b = app.get(d);
            int n = Math.max(a.length, b.length);
            for (int i = 0; i < n; i++) {
                double x = i < a.length ? a[i] : Double.NaN;
                double y = i < b.length ? b[i] : Double.NaN;
                if (i >= a.length || i >= b.length || Double.doubleToRawLongBits(x) != Double.doubleToRawLongBits(y)) {
                    return new Result(name, seed, decisions, a.length, d, i, x, y);
                }
            }
        }
        return new Result(name, seed, decisions, direct.get(0).length, -1, -1, Double.NaN, Double.NaN);
    }

    /** The records of the run stepped directly on this thread. */
    public List<double[]> runDirect(long seed, int decisions) {
        try (WorldSimulation sim = new WorldSimulation(worlds.get(), config)) {
            ScriptedLoop loop = new ScriptedLoop(seed, decisions);
            loop.start(sim);
            for (int d = 0; d < decisions; d++) {
                loop.beforeDecision(sim, d);
                sim.advance();
                loop.afterDecision(sim, d);
            }
            return loop.records;
        }
    }

    /** The records of the run driven by a headless {@link SimpleApplication}. */
    public List<double[]> runInApp(long seed, int decisions, double speed, Duration timeout) {
        WorldSimulation sim = new WorldSimulation(worlds.get(), config);
        ScriptedLoop loop = new ScriptedLoop(seed, decisions);
        loop.start(sim);
        try {
            SimulationAppState.runHeadless(sim, loop, speed, app -> app.getViewPort().attachScene(sim.rootNode()), timeout);
        } finally {
            sim.close();
        }
        return loop.records;
    }

    /** Seeded random actions for every agent, the same in both runs, recording the state after each decision. */
    private static final class ScriptedLoop implements DecisionLoop {
        private final long seed;
        private final int decisions;
        private final List<double[]> records = new ArrayList<>();
        private boolean[] ended;

        ScriptedLoop(long seed, int decisions) {
            if (decisions < 1) {
                throw new IllegalArgumentException("DeterminismChecker: decisions=" + decisions + "; expected >= 1");
            }
            this.seed = seed;
            this.decisions = decisions;
        }

        void start(WorldSimulation sim) {
            sim.reset(seed);
            ended = new boolean[sim.agents().size()];
            for (int i = 0; i < ended.length; i++) {
                sim.agents().get(i).actionSpace().seed(seed * 1_000_003L + i);
            }
        }

        @Override
        public void beforeDecision(WorldSimulation sim, long index) {
            for (int i = 0; i < ended.length; i++) {
                Space<?> space = sim.agents().get(i).actionSpace();
                Object action = space.sample();
                if (ended[i]) {
                    sim.resetAgent(i, null);
                    ended[i] = false;
                } else {
                    sim.applyAction(i, action, "DeterminismChecker decision " + index);
                }
            }
        }

        @Override
        public boolean afterDecision(WorldSimulation sim, long index) {
            double[] state = sim.snapshot();
            List<Double> extra = new ArrayList<>();
            for (int i = 0; i < ended.length; i++) {
                AgentStep s = sim.collect(i, "DeterminismChecker decision " + index);
                for (double v : s.observation()) {
                    extra.add(v);
                }
                extra.add(s.reward());
                extra.add(s.terminated() ? 1.0 : 0.0);
                extra.add(s.truncated() ? 1.0 : 0.0);
                ended[i] = s.terminated() || s.truncated();
            }
            double[] rec = new double[state.length + extra.size()];
            System.arraycopy(state, 0, rec, 0, state.length);
            for (int i = 0; i < extra.size(); i++) {
                rec[state.length + i] = extra.get(i);
            }
            records.add(rec);
            return records.size() < decisions;
        }
    }
}
