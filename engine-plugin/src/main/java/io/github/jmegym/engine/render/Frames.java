package io.github.jmegym.engine.render;

import io.github.jmegym.envs.RenderFrame;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import javax.imageio.ImageIO;

/** Conversions of {@link RenderFrame}s to images and atomic PNG files. */
public final class Frames {
    private Frames() {
    }

    /** The frame as an RGB image. */
    public static BufferedImage toImage(RenderFrame f) {
        BufferedImage img = new BufferedImage(f.width(), f.height(), BufferedImage.TYPE_INT_RGB);
        byte[] rgb = f.rgb();
        int[] row = new int[f.width()];
        for (int y = 0; y < f.height(); y++) {
            for (int x = 0; x < f.width(); x++) {
                int k = (y * f.width() + x) * 3;
                row[x] = (rgb[k] & 0xff) << 16 | (rgb[k + 1] & 0xff) << 8 | rgb[k + 2] & 0xff;
            }
            img.setRGB(0, y, f.width(), 1, row, 0, f.width());
        }
        return img;
    }

    /** A frame from RGBA pixels as OpenGL reads them back (bottom row first), dropping alpha. */
    public static RenderFrame fromGlRgba(ByteBuffer rgba, int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            int src = (h - 1 - y) * w * 4;
            int dst = y * w * 3;
            for (int x = 0; x < w; x++) {
                rgb[dst + 3 * x] = rgba.get(src + 4 * x);
                rgb[dst + 3 * x + 1] = rgba.get(src + 4 * x + 1);
                rgb[dst + 3 * x + 2] = rgba.get(src + 4 * x + 2);
            }
        }
        return new RenderFrame(w, h, rgb);
    }

    /** The red, green and blue bytes (0-255) of pixel (x, y), y from the top. */
    public static int[] pixel(RenderFrame f, int x, int y) {
        if (x < 0 || y < 0 || x >= f.width() || y >= f.height()) {
            throw new IllegalArgumentException("pixel(" + x + ", " + y + ") outside the " + f.width() + "x" + f.height() + " frame");
        }
        int k = (y * f.width() + x) * 3;
        return new int[] {f.rgb()[k] & 0xff, f.rgb()[k + 1] & 0xff, f.rgb()[k + 2] & 0xff};
    }

    /** Writes the frame as a PNG file atomically (temporary file beside it, then rename). */
    public static void writePng(RenderFrame f, Path file) {
        writeAtomically(file, out -> {
            if (!ImageIO.write(toImage(f), "png", out)) {
                throw new IOException("no PNG writer");
            }
        });
    }

    /** Gives a temporary file (created owner-only) the usual rw-r--r-- permissions before it is renamed into place. */
    public static void readableByAll(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** Something that writes a file's content to a stream. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code content} to a temporary file beside {@code file}, then renames it. */
    static void writeAtomically(Path file, Content content) {
        Path abs = file.toAbsolutePath();
        try {
            Files.createDirectories(abs.getParent());
            Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
            try {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    content.writeTo(out);
                }
                readableByAll(tmp);
                try {
                    Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
