package io.github.jmegym.engine.render;

import com.jme3.app.LegacyApplication;
import com.jme3.system.AppSettings;
import com.jme3.system.JmeContext;
import com.jme3.system.JmeSystem;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.lwjgl.glfw.GLFW;
import org.lwjgl.opengl.GL11;
import org.lwjgl.system.Configuration;
import org.slf4j.LoggerFactory;

/**
 * An OpenGL context owned by a jME application on its own thread, which renders scenes into offscreen frame
 * buffers on request ({@link #call(Function)}) and reads the pixels back. One renderer serves any number of
 * scenes and frame sizes; {@link #shared()} is the JVM-wide one that {@code rgb_array} envs and camera sensors use.
 *
 * <p>The context is a hidden window on an X display (Xvfb + Mesa in CI) or, without X, an OSMesa context with
 * GLFW's null platform ({@link RenderBackend}). Start-up failures (which jME only reports to the application's
 * error handler, letting the JVM carry on) are turned into a {@link RendererUnavailableException}. Gamma
 * correction is off, so a colour set on a material is the colour read back, on both backends.
 *
 * <p>Thread rules: {@link #call} may be called from any thread; tasks run one at a time on the render thread,
 * which is the only thread that touches GL and the scenes being rendered.
 */
public final class OffscreenRenderer implements AutoCloseable {
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(OffscreenRenderer.class);
    private static final long START_TIMEOUT_S = 60;
    // strong references: java.util.logging forgets the level of loggers nobody holds
    private static final Logger JME_LOG = Logger.getLogger("com.jme3");
    private static final Logger ASSET_CONFIG_LOG = Logger.getLogger("com.jme3.asset.AssetConfig");
    private static OffscreenRenderer shared;
    private final App app;
    private final RenderBackend backend;

    private OffscreenRenderer(RenderBackend backend) {
        this.backend = backend;
        this.app = new App();
    }

    /**
     * The JVM-wide renderer on the configured backend ({@link RenderBackend#configured()}), started on first use
     * and kept until the JVM exits.
     *
     * @throws RendererUnavailableException when no renderer can be started
     */
    public static synchronized OffscreenRenderer shared() {
        if (shared == null || shared.app.closed) {
            // no shutdown hook: the render thread does not keep the JVM alive, and the OS frees the context
            shared = start(RenderBackend.configured());
        }
        return shared;
    }

    /**
     * Starts a renderer on its own thread and waits until its context is ready.
     *
     * @throws RendererUnavailableException when the context cannot be created (the message says why and what to do)
     */
    public static OffscreenRenderer start(RenderBackend requested) {
        RenderBackend b = requested.resolve();
        OffscreenRenderer r = new OffscreenRenderer(b);
        r.app.startContext(b);
        return r;
    }

    /** The backend this renderer runs on. */
    public RenderBackend backend() {
        return backend;
    }

    /** The OpenGL renderer and version, e.g. {@code llvmpipe (LLVM 15.0.6, 256 bits), 4.5 (Core Profile) Mesa 22.3.6}. */
    public String glDescription() {
        return app.glDescription;
    }

