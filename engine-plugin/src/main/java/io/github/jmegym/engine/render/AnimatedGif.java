package io.github.jmegym.engine.render;

import io.github.jmegym.envs.RenderFrame;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes frames as a looping animated GIF with the JDK's own GIF encoder ({@code javax.imageio}): each frame is
 * reduced to a 256-colour palette by the encoder, and its delay is written in the Graphic Control Extension, the
 * loop in the NETSCAPE2.0 application extension.
 */
public final class AnimatedGif {
    private AnimatedGif() {
    }

    /**
     * Writes {@code frames} to {@code file} atomically.
     *
     * @param frames the frames, all of one size (at least one)
     * @param fps frames per second (1-100; GIF delays are whole hundredths of a second)
     */
    public static void write(List<RenderFrame> frames, double fps, Path file) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("AnimatedGif(" + file + "): no frames");
        }
        if (!(fps >= 1 && fps <= 100)) {
            throw new IllegalArgumentException("AnimatedGif(" + file + "): fps=" + fps + "; expected 1..100");
        }
        int w = frames.get(0).width();
        int h = frames.get(0).height();
        int delay = (int) Math.max(1, Math.round(100 / fps));
        Frames.writeAtomically(file, out -> {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
            try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
                writer.setOutput(ios);
                writer.prepareWriteSequence(null);
                for (int i = 0; i < frames.size(); i++) {
                    RenderFrame f = frames.get(i);
                    if (f.width() != w || f.height() != h) {
                        throw new IOException("frame " + i + " is " + f.width() + "x" + f.height() + "; the first is " + w + "x" + h);
                    }
                    var img = Frames.toImage(f);
                    ImageWriteParam param = writer.getDefaultWriteParam();
                    IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), param);
                    frameMetadata(meta, delay, i == 0);
                    writer.writeToSequence(new IIOImage(img, null, meta), param);
                }
                writer.endWriteSequence();
            } finally {
                writer.dispose();
            }
        });
    }

    private static void frameMetadata(IIOMetadata meta, int delay, boolean first) throws IOException {
        String format = meta.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
        IIOMetadataNode gce = child(root, "GraphicControlExtension");
        gce.setAttribute("disposalMethod", "none");
        gce.setAttribute("userInputFlag", "FALSE");
        gce.setAttribute("transparentColorFlag", "FALSE");
        gce.setAttribute("delayTime", Integer.toString(delay));
        gce.setAttribute("transparentColorIndex", "0");
        if (first) {
            IIOMetadataNode apps = child(root, "ApplicationExtensions");
            IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
            app.setAttribute("applicationID", "NETSCAPE");
            app.setAttribute("authenticationCode", "2.0");
            app.setUserObject(new byte[] {1, 0, 0});
            apps.appendChild(app);
        }
        meta.setFromTree(format, root);
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode n = new IIOMetadataNode(name);
        root.appendChild(n);
        return n;
    }
}
