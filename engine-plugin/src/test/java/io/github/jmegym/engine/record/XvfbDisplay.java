package io.github.jmegym.engine.record;

import io.github.jmegym.engine.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** An X display for a child JVM: {@code $DISPLAY} when set, else a private Xvfb started here (when installed). */
public final class XvfbDisplay implements AutoCloseable {
    private final String display;
    private final Process xvfb;

    private XvfbDisplay(String display, Process xvfb) {
        this.display = display;
        this.xvfb = xvfb;
    }

    /** The display to use, or {@code null} when there is none and Xvfb is not installed. */
    public static XvfbDisplay open() throws Exception {
        String d = System.getenv("DISPLAY");
        if (d != null && !d.isBlank()) {
            return new XvfbDisplay(d, null);
        }
        Path bin = List.of(Path.of("/usr/bin/Xvfb"), Path.of("/usr/local/bin/Xvfb")).stream().filter(Files::isExecutable)
                .findFirst().orElse(null);
        if (bin == null) {
            return null;
        }
        for (int attempt = 0; attempt < 5; attempt++) {
            int n = 200 + ThreadLocalRandom.current().nextInt(600);
            if (Files.exists(Path.of("/tmp/.X11-unix/X" + n)) || Files.exists(Path.of("/tmp/.X" + n + "-lock"))) {
                continue;
            }
            Process p = new ProcessBuilder(bin.toString(), ":" + n, "-screen", "0", "1024x768x24", "+extension", "GLX",
                    "-nolisten", "tcp").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            for (int i = 0; i < 100 && p.isAlive(); i++) {
                if (Files.exists(Path.of("/tmp/.X11-unix/X" + n))) {
                    return new XvfbDisplay(":" + n, p);
                }
                Thread.sleep(50);
            }
            p.destroy();
            p.waitFor(5, TimeUnit.SECONDS);
        }
        return null;
    }

    /**
     * Runs {@code main} in a child JVM on this display (this JVM's class path, {@code -Xmx1g}), its standard output
     * and error going to {@code log}, and returns that output; fails the test when the child does not end within
     * {@code timeout} or exits with another code than 0 (the message holds the output's tail).
     */
    public String runJava(Class<?> main, Path log, Duration timeout, String... args) throws Exception {
        return ChildJvm.run(System.getProperty("java.class.path"), main, log, timeout, Map.of("DISPLAY", display), args);
    }

    /** The display name, e.g. {@code :99}, for a child's {@code DISPLAY}. */
    public String name() {
        return display;
    }

    @Override
    public void close() {
        if (xvfb != null) {
            xvfb.destroy();
            try {
                xvfb.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
