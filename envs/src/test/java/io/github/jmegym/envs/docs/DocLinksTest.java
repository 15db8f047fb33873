package io.github.jmegym.envs.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every relative link of README.md and docs/*.md points at a file that exists and, with an anchor, at its heading. */
class DocLinksTest {
    @Test
    void everyRelativeLinkOfTheReadmeAndTheGuidesLeadsToAFileAndHeading() throws IOException {
        Path root = GuideSnippets.repoRoot();
        List<Path> docs = new ArrayList<>();
        docs.add(root.resolve("README.md"));
        try (Stream<Path> guides = Files.list(root.resolve("docs"))) {
            guides.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        assertTrue(docs.size() > 5, "expected the guides under " + root.resolve("docs") + ", found " + docs);
        List<DocLinks.Broken> broken = DocLinks.broken(docs);
        assertTrue(broken.isEmpty(), broken.size() + " broken links:\n"
                + broken.stream().map(DocLinks.Broken::toString).collect(Collectors.joining("\n")));
    }

    @Test
    void aMissingFileAMissingAnchorAndAnAnchorOnAnotherPageAreFound(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("docs"));
        Files.writeString(dir.resolve("docs/guide.md"), String.join("\n", "# The guide", "## Make `env`, step it!",
                "## Make `env`, step it!", "```bash", "## not a heading", "```", ""));
        Path readme = dir.resolve("README.md");
        Files.writeString(readme, String.join("\n", "# Top", "",
                "[ok](docs/guide.md) [ok](docs/guide.md#make-env-step-it) [ok](docs/guide.md#make-env-step-it-1)",
                "[ok](#top) [ok](https://example.com/x.md#nowhere) `[code](nowhere.md)` ![img](docs/guide.md)",
                "[gone](docs/missing.md) [split", "text](docs/guide.md#not-a-heading) [self](#nope)", "```",
                "[in a block](nowhere.md)", "```", ""));
        List<DocLinks.Broken> broken = DocLinks.broken(List.of(readme));
        assertEquals(List.of("5 docs/missing.md", "5 docs/guide.md#not-a-heading", "6 #nope"),
                broken.stream().map(b -> b.line() + " " + b.target()).toList(), broken.toString());
    }

    @Test
    void slugsFollowGitHub() {
        assertEquals("jmonkeyengine-worlds-as-environments-engine-plugin",
                DocLinks.slug("jMonkeyEngine worlds as environments (`engine-plugin`)"));
        assertEquals("python-rgb_array-and-recordvideo", DocLinks.slug("Python: `rgb_array` and `RecordVideo`"));
        assertEquals("update-rules-ppo-ppo-kl-trpo-npg", DocLinks.slug("Update rules: PPO, PPO-KL, TRPO, NPG"));
    }
}
