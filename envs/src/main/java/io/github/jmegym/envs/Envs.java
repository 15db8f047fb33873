package io.github.jmegym.envs;

import io.github.jmegym.envs.vector.SyncVectorEnv;
import io.github.jmegym.envs.vector.ThreadedVectorEnv;
import io.github.jmegym.envs.vector.VectorEnv;
import io.github.jmegym.envs.vector.VectorMode;
import io.github.jmegym.envs.wrappers.OrderEnforcing;
import io.github.jmegym.envs.wrappers.TimeLimit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The env registry, as {@code gymnasium.make}: ids map to factories; {@link #make(String, Map)} builds the env and
 * wraps it in a {@link TimeLimit} and, outermost, {@link OrderEnforcing}. Envs of every module on the class path and of
 * the {@link Plugins} are registered through {@link EnvProvider} services the first time the registry is used.
 */
public final class Envs {
    /** The kwarg that overrides the spec's time limit, as in {@code gymnasium.make(id, max_episode_steps=...)}. */
    public static final String MAX_EPISODE_STEPS = "max_episode_steps";
    /**
     * Largest {@value #MAX_EPISODE_STEPS}: a time limit does not make a step slower, so the bound only rejects what
     * cannot be meant (10^9 decisions of a 15 Hz world are two years of simulated time).
     */
    public static final int MAX_EPISODE_STEPS_LIMIT = 1_000_000_000;
    /**
     * The {@link #makeVec(String, int, VectorMode, AutoresetMode, Map) makeVec} kwarg that puts that many agents in
     * one scene (one sub-env per agent) through the registration's {@link MultiAgentFactory}; {@code numEnvs} must
     * equal it.
     */
    public static final String AGENTS = "agents";

    private static final Map<String, EnvRegistration> REGISTRY = new TreeMap<>();
    private static boolean loaded;

    private Envs() {
    }

    private static synchronized Map<String, EnvRegistration> registry() {
        if (!loaded) {
            loaded = true;
            for (EnvProvider p : ServiceLoader.load(EnvProvider.class, Plugins.classLoader())) {
                p.registrations().forEach(Envs::register);
            }
        }
        return REGISTRY;
    }

    /** Adds an env to the registry; an id registered twice throws. */
    public static synchronized void register(EnvRegistration registration) {
        String id = registration.spec().id();
        if (REGISTRY.containsKey(id)) {
            throw new IllegalArgumentException("register: env id '" + id + "' is already registered");
        }
        REGISTRY.put(id, registration);
    }

    /** The ids of every registered env, sorted. */
    public static synchronized List<String> ids() {
        return new ArrayList<>(registry().keySet());
    }

    /** The spec of a registered env. */
    public static synchronized EnvSpec spec(String id) {
        return registration(id).spec();
    }

    /**
     * The ids whose registration carries a trait of {@code type} (see {@link EnvRegistration#trait}), sorted.
     */
    public static synchronized List<String> idsWith(Class<?> type) {
        return registry().values().stream().filter(r -> r.trait(type).isPresent()).map(r -> r.spec().id()).toList();
    }

    /** The ids that accept the kwarg {@value #AGENTS} (several agents in one scene), sorted. */
    public static synchronized List<String> multiAgentIds() {
        return registry().values().stream().filter(EnvRegistration::supportsAgents).map(r -> r.spec().id()).toList();
    }

    /**
     * The registration of an id.
     *
     * @throws IllegalArgumentException naming the closest id and every known id when {@code id} is not registered
     */
    public static synchronized EnvRegistration registration(String id) {
        EnvRegistration r = registry().get(id);
        if (r == null) {
            String close = closest(id, registry().keySet());
            throw new IllegalArgumentException("unknown env id '" + id + "'"
                    + (close == null ? "" : "; did you mean '" + close + "'?") + " Known ids: " + registry().keySet());
        }
        return r;
    }

    /** {@code make(id, Map.of())}. */
    public static <O, A> Env<O, A> make(String id) {
        return make(id, Map.of());
    }

    /**
     * Builds a registered env, as {@code gymnasium.make}: the factory gets the spec's kwargs overlaid with
     * {@code kwargs}; the env is wrapped in a {@link TimeLimit} when the spec (or the kwarg
     * {@value #MAX_EPISODE_STEPS}) sets one, and outermost in {@link OrderEnforcing}.
     */
    @SuppressWarnings("unchecked")
    public static <O, A> Env<O, A> make(String id, Map<String, ?> kwargs) {
        EnvRegistration r = registration(id);
        EnvSpec spec = resolve(id, kwargs);
        if (spec.kwargs().containsKey(AGENTS)) {
            throw new IllegalArgumentException("make(" + id + "): " + AGENTS + "=" + spec.kwargs().get(AGENTS)
                    + " puts several agents in one scene, which is a vector env: call makeVec(" + id + ", numEnvs, ...)"
                    + " with numEnvs equal to " + AGENTS + multiAgentSupport(id));
        }
        Env<O, A> env = (Env<O, A>) r.factory().create(new HashMap<>(spec.kwargs()), spec);
        if (spec.maxEpisodeSteps() != null) {
            env = new TimeLimit<>(env, spec.maxEpisodeSteps());
        }
        return new OrderEnforcing<>(env);
    }

    /**
     * The spec an env is made under: the registered spec with its kwargs overlaid by {@code kwargs}, and the time
     * limit of the kwarg {@value #MAX_EPISODE_STEPS} (checked, and then not among the kwargs) when it is given. The
     * returned spec's {@link EnvSpec#kwargs()} are what the factory receives.
     *
     * @throws IllegalArgumentException when the id is unknown or {@value #MAX_EPISODE_STEPS} is out of range
     */
    public static EnvSpec resolve(String id, Map<String, ?> kwargs) {
        EnvSpec spec = registration(id).spec();
        Map<String, Object> merged = new HashMap<>(spec.kwargs());
        if (kwargs != null) {
            merged.putAll(kwargs);
        }
        Object limit = merged.remove(MAX_EPISODE_STEPS);
        if (limit != null) {
            spec = spec.withMaxEpisodeSteps(maxEpisodeSteps(limit, "make(" + id + ")"));
        }
        return spec.withKwargs(merged);
    }

    /**
     * A {@value #MAX_EPISODE_STEPS} kwarg checked: an integer in [1, {@value #MAX_EPISODE_STEPS_LIMIT}].
     *
     * @param where the call, for the message, e.g. {@code "make(CartPole-v1)"}
     */
    public static int maxEpisodeSteps(Object value, String where) {
        return new Kwargs(Map.of(MAX_EPISODE_STEPS, value), where).getInt(MAX_EPISODE_STEPS, 1, 1,
                MAX_EPISODE_STEPS_LIMIT);
    }

    /** {@code makeVec(id, numEnvs, SYNC, NEXT_STEP, Map.of())}: Gymnasium's {@code make_vec(id, num_envs)}. */
    public static <O, A> VectorEnv<O, A> makeVec(String id, int numEnvs) {
        return makeVec(id, numEnvs, VectorMode.SYNC, AutoresetMode.NEXT_STEP, Map.of());
    }

    /**
     * Builds {@code numEnvs} copies of a registered env (each made by {@link #make(String, Map)} with the same
     * kwargs) and runs them as one vector env, as {@code gymnasium.make_vec}; or, with the kwarg {@value #AGENTS},
     * one scene holding that many agents, one sub-env per agent, built by the registration's
     * {@link MultiAgentFactory} ({@code mode} does not apply: the agents share one world and step together).
     *
     * @param id a registered env id
     * @param numEnvs number of sub-envs ({@code >= 1}); with {@value #AGENTS}, equal to it
     * @param mode {@link VectorMode#SYNC} (one thread) or {@link VectorMode#THREADED} (a thread pool)
     * @param autoreset how finished sub-envs restart ({@code null}: the spec's mode)
     * @param kwargs passed to every sub-env's factory (may be null)
     * @throws IllegalArgumentException when {@value #AGENTS} is given for an env without a multi-agent factory
     *                                  (naming those that have one) or differs from {@code numEnvs}
     */
    public static <O, A> VectorEnv<O, A> makeVec(String id, int numEnvs, VectorMode mode, AutoresetMode autoreset,
                                                 Map<String, ?> kwargs) {
        if (numEnvs <= 0) {
            throw new IllegalArgumentException("makeVec(" + id + "): numEnvs=" + numEnvs + "; expected >= 1");
        }
        if (mode == null) {
            throw new IllegalArgumentException("makeVec(" + id + "): mode is null; expected SYNC or THREADED");
        }
        EnvRegistration r = registration(id);
        if (kwargs != null && kwargs.containsKey(AGENTS)) {
            return makeScene(r, numEnvs, autoreset, kwargs);
        }
        List<Env<O, A>> envs = new ArrayList<>(numEnvs);
        try {
            for (int i = 0; i < numEnvs; i++) {
                envs.add(make(id, kwargs));
            }
        } catch (RuntimeException e) {
            envs.forEach(Env::close);
            throw e;
        }
        return mode == VectorMode.SYNC ? new SyncVectorEnv<>(envs, autoreset) : new ThreadedVectorEnv<>(envs, autoreset);
    }

    @SuppressWarnings("unchecked")
    private static <O, A> VectorEnv<O, A> makeScene(EnvRegistration r, int numEnvs, AutoresetMode autoreset,
                                                    Map<String, ?> kwargs) {
        String id = r.spec().id();
        String where = "makeVec(" + id + ")";
        int agents = new Kwargs(kwargs, where).getInt(AGENTS, 1, 1, Integer.MAX_VALUE);
        if (!r.supportsAgents()) {
            throw new IllegalArgumentException(where + ": " + AGENTS + "=" + agents + " but " + id
                    + " has one agent per scene" + multiAgentSupport(id) + "; drop " + AGENTS + " to get " + numEnvs
                    + " independent copies");
        }
        if (agents != numEnvs) {
            throw new IllegalArgumentException(where + ": " + AGENTS + "=" + agents + " with numEnvs=" + numEnvs
                    + "; expected numEnvs equal to " + AGENTS + " (one scene, one sub-env per agent)");
        }
        EnvSpec spec = resolve(id, kwargs);
        Map<String, Object> sceneKwargs = new HashMap<>(spec.kwargs());
        sceneKwargs.remove(AGENTS);
        spec = spec.withKwargs(sceneKwargs);
        VectorEnv<?, ?> v = r.multiAgent().create(agents, new HashMap<>(sceneKwargs), spec,
                autoreset == null ? spec.autoresetMode() : autoreset);
        if (v.numEnvs() != agents) {
            int got = v.numEnvs();
            v.close();
            throw new IllegalStateException(where + ": the multi-agent factory of " + id + " built " + got
                    + " sub-envs for " + AGENTS + "=" + agents + "; expected one per agent");
        }
        return (VectorEnv<O, A>) v;
    }

    private static String multiAgentSupport(String id) {
        List<String> ids = multiAgentIds();
        return ids.contains(id) ? "" : " (ids with several agents per scene: " + (ids.isEmpty() ? "none" : ids) + ")";
    }

    static String closest(String id, Iterable<String> known) {
        return Names.closest(id, known, 3);
    }
}
