package io.github.jmegym.envs.classic;

import io.github.jmegym.envs.RenderFrame;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * A Java2D drawing surface that takes the calls Gymnasium's classic-control renderers make on a pygame surface
 * ({@code gfxdraw.filled_polygon}, {@code aapolygon}, {@code filled_circle}, {@code aacircle}, {@code hline},
 * {@code vline}, {@code draw.line}, {@code draw.aalines}, {@code blit}) in pygame's pixel coordinates, and returns
 * the frame flipped vertically as those renderers flip it ({@code pygame.transform.flip(surf, False, True)}).
 *
 * <p>pygame addresses a pixel by its integer corner, so a point {@code (x, y)} here is the centre of pixel
 * {@code (x, y)} in Java2D ({@code +0.5}). Polygons are filled from vertices truncated to integers, as SDL_gfx's
 * {@code filledPolygon} takes {@code Sint16} vertices; polygon outlines and circles are antialiased by Java2D where
 * pygame uses SDL_gfx's own antialiasing, so their edge pixels differ slightly in shade, never in place by more than a
 * pixel. {@code draw.aalines} follows pygame's algorithm, and blits its alpha blending, so those match closely.
 *
 * <p>Only a {@link BufferedImage} is drawn on: no AWT toolkit, window or display is used, so it works with
 * {@code java.awt.headless=true} and on machines without a display.
 */
final class PygameCanvas {
    private final int width;
    private final int height;
    private final BufferedImage image;
    private final int[] pixels;
    private final Graphics2D g;

