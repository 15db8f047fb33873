package io.github.jmegym.bridge;

/**
 * Prints the specs of every registered env as one JSON line without building any env; the Python package runs it
 * ({@code java -cp jmegym.jar io.github.jmegym.bridge.ListSpecs}) once per jar build to register the ids in
 * Gymnasium without keeping a JVM.
 */
public final class ListSpecs {
    private ListSpecs() {
    }

    /** Prints {@code {"protocol":1,"specs":[...]}}. */
    public static void main(String[] args) {
        System.out.println("{\"protocol\":" + Protocol.VERSION + ",\"specs\":" + BridgeService.listSpecs() + "}");
    }
}
