package io.github.jmegym.envs;

/**
 * One rendered frame, row-major from the top-left pixel, 3 bytes (R, G, B) per pixel.
 *
 * @param width width in pixels
 * @param height height in pixels
 * @param rgb {@code width * height * 3} bytes
 */
public record RenderFrame(int width, int height, byte[] rgb) {
    /** Validates the size of the pixel buffer. */
    public RenderFrame {
        if (width <= 0 || height <= 0 || rgb == null || rgb.length != width * height * 3) {
            throw new IllegalArgumentException("RenderFrame: " + width + "x" + height + " needs "
                    + (long) width * height * 3 + " RGB bytes, got " + (rgb == null ? "null" : rgb.length));
        }
    }
}
