package io.github.jmegym.bridge;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;
import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.Env;
import io.github.jmegym.envs.EnvSpec;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.Json;
import io.github.jmegym.envs.RenderFrame;
import io.github.jmegym.envs.Reset;
import io.github.jmegym.envs.Step;
import io.github.jmegym.envs.spaces.Space;
import io.github.jmegym.envs.spaces.Spaces;
import io.github.jmegym.envs.vector.VectorEnv;
import io.github.jmegym.envs.wrappers.OrderEnforcing;
import io.github.jmegym.envs.wrappers.TimeLimit;
import io.github.jmegym.envs.vector.VectorReset;
import io.github.jmegym.envs.vector.VectorStep;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The object Python calls through Py4J: a handshake, the env list, and coarse per-handle calls whose observations,
 * actions and rewards cross as one byte array each (layouts in {@link Protocol}); spaces, specs, kwargs, options and
 * infos cross as JSON; replies are Base64 text of their byte layout ({@link Protocol#reply}). Java exceptions reach Python with their class and message ({@link IllegalArgumentException}
 * becomes {@code ValueError}, {@link IllegalStateException} {@code RuntimeError}). Each handle is used by one
 * caller at a time (calls on one handle are serialised).
 *
 * <p>Handles belong to the client session of the connection that made them ({@link #attach}); when a session's last
 * connection closes (the client exited, crashed or was killed) its envs are closed and its live envs released.
 */
public final class BridgeService {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeService.class);
    /** The kwarg Python's {@code render_mode} arrives in (a factory of an env with render modes reads it). */
    public static final String RENDER_MODE = "render_mode";
    private static final java.lang.reflect.Type MAP_TYPE = new TypeToken<Map<String, Object>>() { }.getType();

    /** Builds a vector of registered envs (normally {@code Envs.makeVec}). */
    @FunctionalInterface
    public interface VectorMaker {
        /**
         * @param id the env id
         * @param numEnvs number of sub-envs
         * @param kwargs kwargs of every sub-env (may hold {@code max_episode_steps})
         * @param mode how finished sub-envs restart
         */
        VectorEnv<?, ?> make(String id, int numEnvs, Map<String, Object> kwargs, AutoresetMode mode);
    }

    private final Map<String, Env<?, ?>> liveEnvs = new ConcurrentHashMap<>();
    private final Map<String, Integer> liveInUse = new ConcurrentHashMap<>();
    private final Map<Integer, Object> handles = new ConcurrentHashMap<>();
    private final AtomicInteger nextHandle = new AtomicInteger(1);
    private final Map<String, JsonObject> describeCache = new ConcurrentHashMap<>();
    private final ClientSessions sessions = new ClientSessions();
    private final VectorMaker vectorMaker;
    private final Runnable shutdownRequest;
    /** The loopback port of the gateway's {@link VectorChannel}, or 0 when it has none (in-process callers). */
    private volatile int vectorChannelPort;

    /**
     * @param vectorMaker builds vector envs for {@link #makeVec}
     * @param shutdownRequest what {@link #shutdown()} triggers (e.g. ending {@code jmegym serve})
     */
    public BridgeService(VectorMaker vectorMaker, Runnable shutdownRequest) {
        this.vectorMaker = vectorMaker;
        this.shutdownRequest = shutdownRequest;
    }

    private record Single(String id, Env<Object, Object> env, SpaceCodec<?> obs, SpaceCodec<Object> act, boolean live) {
    }

    private record Vector(String id, VectorEnv<Object, Object> env, SpaceCodec<?> obs, SpaceCodec<Object> act) {
    }

    // ---------------------------------------------------------------- handshake, sessions and listing

    /**
     * The handshake: fails unless the client speaks this protocol version.
     *
     * @param clientProtocol the client's {@link Protocol#VERSION}
     * @return JSON {@code {"protocol":1,"layout":1,"jmegym":"0.1.0","java":"17...","vector_channel":P}}, the last
     *         the loopback port of the {@link VectorChannel} (absent when the gateway has none)
     */
    public String hello(int clientProtocol) {
        if (clientProtocol != Protocol.VERSION) {
            throw new IllegalArgumentException("hello: the client speaks bridge protocol " + clientProtocol
                    + " but this gateway speaks " + Protocol.VERSION + "; install the jmegym Python package of the"
                    + " same version as the jar");
        }
        JsonObject o = new JsonObject();
        o.addProperty("protocol", Protocol.VERSION);
        o.addProperty("layout", Protocol.LAYOUT_VERSION);
        o.addProperty("jmegym", "0.1.0");
        o.addProperty("java", System.getProperty("java.version"));
        if (vectorChannelPort > 0) {
            o.addProperty("vector_channel", vectorChannelPort);
        }
        return o.toString();
    }

    /**
     * Makes the calling connection part of the client session {@code sessionId}: the handles of a session are
     * released when its last connection closes. A client sends it first on every connection it opens (Python's
     * bridge does, with a random id); a connection that never attaches is a session of its own.
     *
     * @param sessionId 8 to 128 characters of {@code [A-Za-z0-9_-]}, unguessable by other clients
     */
    public void attach(String sessionId) {
        sessions.attach(sessionId);
    }

    /**
     * The class and message of a Java exception a call raised (how Python names it without reflection, which the
     * gateway does not serve).
     *
     * @return JSON {@code {"class": "java.lang.IllegalArgumentException", "message": "..."}} (message may be null)
     */
    public String errorDetails(Throwable error) {
        JsonObject o = new JsonObject();
        o.addProperty("class", error.getClass().getName());
        o.addProperty("message", error.getMessage());
        return o.toString();
    }

    /** Announces the gateway's vector channel in {@link #hello}. */
    void vectorChannelPort(int port) {
        this.vectorChannelPort = port;
    }

    /**
     * Fails unless {@code handle} is an open vector of the calling connection's session (what a vector channel
     * may step after it attached to that session).
     */
    void requireOwnVector(int handle) {
        vector(handle, "vector channel");
        if (!sessions.ownedByCaller(handle)) {
            throw new SecurityException("vector channel(handle=" + handle + "): the handle belongs to another client"
                    + " session; attach to the session that made it");
        }
    }

    /** A gateway connection starts on the calling thread (see {@link ClientSessions}). */
    void connectionOpened() {
        sessions.connectionOpened();
    }

    /** The calling thread's connection ended: releases its session's handles if it was the session's last one. */
    void connectionClosed() {
        List<Integer> orphans = sessions.connectionClosed();
        if (!orphans.isEmpty()) {
            LOG.debug("a client session ended: releasing handles {}", orphans);
            closeQuietly(orphans);
        }
    }

    /**
     * Every env a client can make: registered ids and live envs of a running game (a live env shadows a registered
     * one of the same id).
     *
     * @return JSON list of {@code {"id", "spec", "observation_space", "action_space", "live"}}; an env that cannot
     *         be built here has {@code "error"} instead of spaces
     */
    public String listEnvs() {
        Map<String, JsonObject> out = new java.util.TreeMap<>();
        for (String id : Envs.ids()) {
            out.put(id, describeCache.computeIfAbsent(id, BridgeService::describeRegistered));
        }
        liveEnvs.forEach((id, env) -> out.put(id, describe(id, env, true)));
        JsonArray a = new JsonArray();
        out.values().forEach(a::add);
        return a.toString();
    }

    /**
     * The spec of one env (a live env's, else the registered one's).
     *
     * @return JSON as {@link EnvSpec#toJson()}
     */
    public String spec(String id) {
        Env<?, ?> live = liveEnvs.get(id);
        return (live != null ? liveSpec(id, live) : Envs.spec(id).toJson()).toString();
    }

    /**
     * The specs of every env a client can make, without building any: registered envs and live envs.
     *
     * @return JSON list of {@link EnvSpec#toJson()} objects, sorted by id
     */
    public String specs() {
        Map<String, JsonObject> out = new java.util.TreeMap<>();
        for (String id : Envs.ids()) {
            out.put(id, Envs.spec(id).toJson());
        }
        liveEnvs.forEach((id, env) -> out.put(id, liveSpec(id, env)));
        JsonArray a = new JsonArray();
        out.values().forEach(a::add);
        return a.toString();
    }

    /** The registration JSON of every registered env, without building any (ids and specs only). */
    public static String listSpecs() {
        JsonArray a = new JsonArray();
        for (String id : Envs.ids()) {
            a.add(Envs.spec(id).toJson());
        }
        return a.toString();
    }

    private static JsonObject describeRegistered(String id) {
        try (Env<?, ?> env = Envs.make(id)) {
            return describe(id, env, false);
        } catch (RuntimeException e) {
            LOG.warn("listEnvs: {} cannot be built here: {}", id, e.toString());
            JsonObject o = new JsonObject();
            o.addProperty("id", id);
            o.add("spec", Envs.spec(id).toJson());
            o.addProperty("live", false);
            o.addProperty("error", e.getClass().getSimpleName() + ": " + e.getMessage());
            return o;
        }
    }

    /** A live env's spec under the id it was registered as (a game may expose e.g. its CartPole-v1 as MyGame-v0). */
    private static JsonObject liveSpec(String id, Env<?, ?> env) {
        JsonObject spec = env.spec().toJson();
        spec.addProperty("id", id);
        return spec;
    }

    private static JsonObject describe(String id, Env<?, ?> env, boolean live) {
        JsonObject o = new JsonObject();
        o.addProperty("id", id);
        o.add("spec", live ? liveSpec(id, env) : env.spec().toJson());
        o.add("observation_space", env.observationSpace().toJson());
        o.add("action_space", env.actionSpace().toJson());
        o.addProperty("live", live);
        return o;
    }

    // ---------------------------------------------------------------- live envs

    void registerLive(String id, Env<?, ?> env) {
        if (id == null || env == null) {
            throw new IllegalArgumentException("registerLive: id and env must not be null");
        }
        new EnvSpec(id, null, null, null, null, 0, null); // validates the id's form
        SpaceCodec.of(env.observationSpace());
        SpaceCodec.of(env.actionSpace());
        if (liveEnvs.putIfAbsent(id, env) != null) {
            throw new IllegalArgumentException("registerLive: a live env is already registered as '" + id + "'");
        }
    }

    void unregisterLive(String id) {
        liveEnvs.remove(id);
        Integer h = liveInUse.remove(id);
        if (h != null) {
            handles.remove(h);
            sessions.disown(h);
        }
    }

    // ---------------------------------------------------------------- single envs

    /**
     * Makes an env. A registered env is built without its time limit and order checks (the Python side applies
     * Gymnasium's own {@code TimeLimit}, {@code OrderEnforcing} and checker wrappers); a live env is used as is and
     * may be driven by one handle at a time.
     *
     * @param id the env id
     * @param kwargsJson JSON object of keyword arguments (or null/empty)
     * @return JSON {@code {"handle", "spec", "observation_space", "action_space", "live"}}
     */
    @SuppressWarnings("unchecked")
    public String make(String id, String kwargsJson) {
        Map<String, Object> kwargs = parseObject(kwargsJson, "make(" + id + ") kwargs");
        Env<Object, Object> env;
        boolean live = liveEnvs.containsKey(id);
        if (live) {
            env = (Env<Object, Object>) liveEnvs.get(id);
            Object mode = kwargs.remove(RENDER_MODE);
            if (mode != null && !env.spec().renderModes().contains(String.valueOf(mode))) {
                throw new IllegalArgumentException("make(" + id + "): render_mode=" + mode + "; the live env renders "
                        + env.spec().renderModes());
            }
            if (!kwargs.isEmpty()) {
                throw new IllegalArgumentException("make(" + id + "): " + id + " is a live env of the running game;"
                        + " it takes no kwargs (except its render_mode), got " + kwargs.keySet());
            }
        } else {
            env = Envs.make(id, kwargs);
            if (env instanceof OrderEnforcing<Object, Object> o) {
                env = o.inner();
            }
            if (env instanceof TimeLimit<Object, Object> t) {
                env = t.inner();
            }
        }
        SpaceCodec<?> obs;
        SpaceCodec<Object> act;
        try {
            obs = SpaceCodec.of(env.observationSpace());
            act = (SpaceCodec<Object>) SpaceCodec.of(env.actionSpace());
        } catch (RuntimeException e) {
            if (!live) {
                env.close();
            }
            throw e;
        }
        int handle = nextHandle.getAndIncrement();
        if (live) {
            Integer previous = liveInUse.putIfAbsent(id, handle);
            if (previous != null) {
                throw new IllegalStateException("make(" + id + "): the live env is already driven by handle "
                        + previous + "; close that one first");
            }
        }
        handles.put(handle, new Single(id, env, obs, act, live));
        sessions.own(handle);
        JsonObject o = describe(id, env, live);
        o.addProperty("handle", handle);
        LOG.debug("make({}) -> handle {}", id, handle);
        return o.toString();
    }

    /**
     * Resets a single env.
     *
     * @param handle from {@link #make}
     * @param seed reseeds when not null
     * @param optionsJson JSON object of reset options (or null/empty)
     * @return the {@code reset} reply of docs/wire-format.md, as Base64
     */
    public String reset(int handle, Long seed, String optionsJson) {
        Single s = single(handle, "reset");
        synchronized (s) {
            stillOpen(handle, s, "reset");
            Map<String, Object> options = parseObject(optionsJson, "reset(" + s.id + ") options");
            Reset<Object> r = s.env.reset(seed, options);
            byte[] info = infoBytes(r.info());
            ByteBuffer b = Protocol.buffer(s.obs.size() + 4 + info.length);
            s.obs.encode(r.observation(), b);
            b.putInt(info.length).put(info);
            return Protocol.reply(b.array());
        }
    }

    /**
     * Steps a single env.
     *
     * @param handle from {@link #make}
     * @param action the action's {@link SpaceCodec} form
     * @return the {@code step} reply of docs/wire-format.md, as Base64
     */
    public String step(int handle, byte[] action) {
        Single s = single(handle, "step");
        synchronized (s) {
            stillOpen(handle, s, "step");
            String where = "step(" + s.id + ")";
            Object a = wellFormed(s.env.actionSpace(), s.act.decodeAll(action, 1, where).get(0), () -> where);
            Step<Object> st = s.env.step(a);
            byte[] info = infoBytes(st.info());
            ByteBuffer b = Protocol.buffer(s.obs.size() + 8 + 2 + 4 + info.length);
            s.obs.encode(st.observation(), b);
            b.putDouble(st.reward()).put((byte) (st.terminated() ? 1 : 0)).put((byte) (st.truncated() ? 1 : 0));
            b.putInt(info.length).put(info);
            return Protocol.reply(b.array());
        }
    }

    /**
     * The env's current frame.
     *
     * @return the {@code render} reply of docs/wire-format.md (empty when the env gave no frame), as Base64
     */
    public String render(int handle) {
        Single s = single(handle, "render");
        synchronized (s) {
            stillOpen(handle, s, "render");
            Optional<RenderFrame> f = s.env.render();
            if (f.isEmpty()) {
                return "";
            }
            RenderFrame frame = f.get();
            ByteBuffer b = Protocol.buffer(8 + frame.rgb().length);
            b.putInt(frame.width()).putInt(frame.height()).put(frame.rgb());
            return Protocol.reply(b.array());
        }
    }

    // ---------------------------------------------------------------- vectors

    /**
     * Makes a vector of {@code numEnvs} registered envs (sub-env {@code i} seeded {@code seed + i} on reset).
     *
     * @param id the env id
     * @param numEnvs number of sub-envs (>= 1)
     * @param kwargsJson JSON kwargs of every sub-env (may hold {@code max_episode_steps})
     * @param autoresetMode {@code next_step} (Gymnasium's default), {@code same_step} or {@code disabled}
     * @return JSON {@code {"handle", "num_envs", "spec", "observation_space", "action_space", "autoreset_mode"}}
     *         with the spaces of one sub-env, plus {@code "agent_names"} when the sub-envs are the named agents of
     *         one scene
     */
    @SuppressWarnings("unchecked")
    public String makeVec(String id, int numEnvs, String kwargsJson, String autoresetMode) {
        if (numEnvs < 1 || numEnvs > Protocol.MAX_NUM_ENVS) {
            throw new IllegalArgumentException("makeVec(" + id + "): num_envs=" + numEnvs + "; expected 1 to "
                    + Protocol.MAX_NUM_ENVS);
        }
        if (liveEnvs.containsKey(id)) {
            throw new IllegalArgumentException("makeVec(" + id + "): " + id + " is a live env of the running game;"
                    + " it cannot be copied into a vector");
        }
        AutoresetMode mode = AutoresetMode.parse(autoresetMode == null ? "next_step" : autoresetMode);
        Map<String, Object> kwargs = parseObject(kwargsJson, "makeVec(" + id + ") kwargs");
        VectorEnv<Object, Object> env = (VectorEnv<Object, Object>) vectorMaker.make(id, numEnvs, kwargs, mode);
        SpaceCodec<?> obs;
        SpaceCodec<Object> act;
        try {
            obs = SpaceCodec.of(env.singleObservationSpace());
            act = (SpaceCodec<Object>) SpaceCodec.of(env.singleActionSpace());
        } catch (RuntimeException e) {
            env.close();
            throw e;
        }
        int handle = nextHandle.getAndIncrement();
        handles.put(handle, new Vector(id, env, obs, act));
        sessions.own(handle);
        JsonObject o = new JsonObject();
        o.addProperty("handle", handle);
        o.addProperty("id", id);
        o.addProperty("num_envs", env.numEnvs());
        o.add("spec", env.spec().toJson());
        o.add("observation_space", env.singleObservationSpace().toJson());
        o.add("action_space", env.singleActionSpace().toJson());
        o.addProperty("autoreset_mode", env.autoresetMode().gymName());
        if (!env.agentNames().isEmpty()) {
            JsonArray names = new JsonArray();
            env.agentNames().forEach(names::add);
            o.add("agent_names", names);
        }
        LOG.debug("makeVec({}, {}) -> handle {}", id, numEnvs, handle);
        return o.toString();
    }

    /**
     * Resets a vector ({@code seed + i} for sub-env {@code i}); the option {@code reset_mask} (list of booleans)
     * selects sub-envs, whose observations are then zero bytes where not reset.
     *
     * @return the {@code resetAll} reply of docs/wire-format.md, as Base64
     */
    public String resetAll(int handle, Long seed, String optionsJson) {
        Vector v = vector(handle, "resetAll");
        synchronized (v) {
            stillOpen(handle, v, "resetAll");
            Map<String, Object> options = parseObject(optionsJson, "resetAll(" + v.id + ") options");
            Object mask = options.get(VectorEnv.RESET_MASK);
            if (mask != null) {
                options.put(VectorEnv.RESET_MASK, booleans(mask, v.env.numEnvs(), "resetAll(" + v.id + ")"));
            }
            VectorReset<Object> r = v.env.reset(seed, options);
            byte[] infos = infosBytes(r.infos());
            int n = v.env.numEnvs();
            ByteBuffer b = Protocol.buffer(n * v.obs.size() + 4 + infos.length);
            encodeObservations(v, r.observations(), b);
            b.putInt(infos.length).put(infos);
            return Protocol.reply(b.array());
        }
    }

    /**
     * Steps every sub-env of a vector in one call.
     *
     * @param actions {@code n} action forms back to back
     * @return the {@code stepAll} reply of docs/wire-format.md, as Base64
     */
    public String stepAll(int handle, byte[] actions) {
        return Protocol.reply(stepAllBytes(handle, actions));
    }

    /** {@link #stepAll} as its reply bytes (what the {@link VectorChannel} sends as they are). */
    byte[] stepAllBytes(int handle, byte[] actions) {
        Vector v = vector(handle, "stepAll");
        synchronized (v) {
            stillOpen(handle, v, "stepAll");
            int n = v.env.numEnvs();
            List<Object> a = v.act.decodeAll(actions, n, "stepAll(" + v.id + ")");
            for (int i = 0; i < n; i++) {
                int sub = i; // the message is built only for a bad action: this runs for every sub-env of every step
                a.set(i, wellFormed(v.env.singleActionSpace(), a.get(i),
                        () -> "stepAll(" + v.id + ") action of sub-env " + sub));
            }
            VectorStep<Object> st = v.env.step(a);
            byte[] infos = infosBytes(st.infos());
            ByteBuffer b = Protocol.buffer(n * (v.obs.size() + 10) + 4 + infos.length);
            encodeObservations(v, st.observations(), b);
            for (double r : st.rewards()) {
                b.putDouble(r);
            }
            for (boolean t : st.terminated()) {
                b.put((byte) (t ? 1 : 0));
            }
            for (boolean t : st.truncated()) {
                b.put((byte) (t ? 1 : 0));
            }
            b.putInt(infos.length).put(infos);
            return b.array();
        }
    }

    private static void encodeObservations(Vector v, List<Object> observations, ByteBuffer b) {
        for (Object o : observations) {
            if (o == null) {
                b.position(b.position() + v.obs.size());
            } else {
                v.obs.encode(o, b);
            }
        }
    }

    // ---------------------------------------------------------------- closing

    /** Closes a handle (single or vector); a live env is released, not closed. Unknown handles are ignored. */
    public void close(int handle) {
        Object h = handles.remove(handle);
        sessions.disown(handle);
        if (h instanceof Single s) {
            synchronized (s) {
                if (s.live) {
                    liveInUse.remove(s.id, handle);
                } else {
                    s.env.close();
                }
            }
        } else if (h instanceof Vector v) {
            synchronized (v) {
                v.env.close();
            }
        }
    }

    /** Number of open handles. */
    public int openHandles() {
        return handles.size();
    }

    /** Closes every handle and asks the hosting process to stop serving (what {@code jmegym.close()} calls). */
    public void shutdown() {
        closeAll();
        shutdownRequest.run();
    }

    void closeAll() {
        closeQuietly(new ArrayList<>(handles.keySet()));
    }

    private void closeQuietly(List<Integer> toClose) {
        for (Integer h : toClose) {
            try {
                close(h);
            } catch (RuntimeException e) {
                LOG.warn("closing handle {}: {}", h, e.toString());
            }
        }
    }

    /** Number of client sessions that attached by id and still have a connection. */
    int attachedSessions() {
        return sessions.namedSessions();
    }

    // ---------------------------------------------------------------- helpers

    private Single single(int handle, String call) {
        Object h = handles.get(handle);
        if (h instanceof Single s) {
            return s;
        }
        throw new IllegalStateException(call + "(handle=" + handle + "): "
                + (h == null ? "no open env has this handle (closed?)" : "the handle is a vector env; use "
                + call + "All"));
    }

    /** Fails a call that waited for its handle while another thread closed it. */
    private void stillOpen(int handle, Object h, String call) {
        if (handles.get(handle) != h) {
            throw new IllegalStateException(call + "(handle=" + handle + "): the env was closed by another call"
                    + " while this one waited for it");
        }
    }

    private Vector vector(int handle, String call) {
        Object h = handles.get(handle);
        if (h instanceof Vector v) {
            return v;
        }
        throw new IllegalStateException(call + "(handle=" + handle + "): "
                + (h == null ? "no open vector env has this handle (closed?)" : "the handle is a single env"));
    }

    static Map<String, Object> parseObject(String json, String where) {
        if (json == null || json.isBlank()) {
            return new LinkedHashMap<>();
        }
        try {
            Map<String, Object> m = Json.GSON.fromJson(json, MAP_TYPE);
            return m == null ? new LinkedHashMap<>() : new LinkedHashMap<>(m);
        } catch (JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException(where + ": not a JSON object: " + json + " (" + e.getMessage() + ")", e);
        }
    }

    private static boolean[] booleans(Object value, int n, String where) {
        if (value instanceof List<?> l && l.size() == n && l.stream().allMatch(e -> e instanceof Boolean)) {
            boolean[] out = new boolean[n];
            for (int i = 0; i < n; i++) {
                out[i] = (Boolean) l.get(i);
            }
            return out;
        }
        throw new IllegalArgumentException(where + ": reset_mask=" + value + "; expected " + n + " booleans");
    }

    /**
     * {@code action} when it is a well-formed element of {@code space} ({@link Spaces#whyMalformed}): a Box action
     * outside the bounds goes to the env, which clips it or rejects it as its Gymnasium original does.
     */
    private static Object wellFormed(Space<?> space, Object action, Supplier<String> where) {
        String why = Spaces.whyMalformed(space, action);
        if (why != null) {
            throw new IllegalArgumentException(where.get() + ": " + why);
        }
        return action;
    }

    private static byte[] infoBytes(Map<String, Object> info) {
        return info == null || info.isEmpty() ? new byte[0] : Json.GSON.toJson(info).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] infosBytes(List<Map<String, Object>> infos) {
        if (infos == null || infos.stream().allMatch(i -> i == null || i.isEmpty())) {
            return new byte[0];
        }
        List<Map<String, Object>> copy = new ArrayList<>(infos.size());
        for (Map<String, Object> i : infos) {
            copy.add(i == null ? new HashMap<>() : i);
        }
        return Json.GSON.toJson(copy).getBytes(StandardCharsets.UTF_8);
    }
}
