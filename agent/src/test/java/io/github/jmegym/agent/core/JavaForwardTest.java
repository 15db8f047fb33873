package io.github.jmegym.agent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JavaForwardTest {
    @Test
    void fastTanhMatchesMathTanhEverywhere() {
        for (double x = -40; x <= 40; x += 0.001) {
            assertEquals(Math.tanh(x), JavaForward.tanh(x), 2e-15, "x=" + x);
        }
        assertEquals(1.0, JavaForward.tanh(1e6));
        assertEquals(-1.0, JavaForward.tanh(-1e6));
        assertEquals(1e-9, JavaForward.tanh(1e-9), 1e-15);
        assertTrue(Double.isNaN(JavaForward.tanh(Double.NaN)));
    }
}
