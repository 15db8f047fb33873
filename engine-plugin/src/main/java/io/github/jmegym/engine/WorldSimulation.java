package io.github.jmegym.engine;

import com.jme3.bullet.PhysicsSpace;
import com.jme3.bullet.objects.PhysicsRigidBody;
import com.jme3.math.Quaternion;
import com.jme3.math.Vector3f;
import com.jme3.scene.Node;
import com.jme3.scene.Spatial;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One {@link GameWorld} with its own scene graph and physics space, stepped headless with a fixed clock: no
 * application, no OpenGL context, no timer. One physics tick is: {@link GameWorld#tick(float)}, one physics step
 * of {@link SimulationConfig#physicsDt()}, {@code rootNode.updateLogicalState(dt)} (controls, among them
 * {@link AgentControl#onTick(float)} and the physics-to-spatial sync of {@code RigidBodyControl}s), then
 * {@code rootNode.updateGeometricState()}. A decision step applies one action per agent, then runs
 * {@link SimulationConfig#ticksPerDecision()} ticks.
 *
 * <p>Seeding: {@link #reset(Long)} with seed {@code s} draws the world's start state from a stream of {@code s}
 * and agent {@code i}'s from a stream of {@code s + i} (as Gymnasium seeds vector sub-envs); without a seed the
 * streams continue.
 *
 * <p>Threads: Minie binds a physics space to the thread that created it (stepping it from another thread logs
 * "invoked from wrong thread" and fails an assertion under {@code -ea}), while vector envs and jME applications
 * call from pool and render threads. So every simulation owns one daemon thread: it builds the world there and
 * every public method runs there (called from elsewhere, the method hands its work over and waits; called from
 * the world thread, it runs directly). {@link #call(Callable)} runs several steps with one hand-over. Callers
 * must still not call one simulation from two threads at once; independent simulations run in parallel.
 *
 * <p>Only the simulation updates its scene's logical state. The root node refuses a parent (attached under an
 * application's {@code rootNode}, the render loop would tick the world with the frame's wall-clock {@code tpf}) and
 * refuses {@code updateLogicalState} from anywhere but the simulation's own tick, and an {@link AgentControl} refuses
 * to be updated outside its world's tick: each throws an {@link IllegalStateException} that says what to do instead
 * (show the root with {@code viewPort.attachScene(sim.rootNode())}, step it with a
 * {@link io.github.jmegym.engine.app.SimulationAppState}).
 */
public final class WorldSimulation implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();
    /** The simulation whose scene this thread is updating (inside {@link #updateScene(float)}), else null. */
    private static final ThreadLocal<WorldSimulation> UPDATING = new ThreadLocal<>();
    private final GameWorld world;
    private final SimulationConfig config;
    private final ExecutorService executor;
    private final Thread worldThread;
    private final Node rootNode;
    private PhysicsSpace physicsSpace;
    private final List<AgentControl<?>> agents = new ArrayList<>();
    private final List<AgentControl<?>> agentsView = java.util.Collections.unmodifiableList(agents);
    private SplittableRandom worldRng = new SplittableRandom();
    private final List<SplittableRandom> agentRngs = new ArrayList<>();
    private final List<VelocityTracker> trackersUpdated = new ArrayList<>();
    private long ticks;
    private boolean closed;

    /** Builds the world once (see {@link GameWorld#build(WorldContext)}) and finds its agents. */
    public WorldSimulation(GameWorld world, SimulationConfig config) {
        if (world == null || config == null) {
            throw new IllegalArgumentException("WorldSimulation: world and config must not be null");
        }
        PhysicsLibrary.load();
        this.world = world;
        this.config = config;
        this.rootNode = new WorldRoot(world.name() + "-root");
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jmegym-world-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            this.worldThread = executor.submit(Thread::currentThread).get();
        } catch (InterruptedException | ExecutionException e) {
            executor.shutdownNow();
            throw new IllegalStateException(world.name() + ": could not start the world thread", e);
        }
        try {
            call(() -> {
                physicsSpace = new PhysicsSpace(new Vector3f(-1000, -1000, -1000), new Vector3f(1000, 1000, 1000),
                        PhysicsSpace.BroadphaseType.DBVT);
                physicsSpace.setGravity(new Vector3f(0, -9.81f, 0));
                world.build(new WorldContext(rootNode, physicsSpace, config));
                agents.addAll(findAgents(rootNode));
                SplittableRandom seeder = new SplittableRandom();
                for (int i = 0; i < agents.size(); i++) {
                    agentRngs.add(seeder.split());
                }
                sync(true);
                return null;
            });
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /**
     * Runs {@code work} on the world thread and returns its result; exceptions (runtime exceptions and errors)
     * reach the caller unchanged. Use it to do several things with one hand-over.
     */
    public <T> T call(Callable<T> work) {
        if (Thread.currentThread() == worldThread) {
            try {
                return work.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        Future<T> f;
        try {
            f = executor.submit(work);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException(world.name() + ": the simulation was closed", e);
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true; // finish waiting: the world must not be left mid-step
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof RuntimeException r) {
                        throw r;
                    }
                    if (c instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(c);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@link #call(Callable)} for work without a result. */
    public void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    /** Every {@link AgentControl} in the scene, in scene-graph order (depth first), checked for unique names. */
    static List<AgentControl<?>> findAgents(Spatial root) {
        List<AgentControl<?>> found = new ArrayList<>();
        root.depthFirstTraversal(s -> {
            for (int i = 0; i < s.getNumControls(); i++) {
                if (s.getControl(i) instanceof AgentControl<?> a) {
                    found.add(a);
                }
            }
        });
        List<String> names = new ArrayList<>();
        for (AgentControl<?> a : found) {
            if (names.contains(a.agentName())) {
                throw new IllegalArgumentException("scene '" + root.getName() + "': two agents are named '"
                        + a.agentName() + "' (" + a.describe() + "); give every agent its own name");
            }
            names.add(a.agentName());
        }
        return List.copyOf(found);
    }

    /** The world this simulation steps. */
    public GameWorld world() {
        return world;
    }

    /** The fixed clock. */
    public SimulationConfig config() {
        return config;
    }

    /** The world's scene-graph root. */
    public Node rootNode() {
        return rootNode;
    }

    /** The world's physics space. */
    public PhysicsSpace physicsSpace() {
        return physicsSpace;
    }

    /** The agents found in the scene (possibly none), in scene-graph order. */
    public List<AgentControl<?>> agents() {
        return agentsView;
    }

    /** Physics ticks run since construction. */
    public long ticks() {
        return ticks;
    }

    /**
     * Resets the world and starts a new episode for every agent. Rigid bodies on spatials are taken out of the
     * physics space and put back first, so the episode does not depend on what happened before the reset.
     *
     * @param seed reseeds the world's and the agents' streams when not {@code null}
     */
    public void reset(Long seed) {
        run(() -> resetHere(seed));
    }

    private void resetHere(Long seed) {
        checkOpen();
        if (seed != null) {
            worldRng = new SplittableRandom(seed).split();
            for (int i = 0; i < agents.size(); i++) {
                agentRngs.set(i, new SplittableRandom(seed + i));
            }
        }
        readdBodies();
        world.reset(worldRng);
        for (int i = 0; i < agents.size(); i++) {
            agents.get(i).beginEpisode(agentRngs.get(i));
        }
        sync(true);
    }

    /**
     * Starts a new episode for agent {@code i} only (the rest of the world keeps going).
     *
     * @param seed reseeds the agent's stream when not {@code null}
     */
    public void resetAgent(int i, Long seed) {
        run(() -> resetAgentHere(i, seed));
    }

    private void resetAgentHere(int i, Long seed) {
        checkOpen();
        if (seed != null) {
            agentRngs.set(i, new SplittableRandom(seed));
        }
        agents.get(i).beginEpisode(agentRngs.get(i));
        sync(false);
    }

    /** Runs one physics tick. */
    public void tick() {
        run(this::tickHere);
    }

    private void tickHere() {
        checkOpen();
        float dt = config.physicsDt();
        world.tick(dt);
        physicsSpace.update(dt, 0);
        updateScene(dt);
        for (VelocityTracker t : trackersUpdated) {
            t.sample(dt);
        }
        ticks++;
    }

    /** The scene's logical then geometric update, the only way its controls (and agents' {@code onTick}) run. */
    private void updateScene(float dt) {
        trackersUpdated.clear();
        UPDATING.set(this);
        try {
            rootNode.updateLogicalState(dt);
        } finally {
            UPDATING.remove();
        }
        rootNode.updateGeometricState();
    }

    /** The simulation whose scene the calling thread is updating right now, or null outside every tick. */
    static WorldSimulation updatingOnThisThread() {
        return UPDATING.get();
    }

    /** Called by a tracker from the scene update running now: it measures once the update is complete. */
    void trackAfterUpdate(VelocityTracker t) {
        trackersUpdated.add(t);
    }

    /** What a misuse message ends with: how to show and step the world instead. */
    static String howToShowAndStep() {
        return "show the world with viewPort.attachScene(sim.rootNode()) (not under the application's rootNode) and"
                + " step it with a SimulationAppState or TrainingAppState (or sim.tick()/advance()), so its fixed clock"
                + " stays fixed";
    }

    /** Runs the ticks of one decision interval. */
    public void advance() {
        run(() -> {
            for (int t = 0; t < config.ticksPerDecision(); t++) {
                tickHere();
            }
        });
    }

    /** Agent {@code i}'s observation, checked against its space ({@code where} starts any error message). */
    public double[] observe(int i, String where) {
        return call(() -> agents.get(i).observe(where));
    }

    /** Agent {@code i}'s observation and the reward, episode end and info of the interval just run (clears them). */
    public AgentStep collect(int i, String where) {
        return call(() -> {
            AgentControl<?> a = agents.get(i);
            double[] obs = a.observe(where);
            return new AgentStep(obs, a.takeReward(), a.terminated(), a.truncated(), a.takeInfo());
        });
    }

    /** Checks an action for agent {@code i} without applying it; errors name the agent and its spatial. */
    public Object checkAction(int i, Object action, String where) {
        return agents.get(i).checkAction(action, where);
    }

    /** Applies an action to agent {@code i} after checking it. */
    @SuppressWarnings("unchecked")
    public void applyAction(int i, Object action, String where) {
        AgentControl<Object> a = (AgentControl<Object>) agents.get(i);
        run(() -> a.act(a.checkAction(action, where)));
    }

    /** Lets agent {@code i}'s own brain (heuristic or policy) choose and apply an action; returns what it saw and did. */
    @SuppressWarnings("unchecked")
    public Decision decideAndApply(int i, String where) {
        AgentControl<Object> a = (AgentControl<Object>) agents.get(i);
        return call(() -> {
            double[] obs = a.observe(where);
            Object action = a.decide(obs, where);
            a.act(action);
            return new Decision(obs, action);
        });
    }

    /**
     * The full physical state for determinism checks, in scene-graph order: the world transform of every spatial
     * and the location, rotation (and for dynamic bodies the linear and angular velocity) of every rigid body
     * attached to a spatial as a control ({@code RigidBodyControl}), as doubles of the floats.
     */
    public double[] snapshot() {
        return call(this::snapshotHere);
    }

    private double[] snapshotHere() {
        List<double[]> parts = new ArrayList<>();
        Vector3f v = new Vector3f();
        Quaternion q = new Quaternion();
        rootNode.depthFirstTraversal(s -> {
            Vector3f t = s.getWorldTranslation();
            Quaternion r = s.getWorldRotation();
            parts.add(new double[] {t.x, t.y, t.z, r.getX(), r.getY(), r.getZ(), r.getW()});
            for (int c = 0; c < s.getNumControls(); c++) {
                if (s.getControl(c) instanceof PhysicsRigidBody b) {
                    b.getPhysicsLocation(v);
                    parts.add(new double[] {v.x, v.y, v.z});
                    b.getPhysicsRotation(q);
                    parts.add(new double[] {q.getX(), q.getY(), q.getZ(), q.getW()});
                    if (b.isDynamic()) {
                        b.getLinearVelocity(v);
                        parts.add(new double[] {v.x, v.y, v.z});
                        b.getAngularVelocity(v);
                        parts.add(new double[] {v.x, v.y, v.z});
                    }
                }
            }
        });
        int n = parts.stream().mapToInt(p -> p.length).sum();
        double[] out = new double[n];
        int k = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, k, p.length);
            k += p.length;
        }
        return out;
    }

    /**
     * Removes every body attached to a spatial and adds them back in scene-graph order: Bullet forgets contact
     * caches and broadphase pairs, so an episode depends on its seed and actions only, not on earlier episodes.
     */
    private void readdBodies() {
        List<PhysicsRigidBody> bodies = new ArrayList<>();
        rootNode.depthFirstTraversal(s -> {
            for (int c = 0; c < s.getNumControls(); c++) {
                if (s.getControl(c) instanceof PhysicsRigidBody b && b.isInWorld()) {
                    bodies.add(b);
                }
            }
        });
        for (PhysicsRigidBody b : bodies) {
            physicsSpace.remove(b);
        }
        for (PhysicsRigidBody b : bodies) {
            physicsSpace.add(b);
        }
    }

    /**
     * Controls and geometric state catch up with a changed physics state (after resets), without a physics step;
     * velocity trackers restart from the new positions (all of them after a world reset, else those that moved).
     */
    private void sync(boolean wholeWorld) {
        updateScene(0f);
        for (VelocityTracker t : trackersUpdated) {
            t.restart(wholeWorld);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(world.name() + ": the simulation was closed");
        }
    }

    /**
     * The world's root: it refuses a parent and any logical update but the simulation's own, so that a render loop
     * cannot tick the world with wall-clock time.
     */
    private final class WorldRoot extends Node {
        WorldRoot(String name) {
            super(name);
        }

        @Override
        protected void setParent(Node parent) {
            if (parent != null) {
                throw new IllegalStateException(world.name() + ": the world's root node '" + getName()
                        + "' was attached under node '" + parent.getName() + "'; that node's update would tick the"
                        + " world on its own thread with wall-clock tpf. Leave the root without a parent: "
                        + howToShowAndStep());
            }
            super.setParent(null);
        }

        @Override
        public void updateLogicalState(float tpf) {
            if (UPDATING.get() != WorldSimulation.this) {
                throw new IllegalStateException(world.name() + ": updateLogicalState(" + tpf + ") on the world's root"
                        + " node '" + getName() + "' from thread '" + Thread.currentThread().getName()
                        + "', outside the simulation's fixed tick; only the simulation updates its scene: "
                        + howToShowAndStep());
            }
            super.updateLogicalState(tpf);
        }
    }

    /** Frees the physics space; calling it again does nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            run(() -> {
                if (physicsSpace != null) {
                    physicsSpace.destroy();
                }
            });
        } finally {
            closed = true;
            executor.shutdown();
        }
    }
}
