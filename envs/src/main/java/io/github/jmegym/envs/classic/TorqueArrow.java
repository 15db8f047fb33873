package io.github.jmegym.envs.classic;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;

/**
 * Pendulum's torque arrow: Gymnasium's {@code assets/clockwise.png} (copied unchanged, MIT licence in
 * {@code clockwise.png.LICENSE} beside it), shrunk as {@code pygame.transform.smoothscale} shrinks (its box filter,
 * X then Y, in 16.16 fixed point) and flipped as {@code pygame.transform.flip}.
 */
final class TorqueArrow {
    /** An ARGB image (not premultiplied), row-major. */
    record Image(int width, int height, int[] argb) {
    }

    private static final Image SOURCE = load();
    private static final Map<Long, Image> CACHE = new ConcurrentHashMap<>();

    private TorqueArrow() {
    }

    /**
     * The arrow shrunk to {@code size x size} and flipped, or {@code null} for size 0 (a zero torque draws nothing).
     * Sizes up to the source's are cached (Pendulum's largest is 113 pixels).
     */
    static Image scaled(int size, boolean flipX, boolean flipY) {
        if (size <= 0) {
            return null;
        }
        long key = ((long) size << 2) | (flipX ? 2 : 0) | (flipY ? 1 : 0);
        return CACHE.computeIfAbsent(key, k -> flip(smoothscale(SOURCE, size, size), flipX, flipY));
    }

    private static Image load() {
        try (InputStream in = TorqueArrow.class.getResourceAsStream("clockwise.png")) {
            if (in == null) {
                throw new IllegalStateException("Pendulum's clockwise.png is missing from the jmegym-envs jar");
            }
            BufferedImage img = ImageIO.read(in);
            int w = img.getWidth();
            int h = img.getHeight();
            return new Image(w, h, img.getRGB(0, 0, w, h, null, 0, w));
        } catch (IOException e) {
            throw new UncheckedIOException("reading Pendulum's clockwise.png", e);
        }
    }

    /** pygame's {@code smoothscale} for a shrink in both directions (the only case Pendulum needs). */
    static Image smoothscale(Image src, int dstW, int dstH) {
        if (dstW > src.width() || dstH > src.height()) {
            throw new IllegalArgumentException("smoothscale to " + dstW + "x" + dstH + ": only shrinking "
                    + src.width() + "x" + src.height() + " is supported");
        }
        int[][] channels = split(src.argb());
        int[][] x = new int[4][];
        int[][] out = new int[4][];
        for (int ch = 0; ch < 4; ch++) {
            x[ch] = src.width() == dstW ? channels[ch] : shrink(channels[ch], src.height(), src.width(), dstW, false);
            out[ch] = src.height() == dstH ? x[ch] : shrink(x[ch], dstW, src.height(), dstH, true);
        }
        int[] argb = new int[dstW * dstH];
        for (int i = 0; i < argb.length; i++) {
            argb[i] = (out[0][i] << 24) | (out[1][i] << 16) | (out[2][i] << 8) | out[3][i];
        }
        return new Image(dstW, dstH, argb);
    }

    /**
     * pygame's {@code filter_shrink_X_ONLYC} / {@code filter_shrink_Y_ONLYC} on one channel: {@code lines} lines of
     * {@code srcLen} samples each become {@code dstLen} samples; the lines are the rows of a row-major image, or its
     * columns when {@code columns} (then {@code lines} is the image's width).
     */
    private static int[] shrink(int[] src, int lines, int srcLen, int dstLen, boolean columns) {
        int[] dst = new int[lines * dstLen];
        int space = 0x10000 * srcLen / dstLen;
        int recip = (int) (0x100000000L / space);
        for (int line = 0; line < lines; line++) {
            int acc = 0;
            int counter = space;
            int d = 0;
            for (int i = 0; i < srcLen; i++) {
                int s = src[columns ? i * lines + line : line * srcLen + i];
                if (counter > 0x10000) {
                    acc += s;
                    counter -= 0x10000;
                } else {
                    int frac = 0x10000 - counter;
                    int value = (int) (((long) (acc + ((s * counter) >> 16)) * recip) >> 16);
                    dst[columns ? d * lines + line : line * dstLen + d] = Math.min(255, value);
                    d++;
                    acc = (s * frac) >> 16;
                    counter = space - frac;
                }
            }
        }
        return dst;
    }

    private static int[][] split(int[] argb) {
        int[][] c = new int[4][argb.length];
        for (int i = 0; i < argb.length; i++) {
            c[0][i] = argb[i] >>> 24;
            c[1][i] = (argb[i] >> 16) & 0xFF;
            c[2][i] = (argb[i] >> 8) & 0xFF;
            c[3][i] = argb[i] & 0xFF;
        }
        return c;
    }

    private static Image flip(Image img, boolean flipX, boolean flipY) {
        int w = img.width();
        int h = img.height();
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[y * w + x] = img.argb()[(flipY ? h - 1 - y : y) * w + (flipX ? w - 1 - x : x)];
            }
        }
        return new Image(w, h, out);
    }
}
