package io.github.jmegym.engine.render;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Where offscreen frames are rendered: a hidden window on an X display (Xvfb + Mesa llvmpipe in CI, or a real
 * desktop), or OSMesa without any X server. Chosen by the system property {@code jmegym.render} or the environment
 * variable {@code JMEGYM_RENDER} ({@code auto}, {@code display}, {@code osmesa}); {@code auto} takes the display
 * when {@code DISPLAY} is set and OSMesa otherwise.
 */
public enum RenderBackend {
    /** A display when {@code DISPLAY} is set, else OSMesa when installed. */
    AUTO,
    /** A hidden GLFW window on the X display named by {@code DISPLAY}. */
    DISPLAY,
    /** Mesa's off-screen library ({@code libOSMesa.so.8}, Debian package {@code libosmesa6}) with GLFW's null platform. */
    OSMESA;

    /** The OSMesa library name LWJGL loads as its OpenGL library. */
    public static final String OSMESA_LIBRARY = "libOSMesa.so.8";
    private static final List<String> LIB_DIRS = List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib",
            "/usr/local/lib", "/lib/x86_64-linux-gnu");

    /** The backend configured by {@code -Djmegym.render} or {@code JMEGYM_RENDER} (default {@link #AUTO}). */
    public static RenderBackend configured() {
        String v = System.getProperty("jmegym.render", System.getenv().getOrDefault("JMEGYM_RENDER", "auto"));
        try {
            return valueOf(v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("jmegym.render / JMEGYM_RENDER='" + v + "'; expected auto, display or osmesa", e);
        }
    }

    /** Whether an X display is named by {@code DISPLAY}. */
    public static boolean displayAvailable() {
        String d = System.getenv("DISPLAY");
        return d != null && !d.isBlank();
    }

    /** Whether {@value #OSMESA_LIBRARY} is installed in a usual library directory. */
    public static boolean osmesaAvailable() {
        return LIB_DIRS.stream().anyMatch(d -> Files.exists(Path.of(d, OSMESA_LIBRARY)));
    }

    /**
     * The concrete backend for this one.
     *
     * @throws RendererUnavailableException when {@link #AUTO} finds neither a display nor OSMesa
     */
    public RenderBackend resolve() {
        if (this != AUTO) {
            return this;
        }
        if (displayAvailable()) {
            return DISPLAY;
        }
        if (osmesaAvailable()) {
            return OSMESA;
        }
        throw new RendererUnavailableException("no renderer available: DISPLAY is not set and " + OSMESA_LIBRARY
                + " is not installed; run under an X server (e.g. `xvfb-run -a ./jmegym ...`) or install libosmesa6", null);
    }
}