    /**
     * Runs {@code task} on the render thread and returns its result.
     *
     * @throws RendererUnavailableException when the renderer was closed or died
     */
    public <T> T call(Function<RenderContext, T> task) {
        if (app.closed) {
            throw new RendererUnavailableException("the offscreen renderer was closed" + app.failureSuffix(), app.failure);
        }
        if (Thread.currentThread() == app.renderThread) {
            return task.apply(app.renderContext);
        }
        FutureTask<T> f = new FutureTask<>(() -> task.apply(app.renderContext));
        app.work.add(f);
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the renderer", e);
        } catch (java.util.concurrent.CancellationException e) {
            throw new RendererUnavailableException("the offscreen renderer stopped" + app.failureSuffix(), app.failure);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("render task failed: " + e.getCause(), e.getCause());
        }
    }

    /** Stops the render thread and frees the context; calling it again does nothing. */
    @Override
    public void close() {
        if (!app.closed) {
            app.closed = true;
            app.work.add(new FutureTask<>(() -> null));
            app.stop(true);
        }
    }

    /** The jME application owning the context; its update loop runs the queued render tasks. */
    private static final class App extends LegacyApplication {
        final BlockingQueue<FutureTask<?>> work = new LinkedBlockingQueue<>();
        final CountDownLatch ready = new CountDownLatch(1);
        volatile boolean closed;
        volatile Throwable failure;
        volatile String failureMessage;
        volatile Thread renderThread;
        volatile String glDescription = "";
        RenderContext renderContext;

        void startContext(RenderBackend backend) {
            AppSettings s = new AppSettings(true);
            s.setResolution(64, 64);
            s.setVSync(false);
            s.setFrameRate(-1);
            s.setSamples(0);
            s.setGammaCorrection(false);
            s.setAudioRenderer(null);
            s.setUseInput(false);
            s.setTitle("jmegym offscreen renderer");
            if (backend == RenderBackend.OSMESA) {
                // GLFW creates an OSMesa context on its null platform; LWJGL loads OSMesa as its GL library
                Configuration.OPENGL_LIBRARY_NAME.set(RenderBackend.OSMESA_LIBRARY);
                GLFW.glfwInitHint(GLFW.GLFW_PLATFORM, GLFW.GLFW_PLATFORM_NULL);
                s.setRenderer(AppSettings.LWJGL_OPENGL2);
            } else {
                s.setRenderer(AppSettings.LWJGL_OPENGL32);
            }
            setSettings(s);
            setPauseOnLostFocus(false);
            JME_LOG.setLevel(Level.WARNING);
            ASSET_CONFIG_LOG.setLevel(Level.SEVERE);
            // what start(OffscreenSurface, false) does, but on a daemon thread: a renderer must not keep the JVM alive
            context = JmeSystem.newContext(s, JmeContext.Type.OffscreenSurface);
            if (!(context instanceof Runnable loop)) {
                throw new RendererUnavailableException("jME gave a " + context.getClass().getName()
                        + " for an offscreen surface; expected jme3-lwjgl3's LwjglWindow", null);
            }
            context.setSystemListener(this);
            Thread t = new Thread(loop, "jmegym-renderer");
            t.setDaemon(true);
            t.start();
            try {
                if (!ready.await(START_TIMEOUT_S, TimeUnit.SECONDS)) {
                    failureMessage = "the OpenGL context did not start within " + START_TIMEOUT_S + " s";
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failureMessage = "interrupted while starting";
            }
            if (failureMessage != null || renderContext == null) {
                closed = true;
                stop(false);
                throw new RendererUnavailableException("cannot start an offscreen renderer on " + backend + failureSuffix()
                        + (backend == RenderBackend.DISPLAY ? (RenderBackend.displayAvailable()
                        ? "; is the X server on DISPLAY=" + System.getenv("DISPLAY")
                        + " running with GLX (Xvfb ... +extension GLX, package libgl1-mesa-dri)?"
                        : "; DISPLAY is not set: run under an X server (xvfb-run -a ...) or use -Djmegym.render=osmesa")
                        : "; is libosmesa6 installed?"), failure);
            }
            LOG.debug("offscreen renderer on {}: {}", backend, glDescription);
        }

        String failureSuffix() {
            return failureMessage == null ? "" : ": " + failureMessage;
        }

        @Override
        public void initialize() {
            super.initialize();
            renderThread = Thread.currentThread();
            glDescription = GL11.glGetString(GL11.GL_RENDERER) + ", OpenGL " + GL11.glGetString(GL11.GL_VERSION);
            renderContext = new RenderContext(getAssetManager(), getRenderManager(), getRenderer());
            ready.countDown();
        }

        @Override
        public void update() {
            super.update();
            try {
                FutureTask<?> t = work.poll(50, TimeUnit.MILLISECONDS);
                while (t != null) {
                    t.run();
                    t = closed ? null : work.poll();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void handleError(String errMsg, Throwable t) {
            failure = t;
            failureMessage = errMsg + (t == null ? "" : " (" + t + ")");
            LOG.debug("renderer error: {}", failureMessage, t);
            if (Boolean.getBoolean("jmegym.render.debug")) {
                new Throwable("handleError: " + failureMessage, t).printStackTrace();
            }
            if (renderContext == null) {
                ready.countDown();
            }
            closed = true;
            FutureTask<?> f;
            while ((f = work.poll()) != null) {
                f.cancel(false);
            }
            stop(false);
        }

        @Override
        public void destroy() {
            closed = true;
            if (renderContext != null) {
                renderContext.release();
            }
            super.destroy();
        }
    }
}
