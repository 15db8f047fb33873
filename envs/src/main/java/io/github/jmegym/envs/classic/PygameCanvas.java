package io.github.jmegym.envs.classic;

import io.github.jmegym.envs.RenderFrame;

/**
 * A pixel surface that takes the calls Gymnasium's classic-control renderers make on a pygame surface
 * ({@code gfxdraw.filled_polygon}, {@code aapolygon}, {@code filled_circle}, {@code aacircle}, {@code hline},
 * {@code vline}, {@code draw.line}, {@code draw.aalines}, {@code blit}) in pygame's pixel coordinates, and returns
 * the frame flipped vertically as those renderers flip it ({@code pygame.transform.flip(surf, False, True)}).
 *
 * <p>Each primitive runs the algorithm pygame runs (SDL_gfx's for {@code gfxdraw}, pygame's own for
 * {@code draw.line}, {@code draw.aalines} and {@code blit}) with its integer truncations and blending, so frames
 * match pygame's pixel for pixel but for rounding (within 1 of 255 where colours blend on a non-white background).
 * Java2D's antialiasing was the first version; it shades rims by coverage where SDL_gfx uses Wu lines, and left up
 * to 16% of the drawn pixels visibly different.
 *
 * <p>It is an {@code int[]}, written directly: no AWT toolkit, {@code Graphics2D}, window or display is used, so it
 * works with {@code java.awt.headless=true} and on machines without a display.
 */
final class PygameCanvas {
    private final int width;
    private final int height;
    /** The pixels as 0xRRGGBB, row-major from pygame's (0, 0). */
    private final int[] pixels;