    /**
     * @param width width in pixels (> 0)
     * @param height height in pixels (> 0)
     */
    PygameCanvas(int width, int height) {
        this.width = width;
        this.height = height;
        this.image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        this.pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        this.g = image.createGraphics();
        g.setStroke(new BasicStroke(1f));
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** {@code surf.fill(rgb)}. */
    void fill(int rgb) {
        java.util.Arrays.fill(pixels, rgb & 0xFFFFFF);
    }

    /** {@code gfxdraw.filled_polygon}: the polygon through the vertices truncated to integers, without antialiasing. */
    void filledPolygon(double[][] vertices, int rgb) {
        Path2D.Double p = new Path2D.Double();
        for (int i = 0; i < vertices.length; i++) {
            double x = (int) vertices[i][0] + 0.5;
            double y = (int) vertices[i][1] + 0.5;
            if (i == 0) {
                p.moveTo(x, y);
            } else {
                p.lineTo(x, y);
            }
        }
        p.closePath();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setColor(new Color(rgb));
        g.fill(p);
        // SDL_gfx's scanlines include both end pixels, which a centre-inside fill leaves out: trace the edges too.
        for (int i = 0; i < vertices.length; i++) {
            double[] a = vertices[i];
            double[] b = vertices[(i + 1) % vertices.length];
            g.draw(new Line2D.Double((int) a[0] + 0.5, (int) a[1] + 0.5, (int) b[0] + 0.5, (int) b[1] + 0.5));
        }
    }

    /** {@code gfxdraw.aapolygon}: the closed outline through the vertices truncated to integers, antialiased. */
    void aaPolygon(double[][] vertices, int rgb) {
        double[][] ints = new double[vertices.length][];
        for (int i = 0; i < vertices.length; i++) {
            ints[i] = new double[] {(int) vertices[i][0], (int) vertices[i][1]};
        }
        aaLines(ints, true, rgb);
    }

    /** The closed outline through the points, antialiased by Java2D (SDL_gfx's {@code aapolygon} stand-in). */
    private void aaLines(double[][] points, boolean closed, int rgb) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(points[0][0] + 0.5, points[0][1] + 0.5);
        for (int i = 1; i < points.length; i++) {
            p.lineTo(points[i][0] + 0.5, points[i][1] + 0.5);
        }
        if (closed) {
            p.closePath();
        }
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(rgb));
        g.draw(p);
    }

    /**
     * {@code pygame.draw.aalines(surf, color, False, points)}: an open polyline, each segment drawn as pygame draws
     * one ({@code draw_aaline}: Xiaolin Wu's algorithm in float32, the end pixels weighted by how far the segment
     * covers them, each pixel blended {@code brightness * color + (1 - brightness) * background}).
     */
    void aaPolyline(double[][] points, int rgb) {
        for (int i = 1; i < points.length; i++) {
            wuLine((float) points[i - 1][0], (float) points[i - 1][1], (float) points[i][0], (float) points[i][1], rgb);
        }
    }

    private void wuLine(float x0, float y0, float x1, float y1, int rgb) {
        float dx = x1 - x0;
        float dy = y1 - y0;
        if (Math.abs(dx) < 0.0001f && Math.abs(dy) < 0.0001f) {
            plot((int) Math.floor(x0 + 0.5f), (int) Math.floor(y0 + 0.5f), 1f, rgb);
            return;
        }
        boolean steep = Math.abs(dx) < Math.abs(dy);
        if (steep) {
            float t = x0;
            x0 = y0;
            y0 = t;
            t = x1;
            x1 = y1;
            y1 = t;
            t = dx;
            dx = dy;
            dy = t;
        }
        if (dx < 0) {
            float t = x0;
            x0 = x1;
            x1 = t;
            t = y0;
            y0 = y1;
            y1 = t;
            dx = -dx;
            dy = -dy;
        }
        // The frames' polylines lie inside the surface, so pygame's clipping to it changes nothing and is left out;
        // plot() skips pixels outside. y is shifted down by one so that (int) rounds down, as pygame does.
        float gradient = dy / dx;
        y0 += 1f;
        y1 += 1f;
        int start = (int) x0;
        float y = y0 + gradient * (start - x0);
        endpoint(start, y, 1 + start - x0, steep, rgb);
        y += gradient;
        start++;
        int end = (int) Math.ceil(x1);
        endpoint(end, y1 + gradient * (end - x1), 1 - end + x1, steep, rgb);
        for (int x = start; x < end; x++) {
            int iy = (int) y;
            float brightness = 1 - y + iy;
            plotMajor(x, iy - 1, brightness, steep, rgb);
            if (iy < y) {
                plotMajor(x, iy, 1 - brightness, steep, rgb);
            }
            y += gradient;
        }
    }

    private void endpoint(int major, float y, float gap, boolean steep, int rgb) {
        int iy = (int) y;
        float brightness = y - iy;
        if (iy < y) {
            plotMajor(major, iy, brightness * gap, steep, rgb);
        }
        plotMajor(major, iy - 1, (1 - brightness) * gap, steep, rgb);
    }

    private void plotMajor(int major, int minor, float brightness, boolean steep, int rgb) {
        if (steep) {
            plot(minor, major, brightness, rgb);
        } else {
            plot(major, minor, brightness, rgb);
        }
    }

    private void plot(int x, int y, float brightness, int rgb) {
        if (x < 0 || x >= width || y < 0 || y >= height) {
            return;
        }
        int d = pixels[y * width + x];
        int r = (int) (brightness * ((rgb >> 16) & 0xFF) + (1 - brightness) * ((d >> 16) & 0xFF));
        int gr = (int) (brightness * ((rgb >> 8) & 0xFF) + (1 - brightness) * ((d >> 8) & 0xFF));
        int b = (int) (brightness * (rgb & 0xFF) + (1 - brightness) * (d & 0xFF));
        pixels[y * width + x] = ((r & 0xFF) << 16) | ((gr & 0xFF) << 8) | (b & 0xFF);
    }

    /** {@code gfxdraw.filled_circle(surf, x, y, r, color)}: every pixel within {@code r} of pixel {@code (x, y)}. */
    void filledCircle(int x, int y, int r, int rgb) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setColor(new Color(rgb));
        g.fill(new Ellipse2D.Double(x - r, y - r, 2 * r + 1, 2 * r + 1));
    }

    /** {@code gfxdraw.aacircle(surf, x, y, r, color)}: an antialiased circle of radius {@code r} around pixel {@code (x, y)}. */
    void aaCircle(int x, int y, int r, int rgb) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(rgb));
        g.draw(new Ellipse2D.Double(x - r + 0.5, y - r + 0.5, 2 * r, 2 * r));
    }

    /** {@code gfxdraw.hline(surf, x1, x2, y, color)}: pixels {@code x1..x2} (inclusive) of row {@code y}. */
    void hline(int x1, int x2, int y, int rgb) {
        if (y < 0 || y >= height) {
            return;
        }
        int from = Math.max(0, Math.min(x1, x2));
        int to = Math.min(width - 1, Math.max(x1, x2));
        for (int x = from; x <= to; x++) {
            pixels[y * width + x] = rgb;
        }
    }

    /** {@code gfxdraw.vline(surf, x, y1, y2, color)}: pixels {@code y1..y2} (inclusive) of column {@code x}. */
    void vline(int x, int y1, int y2, int rgb) {
        if (x < 0 || x >= width) {
            return;
        }
        int from = Math.max(0, Math.min(y1, y2));
        int to = Math.min(height - 1, Math.max(y1, y2));
        for (int y = from; y <= to; y++) {
            pixels[y * width + x] = rgb;
        }
    }

    /** {@code pygame.draw.line(surf, color, start, end)}, 1 pixel wide, from the truncated end points. */
    void line(double x1, double y1, double x2, double y2, int rgb) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setColor(new Color(rgb));
        g.drawLine((int) x1, (int) y1, (int) x2, (int) y2);
    }

    /**
     * {@code surf.blit(img, (x, y))} of a non-premultiplied ARGB image, blended with pygame's per-pixel alpha
     * formula {@code d + ((s - d) * a + s >> 8)}.
     *
     * @param argb the image's pixels, row-major
     * @param w its width
     * @param h its height
     */
    void blit(int[] argb, int w, int h, int x0, int y0) {
        for (int j = 0; j < h; j++) {
            int y = y0 + j;
            if (y < 0 || y >= height) {
                continue;
            }
            for (int i = 0; i < w; i++) {
                int x = x0 + i;
                if (x < 0 || x >= width) {
                    continue;
                }
                int s = argb[j * w + i];
                int a = s >>> 24;
                if (a == 0) {
                    continue;
                }
                int d = pixels[y * width + x];
                int r = blend((s >> 16) & 0xFF, (d >> 16) & 0xFF, a);
                int gr = blend((s >> 8) & 0xFF, (d >> 8) & 0xFF, a);
                int b = blend(s & 0xFF, d & 0xFF, a);
                pixels[y * width + x] = (r << 16) | (gr << 8) | b;
            }
        }
    }

    private static int blend(int s, int d, int a) {
        return d + (((s - d) * a + s) >> 8);
    }

    /** The surface flipped vertically (pygame's y axis points down; the renderers draw with y up and flip). */
    RenderFrame flippedFrame() {
        byte[] rgb = new byte[width * height * 3];
        int k = 0;
        for (int y = height - 1; y >= 0; y--) {
            int row = y * width;
            for (int x = 0; x < width; x++) {
                int p = pixels[row + x];
                rgb[k++] = (byte) (p >> 16);
                rgb[k++] = (byte) (p >> 8);
                rgb[k++] = (byte) p;
            }
        }
        return new RenderFrame(width, height, rgb);
    }

    /**
     * The corners {@code (l, b), (l, t), (r, t), (r, b)} of a rectangle, each rotated by {@code angle} as
     * {@code Vector2.rotate_rad} rotates and then moved by {@code (dx, dy)}: how every renderer places its shapes.
     */
    static double[][] rotatedRect(double l, double r, double t, double b, double angle, double dx, double dy) {
        double[][] corners = {{l, b}, {l, t}, {r, t}, {r, b}};
        double[][] out = new double[4][];
        for (int i = 0; i < 4; i++) {
            double[] p = rotate(corners[i][0], corners[i][1], angle);
            out[i] = new double[] {p[0] + dx, p[1] + dy};
        }
        return out;
    }

    /** {@code pygame.math.Vector2(x, y).rotate_rad(angle)}: counter-clockwise by {@code angle} radians. */
    static double[] rotate(double x, double y, double angle) {
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        return new double[] {x * c - y * s, x * s + y * c};
    }
}
