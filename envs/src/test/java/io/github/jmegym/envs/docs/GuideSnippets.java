package io.github.jmegym.envs.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads the Java snippets of the guides (README.md and docs/*.md) and the code they show, so that a test can require
 * the two to be the same text: a whole example file, or a marked region of a test that compiles and runs it.
 */
final class GuideSnippets {
    /** Ends a line of a marked region that the test needs and the guide leaves out (assertions, mostly). */
    static final String NOT_SHOWN = "// (not shown)";

    private GuideSnippets() {
    }

    /** The repository's root: the parent of the module folder Maven runs the tests in. */
    static Path repoRoot() {
        Path root = Path.of("..").toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("README.md")) || !Files.isDirectory(root.resolve("docs"))) {
            throw new IllegalStateException("expected the repository root (README.md, docs/) at " + root
                    + "; run the tests from a module folder, as Maven does");
        }
        return root;
    }

    /**
     * The text of the {@code index}-th (from 0) {@code ```java} block of {@code doc}'s section {@code heading} (a
     * whole heading line, e.g. {@code "## Vectorize"}); the section ends at the next heading of its level or higher.
     */
    static String javaBlock(Path doc, String heading, int index) {
        List<String> lines = readLines(doc);
        int at = lines.indexOf(heading);
        if (at < 0) {
            throw new AssertionError(doc + " has no heading line '" + heading + "'");
        }
        int level = heading.indexOf(' ');
        int found = 0;
        boolean inFence = false;
        List<String> block = null;
        for (String line : lines.subList(at + 1, lines.size())) {
            if (line.startsWith("```")) {
                if (!inFence && line.equals("```java") && found++ == index) {
                    block = new ArrayList<>();
                } else if (inFence && block != null) {
                    return String.join("\n", block).strip();
                }
                inFence = !inFence;
                continue;
            }
            if (block != null) {
                block.add(line);
            } else if (!inFence && line.startsWith("#") && line.indexOf(' ') > 0 && line.indexOf(' ') <= level
                    && line.substring(0, line.indexOf(' ')).chars().allMatch(c -> c == '#')) {
                break;
            }
        }
        throw new AssertionError(doc + ": section '" + heading + "' has no ```java block number " + (index + 1)
                + " (it has " + found + ")");
    }

    /**
     * The lines of {@code source} between {@code // --- name} and the next {@code // ---}, without those ending in
     * {@link #NOT_SHOWN}, and with their common indentation removed.
     */
    static String region(Path source, String name) {
        List<String> lines = readLines(source);
        String start = "// --- " + name;
        int from = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(start)) {
                from = i + 1;
                break;
            }
        }
        if (from < 0) {
            throw new AssertionError(source + " has no region '" + start + "'");
        }
        List<String> region = new ArrayList<>();
        for (String line : lines.subList(from, lines.size())) {
            if (line.strip().equals("// ---")) {
                int indent = region.stream().filter(l -> !l.isBlank())
                        .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
                return region.stream().map(l -> l.isBlank() ? "" : l.substring(indent))
                        .collect(Collectors.joining("\n")).strip();
            }
            if (!line.stripTrailing().endsWith(NOT_SHOWN)) {
                region.add(line.stripTrailing());
            }
        }
        throw new AssertionError(source + ": region '" + start + "' has no closing '// ---'");
    }

    /** {@code source} as a guide shows a whole example file: without its package line and Javadoc lines. */
    static String fileAsShown(Path source) {
        return readLines(source).stream()
                .filter(l -> !l.startsWith("package ") && !l.strip().startsWith("/**"))
                .collect(Collectors.joining("\n")).strip();
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
