package io.github.jmegym.bridge;

import io.github.jmegym.envs.Plugins;

/**
 * Prints the specs of every registered env as one JSON line without building any env; the Python package runs it
 * ({@code java -cp jmegym.jar io.github.jmegym.bridge.ListSpecs}) once per jar build to register the ids in
 * Gymnasium without keeping a JVM. The envs of {@code JMEGYM_CLASSPATH}'s plugins are listed too.
 */
public final class ListSpecs {
    private ListSpecs() {
    }

    /** Prints {@code {"protocol":1,"specs":[...]}}. */
    public static void main(String[] args) {
        Plugins.install(System.getenv(Plugins.ENV_VAR), Plugins.ENV_VAR);
        System.out.println("{\"protocol\":" + Protocol.VERSION + ",\"specs\":" + BridgeService.listSpecs() + "}");
    }
}
