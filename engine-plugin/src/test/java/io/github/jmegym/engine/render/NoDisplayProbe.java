package io.github.jmegym.engine.render;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs a test class's {@code main} in a child JVM that has no X display and must use it: what fails there, and how. */
final class NoDisplayProbe {
    private NoDisplayProbe() {
    }

    /** The child's standard output (its standard error is dropped). */
    static String run(Class<?> mainClass) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(List.of(java.toString(), "-Xmx256m", "-Djmegym.render=display",
                "-cp", System.getProperty("java.class.path"), mainClass.getName()));
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        Assumptions.assumeTrue(p.waitFor(60, TimeUnit.SECONDS), "probe JVM did not finish");
        return out.toString(StandardCharsets.UTF_8);
    }
}
