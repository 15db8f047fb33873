package io.github.jmegym.engine.example;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's game snippets are the example files as compiled and tested here, imports included: the first Java
 * block of "In your own game" equals {@code MyGame.java}, that of "Shipping a trained NPC" {@code ShippedGame.java}
 * (each without its package line and Javadoc).
 */
class ReadmeInGameSnippetTest {
    static final String SECTION = "### In your own game: two app states";
    static final String SHIPPING_SECTION = "### Shipping a trained NPC";

    @Test
    @Timeout(10)
    void readmeInGameSnippetIsMyGameWithItsImports() throws Exception {
        ReadmeSnippets.assertFirstJavaBlockIsFile(SECTION, "MyGame.java");
    }

    @Test
    @Timeout(10)
    void readmeShippingSnippetIsShippedGameWithItsImports() throws Exception {
        ReadmeSnippets.assertFirstJavaBlockIsFile(SHIPPING_SECTION, "ShippedGame.java");
    }
}
