package io.github.jmegym.engine.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
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
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int section = readme.indexOf(SECTION);
        assertTrue(section >= 0, "README.md has no section '" + SECTION + "'");
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        String snippet = readme.substring(start, readme.indexOf("```", start)).strip();
        List<String> source = Files.readAllLines(Path.of("src", "test", "java", "io", "github", "jmegym", "engine",
                "example", "MyGame.java"), StandardCharsets.UTF_8);
        String expected = source.stream()
                .filter(l -> !l.startsWith("package ") && !l.strip().startsWith("/**"))
                .collect(Collectors.joining("\n")).strip();
        assertEquals(expected, snippet, "README.md's '" + SECTION + "' snippet differs from example/MyGame.java;"
                + " copy the file (without its package line and Javadoc) into the README");
    }
}
