package io.github.jmegym.engine;

import com.jme3.system.NativeLibraryLoader;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Loads Minie's native Bullet library once per JVM. Worlds are simulated outside a {@code BulletAppState}, which
 * would otherwise do it; every {@link WorldSimulation} calls {@link #load()} first.
 */
public final class PhysicsLibrary {
    // strong references: java.util.logging forgets the level of loggers nobody holds
    private static final Logger BULLET_LOG = Logger.getLogger("com.jme3.bullet");
    private static final Logger NATIVE_LOG = Logger.getLogger("com.jme3.system.NativeLibraryLoader");
    private static boolean loaded;

    private PhysicsLibrary() {
    }

    /** Loads the {@code bulletjme} native library unless already loaded (thread-safe). */
    public static synchronized void load() {
        if (!loaded) {
            // Minie logs every body it creates at INFO; keep warnings only
            BULLET_LOG.setLevel(Level.WARNING);
            NATIVE_LOG.setLevel(Level.WARNING);
            NativeLibraryLoader.loadNativeLibrary("bulletjme", true);
            loaded = true;
        }
    }
}
