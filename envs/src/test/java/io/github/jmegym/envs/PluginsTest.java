package io.github.jmegym.envs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.envs.cli.Main;
import io.github.jmegym.envs.plugin.PluginEnvProvider;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The CLI loads envs from plugin class folders named by {@code JMEGYM_CLASSPATH} or {@code --classpath}. */
@Timeout(120)
class PluginsTest {
    @TempDir
    Path dir;

    private record Run(int code, String out) {
    }

    /** A class folder holding only the service file that names {@link PluginEnvProvider} (its class is on the class path). */
    private Path pluginFolder() throws IOException {
        Path services = dir.resolve("plugin/META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(EnvProvider.class.getName()), PluginEnvProvider.class.getName() + "\n");
        return dir.resolve("plugin");
    }

    /** Runs {@code jmegym ARGS} in a child JVM (the registry is read once per JVM). */
    private static Run jmegym(String env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove(Plugins.ENV_VAR);
        if (env != null) {
            pb.environment().put(Plugins.ENV_VAR, env);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "jmegym " + String.join(" ", args) + " did not exit");
        return new Run(p.exitValue(), out);
    }

    @Test
    void withoutPluginsThePluginEnvIsNotListed() throws Exception {
        Run r = jmegym(null, "envs");
        assertEquals(0, r.code(), r.out());
        assertFalse(r.out().contains(PluginEnvProvider.ID), r.out());
    }

    @Test
    void envsListsThePluginEnvOfTheEnvironmentVariable() throws Exception {
        Run r = jmegym(dir.resolve("missing").toString(), "envs");
        assertEquals(2, r.code(), "a missing entry is bad input: " + r.out());
        assertTrue(r.out().contains("JMEGYM_CLASSPATH: '" + dir.resolve("missing") + "' is not found"), r.out());
        Run ok = jmegym(File.pathSeparator + pluginFolder() + File.pathSeparator, "envs");
        assertEquals(0, ok.code(), ok.out());
        assertTrue(ok.out().contains(PluginEnvProvider.ID + " ") && ok.out().contains("77"), ok.out());
    }

    @Test
    void theClasspathOptionWorksAfterTheSubcommandAndRollsOutThePluginEnv() throws Exception {
        Run r = jmegym(null, "rollout", "--env", PluginEnvProvider.ID, "--classpath", pluginFolder().toString(),
                "--steps", "5", "--seed", "3");
        assertEquals(0, r.code(), r.out());
        Run eq = jmegym(null, "envs", "--classpath=" + pluginFolder());
        assertTrue(eq.out().contains(PluginEnvProvider.ID), eq.out());
    }

    @Test
    void aClasspathEntryThatIsNotAJarOrFolderIsRejectedWithExitCodeTwoNamingIt() throws Exception {
        Path notAJar = Files.writeString(dir.resolve("notes.txt"), "x");
        Run r = jmegym(null, "envs", "--classpath", notAJar.toString());
        assertEquals(2, r.code(), r.out());
        assertTrue(r.out().contains("notes.txt") && r.out().contains("not a .jar file or a class folder"), r.out());
        Run missing = jmegym(null, "envs", "--classpath");
        assertEquals(2, missing.code(), missing.out());
        assertTrue(missing.out().contains("--classpath: missing value"), missing.out());
    }

    @Test
    void helpOfEveryCommandListsTheClasspathOption() throws Exception {
        Run r = jmegym(null, "rollout", "--help");
        assertTrue(r.out().contains("--classpath=PATH"), r.out());
    }
}
