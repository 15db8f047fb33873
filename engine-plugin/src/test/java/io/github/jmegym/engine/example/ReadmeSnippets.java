package io.github.jmegym.engine.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Checks that a README section shows an example file of this package as it is compiled and tested, imports included. */
final class ReadmeSnippets {
    private ReadmeSnippets() {
    }

    /**
     * Asserts that the first Java block after the README heading {@code section} equals {@code <file>.java} of this
     * package without its package line and Javadoc lines.
     */
    static void assertFirstJavaBlockIsFile(String section, String file) throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int at = readme.indexOf(section);
        assertTrue(at >= 0, "README.md has no section '" + section + "'");
        int start = readme.indexOf("```java\n", at);
        assertTrue(start >= 0, "README.md's section '" + section + "' has no ```java block");
        start += "```java\n".length();
        String snippet = readme.substring(start, readme.indexOf("```", start)).strip();
        List<String> source = Files.readAllLines(Path.of("src", "test", "java", "io", "github", "jmegym", "engine",
                "example", file), StandardCharsets.UTF_8);
        String expected = source.stream()
                .filter(l -> !l.startsWith("package ") && !l.strip().startsWith("/**"))
                .collect(Collectors.joining("\n")).strip();
        assertEquals(expected, snippet, "README.md's '" + section + "' snippet differs from example/" + file
                + "; copy the file (without its package line and Javadoc) into the README");
    }
}
