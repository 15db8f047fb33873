package io.github.jmegym.envs.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the relative links of Markdown files that lead nowhere: a file that does not exist, or a {@code #anchor} that
 * no heading of the target page produces (GitHub's rule: lower case, punctuation dropped, spaces to hyphens, repeats
 * numbered {@code -1}, {@code -2}, ...). Links inside code blocks and code spans are not links and are skipped.
 */
final class DocLinks {
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`\\n]*`");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    private DocLinks() {
    }

    /** One link that leads nowhere: where it is, what it points at, and why it fails. */
    record Broken(Path file, int line, String target, String reason) {
        @Override
        public String toString() {
            return file + ":" + line + ": (" + target + ") " + reason;
        }
    }

    /** Every broken relative link of {@code files} (external links, with a scheme such as https:, are not checked). */
    static List<Broken> broken(List<Path> files) {
        Map<Path, Set<String>> anchors = new HashMap<>();
        List<Broken> broken = new ArrayList<>();
        for (Path file : files) {
            String text = proseOnly(read(file));
            Matcher m = LINK.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (SCHEME.matcher(target).find()) {
                    continue;
                }
                int line = 1 + (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count();
                int hash = target.indexOf('#');
                String path = hash < 0 ? target : target.substring(0, hash);
                Path to = path.isEmpty() ? file : file.toAbsolutePath().getParent().resolve(path).normalize();
                if (!Files.exists(to)) {
                    broken.add(new Broken(file, line, target, "no such file: " + to));
                } else if (hash >= 0) {
                    String anchor = target.substring(hash + 1);
                    if (!to.getFileName().toString().endsWith(".md")) {
                        broken.add(new Broken(file, line, target, "an anchor into a file that is not Markdown"));
                    } else if (!anchors.computeIfAbsent(to, DocLinks::anchorsOf).contains(anchor)) {
                        broken.add(new Broken(file, line, target, "no heading of " + to.getFileName()
                                + " has the anchor #" + anchor));
                    }
                }
            }
        }
        return broken;
    }

    /** The anchors GitHub gives the headings of {@code file}. */
    static Set<String> anchorsOf(Path file) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean inFence = false;
        for (String line : read(file).split("\n", -1)) {
            if (line.startsWith("```")) {
                inFence = !inFence;
                continue;
            }
            Matcher h = HEADING.matcher(line);
            if (!inFence && h.matches()) {
                String slug = slug(h.group(1));
                int n = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? slug : slug + "-" + n);
            }
        }
        return anchors;
    }

    /** GitHub's anchor of a heading's text. */
    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");   // a link in a heading: its text
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\- _]", "").replace(' ', '-');
    }

    /** {@code markdown} with code blocks and code spans blanked, keeping every line break so line numbers hold. */
    private static String proseOnly(String markdown) {
        StringBuilder out = new StringBuilder();
        boolean inFence = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.startsWith("```")) {
                inFence = !inFence;
                out.append('\n');
                continue;
            }
            out.append(inFence ? "" : line).append('\n');
        }
        return CODE_SPAN.matcher(out).replaceAll("");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
