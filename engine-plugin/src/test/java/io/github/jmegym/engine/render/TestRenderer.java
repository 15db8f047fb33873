package io.github.jmegym.engine.render;

import org.junit.jupiter.api.Assumptions;

/** The renderer for tests: the shared one, or the test is skipped when this machine has no way to render at all. */
final class TestRenderer {
    private TestRenderer() {
    }

    static OffscreenRenderer get() {
        Assumptions.assumeTrue(RenderBackend.displayAvailable() || RenderBackend.osmesaAvailable(),
                "no X display (DISPLAY unset) and no " + RenderBackend.OSMESA_LIBRARY + ": cannot render here");
        return OffscreenRenderer.shared();
    }
}
