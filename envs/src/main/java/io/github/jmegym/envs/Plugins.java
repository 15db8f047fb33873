package io.github.jmegym.envs;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Extra jars and class folders (the user's own worlds, providers and commands) that the registry and the CLI load
 * services from: the environment variable {@value #ENV_VAR} and the {@code --classpath} option of {@code ./jmegym},
 * both path-separated like {@code CLASSPATH}. The loader they make has the application's class loader as parent, so
 * a plugin sees jmegym, jME and Minie.
 */
public final class Plugins {
    /** The environment variable that lists plugin jars and class folders. */
    public static final String ENV_VAR = "JMEGYM_CLASSPATH";
    /** The command-line option that lists plugin jars and class folders (any command, before {@code --}). */
    public static final String OPTION = "--classpath";

    private static ClassLoader loader = Plugins.class.getClassLoader();
    private static final List<Path> ENTRIES = new ArrayList<>();

    private Plugins() {
    }

    /** The loader services are read from: the application's, or a child with the plugin entries once installed. */
    public static synchronized ClassLoader classLoader() {
        return loader;
    }

    /** The plugin jars and class folders installed so far. */
    public static synchronized List<Path> entries() {
        return List.copyOf(ENTRIES);
    }

    /**
     * Adds jars and class folders to the plugin class path. Call before the registry is first used (a registry
     * already read does not see later plugins).
     *
     * @param classPath entries separated by {@link File#pathSeparator}; empty entries are skipped
     * @param where what gave them, for the error message (e.g. {@code "JMEGYM_CLASSPATH"})
     * @throws IllegalArgumentException naming the entry when it does not exist or is neither a jar nor a folder
     */
    public static synchronized void install(String classPath, String where) {
        if (classPath == null || classPath.isBlank()) {
            return;
        }
        List<URL> urls = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path p = Path.of(entry.trim()).toAbsolutePath().normalize();
            if (!Files.isDirectory(p) && !(Files.isRegularFile(p) && p.toString().endsWith(".jar"))) {
                throw new IllegalArgumentException(where + ": '" + entry + "' is "
                        + (Files.exists(p) ? "not a .jar file or a class folder" : "not found")
                        + "; expected jars and class folders separated by '" + File.pathSeparator + "'");
            }
            if (ENTRIES.contains(p)) {
                continue;
            }
            try {
                urls.add(p.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(where + ": '" + entry + "' is not a usable path", e);
            }
            ENTRIES.add(p);
        }
        if (!urls.isEmpty()) {
            loader = new URLClassLoader("jmegym-plugins", urls.toArray(URL[]::new), loader);
            Thread.currentThread().setContextClassLoader(loader);
        }
    }

    /**
     * Installs {@value #ENV_VAR} and every {@code --classpath X} / {@code --classpath=X} of a command line (before a
     * {@code --}), and returns the arguments without those options.
     *
     * @param args the command line
     * @param env the value of {@value #ENV_VAR} (or null)
     * @return {@code args} without the {@code --classpath} options
     * @throws IllegalArgumentException when an option has no value or an entry is not usable
     */
    public static List<String> installFromCommandLine(List<String> args, String env) {
        install(env, ENV_VAR);
        List<String> rest = new ArrayList<>(args.size());
        boolean literal = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (literal || !(a.equals(OPTION) || a.startsWith(OPTION + "="))) {
                literal |= a.equals("--");
                rest.add(a);
                continue;
            }
            String value;
            if (a.equals(OPTION)) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(OPTION + ": missing value; expected jars and class folders"
                            + " separated by '" + File.pathSeparator + "'");
                }
                value = args.get(++i);
            } else {
                value = a.substring(OPTION.length() + 1);
            }
            install(value, OPTION);
        }
        return rest;
    }
}
