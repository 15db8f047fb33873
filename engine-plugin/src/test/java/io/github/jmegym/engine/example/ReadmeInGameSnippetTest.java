package io.github.jmegym.engine.example;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's "In your own game" snippet is {@link MyGame} as compiled and tested here, imports included: the first
 * Java block of that section equals {@code MyGame.java} without its package line and Javadoc.
 */
class ReadmeInGameSnippetTest {
    static final String SECTION = "### In your own game: two app states";

    @Test
    @Timeout(10)
    void readmeInGameSnippetIsMyGameWithItsImports() throws Exception {
        ReadmeSnippets.assertFirstJavaBlockIsFile(SECTION, "MyGame.java");
    }
}