    /**
     * @param width width in pixels (> 0)
     * @param height height in pixels (> 0)
     */
    PygameCanvas(int width, int height) {
        this.width = width;
        this.height = height;
        this.pixels = new int[width * height];
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

    /**
     * {@code gfxdraw.filled_polygon}: SDL_gfx's scanline fill of the polygon through the vertices truncated to
     * integers (its {@code Sint16} vertices): on each row from the lowest to the highest vertex, the edge crossings
     * in 16.16 fixed point, sorted, rounded inwards, and the spans between pairs filled end to end.
     */
    void filledPolygon(double[][] vertices, int rgb) {
        int n = vertices.length;
        int[] vx = new int[n];
        int[] vy = new int[n];
        for (int i = 0; i < n; i++) {
            vx[i] = (int) vertices[i][0];
            vy[i] = (int) vertices[i][1];
        }
        int minY = vy[0];
        int maxY = vy[0];
        for (int i = 1; i < n; i++) {
            if (vy[i] < minY) {
                minY = vy[i];
            } else if (vy[i] > maxY) {  // SDL_gfx's else-if, kept: it decides which rows are filled
                maxY = vy[i];
            }
        }
        int[] crossings = new int[n];
        for (int y = minY; y <= maxY; y++) {
            int count = 0;
            for (int i = 0; i < n; i++) {
                int from = i == 0 ? n - 1 : i - 1;
                int x1 = vx[from];
                int y1 = vy[from];
                int x2 = vx[i];
                int y2 = vy[i];
                if (y1 == y2) {
                    continue;
                }
                if (y1 > y2) {
                    int t = y1;
                    y1 = y2;
                    y2 = t;
                    t = x1;
                    x1 = x2;
                    x2 = t;
                }
                if ((y >= y1 && y < y2) || (y == maxY && y > y1 && y <= y2)) {
                    crossings[count++] = ((65536 * (y - y1)) / (y2 - y1)) * (x2 - x1) + 65536 * x1;
                }
            }
            java.util.Arrays.sort(crossings, 0, count);
            for (int i = 0; i + 1 < count; i += 2) {
                int xa = crossings[i] + 1;
                int xb = crossings[i + 1] - 1;
                hline((xa >> 16) + ((xa & 32768) >> 15), (xb >> 16) + ((xb & 32768) >> 15), y, rgb);
            }
        }
    }

    /**
     * {@code gfxdraw.aapolygon}: SDL_gfx's antialiased lines between the vertices truncated to integers, the last
     * back to the first, each without its end pixel (the next line starts there).
     */
    void aaPolygon(double[][] vertices, int rgb) {
        int n = vertices.length;
        for (int i = 0; i < n; i++) {
            double[] a = vertices[i];
            double[] b = vertices[(i + 1) % n];
            gfxAaLine((int) a[0], (int) a[1], (int) b[0], (int) b[1], rgb);
        }
    }

    /**
     * SDL_gfx's {@code _aalineRGBA} without the end pixel: Wu's line with a 32-bit error accumulator whose top 8 bits
     * split each step's colour between the pixel on the line and its neighbour; axis-parallel lines are plain spans.
     */
    private void gfxAaLine(int x1, int y1, int x2, int y2, int rgb) {
        int x0 = x1;
        int y0 = y1;
        int xEnd = x2;
        int yEnd = y2;
        if (y0 > yEnd) {
            x0 = x2;
            y0 = y2;
            xEnd = x1;
            yEnd = y1;
        }
        int dx = xEnd - x0;
        int dy = yEnd - y0;
        int xDir = dx >= 0 ? 1 : -1;
        dx = Math.abs(dx);
        if (dx == 0) {
            vline(x1, y0, y0 + dy, rgb);
            return;
        }
        if (dy == 0) {
            hline(x0, x0 + xDir * dx, y1, rgb);
            return;
        }
        setPixel(x1, y1, rgb);
        int acc = 0;
        if (dy > dx) {
            int adj = ((dx << 16) / dy) << 16;
            int xNext = x0 + xDir;
            while (--dy > 0) {
                int before = acc;
                acc += adj;
                if (Integer.compareUnsigned(acc, before) <= 0) {
                    x0 = xNext;
                    xNext += xDir;
                }
                y0++;
                int w = acc >>> 24;
                blendPixel(x0, y0, rgb, 255 - w);
                blendPixel(xNext, y0, rgb, w);
            }
        } else {
            int adj = ((dy << 16) / dx) << 16;
            int yNext = y0 + 1;
            while (--dx > 0) {
                int before = acc;
                acc += adj;
                if (Integer.compareUnsigned(acc, before) <= 0) {
                    y0 = yNext;
                    yNext++;
                }
                x0 += xDir;
                int w = acc >>> 24;
                blendPixel(x0, y0, rgb, 255 - w);
                blendPixel(x0, yNext, rgb, w);
            }
        }
    }

    private void setPixel(int x, int y, int rgb) {
        if (x >= 0 && x < width && y >= 0 && y < height) {
            pixels[y * width + x] = rgb;
        }
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

    /**
     * {@code gfxdraw.filled_circle(surf, x, y, r, color)}: SDL_gfx's midpoint circle, filled with horizontal spans
     * (the same pixels as pygame's for every radius the renderers use).
     */
    void filledCircle(int x, int y, int r, int rgb) {
        int cx = 0;
        int cy = r;
        int lastCx = -1;
        int lastCy = -1;
        int df = 1 - r;
        int dE = 3;
        int dSe = -2 * r + 5;
        do {
            if (lastCy != cy) {
                hline(x - cx, x + cx, y + cy, rgb);
                if (cy > 0) {
                    hline(x - cx, x + cx, y - cy, rgb);
                }
                lastCy = cy;
            }
            if (lastCx != cx) {
                if (cx != cy) {
                    hline(x - cy, x + cy, y + cx, rgb);
                    if (cx > 0) {
                        hline(x - cy, x + cy, y - cx, rgb);
                    }
                }
                lastCx = cx;
            }
            if (df < 0) {
                df += dE;
                dE += 2;
                dSe += 2;
            } else {
                df += dSe;
                dE += 2;
                dSe += 4;
                cy--;
            }
            cx++;
        } while (cx <= cy);
    }

    /**
     * {@code gfxdraw.aacircle(surf, x, y, r, color)}: SDL_gfx's antialiased ellipse with both radii {@code r}. It
     * walks one octant pair from the top, where x changes faster, then the other from the side; each step shades the
     * pixel on the curve and its neighbour by how far the curve lies between them ({@code |d| / |s|} or
     * {@code |d| / |t|}), mirrored into the four quadrants. Matches pygame's pixels exactly on a white background,
     * within 1 of 255 on others.
     */
    void aaCircle(int x, int y, int r, int rgb) {
        int a2 = r * r;
        int b2 = r * r;
        int ds = 2 * a2;
        int dt = 2 * b2;
        int xc2 = 2 * x;
        int yc2 = 2 * y;
        double sab = Math.sqrt(a2 + b2);
        int od = (int) Math.rint(sab * 0.01);
        int t = 0;
        int s = -2 * a2 * r;
        int d = 0;
        int xp = x;
        int yp = y - r;
        blendPixel(xp, yp, rgb, 255);
        blendPixel(xc2 - xp, yp, rgb, 255);
        blendPixel(xp, yc2 - yp, rgb, 255);
        blendPixel(xc2 - xp, yc2 - yp, rgb, 255);
        int steps = (int) Math.rint(a2 / sab) + od;
        for (int i = 1; i <= steps; i++) {
            xp--;
            d += t - b2;
            int ys;
            if (d >= 0) {
                ys = yp - 1;
            } else if (d - s - a2 > 0) {
                if (2 * d - s - a2 >= 0) {
                    ys = yp + 1;
                } else {
                    ys = yp;
                    yp++;
                    d -= s + a2;
                    s += ds;
                }
            } else {
                yp++;
                ys = yp + 1;
                d -= s + a2;
                s += ds;
            }
            t -= dt;
            int weight = weight(d, s);
            int xx = xc2 - xp;
            for (int py : new int[] {yp, yc2 - yp}) {
                blendPixel(xp, py, rgb, 255 - weight);
                blendPixel(xx, py, rgb, 255 - weight);
            }
            for (int py : new int[] {ys, yc2 - ys}) {
                blendPixel(xp, py, rgb, weight);
                blendPixel(xx, py, rgb, weight);
            }
        }
        steps = (int) Math.rint(b2 / sab) + od;
        for (int i = 1; i <= steps; i++) {
            yp++;
            d -= s + a2;
            int xs;
            if (d <= 0) {
                xs = xp + 1;
            } else if (d + t - b2 < 0) {
                if (2 * d + t - b2 <= 0) {
                    xs = xp - 1;
                } else {
                    xs = xp;
                    xp--;
                    d += t - b2;
                    t -= dt;
                }
            } else {
                xp--;
                xs = xp - 1;
                d += t - b2;
                t -= dt;
            }
            s += ds;
            int weight = weight(d, t);
            int yy = yc2 - yp;
            for (int px : new int[] {xp, xc2 - xp}) {
                blendPixel(px, yp, rgb, 255 - weight);
                blendPixel(px, yy, rgb, 255 - weight);
            }
            for (int px : new int[] {xs, xc2 - xs}) {
                blendPixel(px, yp, rgb, weight);
                blendPixel(px, yy, rgb, weight);
            }
        }
    }

    /** The weight 0..255 of the pixel beside the curve: {@code |d| / |e|} capped at 1, in float as SDL_gfx has it. */
    private static int weight(int d, int e) {
        float cp = e == 0 ? 1f : Math.min(1f, (float) Math.abs(d) / (float) Math.abs(e));
        return (int) (cp * 255);
    }

    /** SDL_gfx's {@code pixelColorWeight} of an opaque colour: alpha {@code 255 * weight >> 8}, then its blend. */
    private void blendPixel(int x, int y, int rgb, int weight) {
        if (x < 0 || x >= width || y < 0 || y >= height) {
            return;
        }
        int alpha = (255 * weight) >> 8;
        int d = pixels[y * width + x];
        int r = mix((d >> 16) & 0xFF, (rgb >> 16) & 0xFF, alpha);
        int gr = mix((d >> 8) & 0xFF, (rgb >> 8) & 0xFF, alpha);
        int b = mix(d & 0xFF, rgb & 0xFF, alpha);
        pixels[y * width + x] = (r << 16) | (gr << 8) | b;
    }

    private static int mix(int d, int c, int alpha) {
        return d + (((c - d) * alpha) >> 8);
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

    /**
     * {@code pygame.draw.line(surf, color, start, end)}, 1 pixel wide: Bresenham's line between the end points
     * truncated to integers, both ends included; pixels off the surface are skipped.
     */
    void line(double fromX, double fromY, double toX, double toY, int rgb) {
        int x = (int) fromX;
        int y = (int) fromY;
        int x2 = (int) toX;
        int y2 = (int) toY;
        int dx = Math.abs(x2 - x);
        int sx = x < x2 ? 1 : -1;
        int dy = Math.abs(y2 - y);
        int sy = y < y2 ? 1 : -1;
        int err = (dx > dy ? dx : -dy) / 2;
        while (x != x2 || y != y2) {
            setPixel(x, y, rgb);
            int e2 = err;
            if (e2 > -dx) {
                err -= dy;
                x += sx;
            }
            if (e2 < dy) {
                err += dx;
                y += sy;
            }
        }
        setPixel(x2, y2, rgb);
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
