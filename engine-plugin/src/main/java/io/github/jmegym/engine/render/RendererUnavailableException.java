package io.github.jmegym.engine.render;

/** No OpenGL renderer could be started (no X display, no OSMesa, or the context failed); the message says what to do. */
public final class RendererUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed and how to get a renderer */
    public RendererUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
