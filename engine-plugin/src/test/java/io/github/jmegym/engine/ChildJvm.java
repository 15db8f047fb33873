package io.github.jmegym.engine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;

/** Runs a {@code main} class in a child JVM (this JVM's {@code java}, {@code -Xmx1g}) for tests that need a fresh process. */
public final class ChildJvm {
    private ChildJvm() {
    }

    /**
     * Runs {@code main} with class path {@code classPath}, its standard output and error going to {@code log}, and
     * returns that output; fails the test when the child does not end within {@code timeout} or exits with another
     * code than 0 (the message holds the output's tail).
     *
     * @param env variables added to this JVM's environment for the child (e.g. {@code DISPLAY})
     */
    public static String run(String classPath, Class<?> main, Path log, Duration timeout, Map<String, String> env,
                             String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", classPath, main.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process child = pb.start();
        boolean ended = child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) {
            child.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        String tail = out.length() > 4000 ? out.substring(out.length() - 4000) : out;
        Assertions.assertTrue(ended, main.getSimpleName() + " did not finish within " + timeout + ":\n" + tail);
        Assertions.assertEquals(0, child.exitValue(), main.getSimpleName() + " failed:\n" + tail);
        return out;
    }
}
