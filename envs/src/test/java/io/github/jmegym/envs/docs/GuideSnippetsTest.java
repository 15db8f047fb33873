package io.github.jmegym.envs.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guides' Java snippets are the code the tests compile and run: each snippet below must equal its example file
 * (engine-plugin's {@code example} package) or its marked region of a module's guide-examples test, so editing
 * either side alone fails here with the place to copy from. The snippets' own behaviour is tested where they run.
 */
class GuideSnippetsTest {
    private static final Path ROOT = GuideSnippets.repoRoot();
    private static final Path ENVS_EXAMPLES = ROOT.resolve(
            "envs/src/test/java/io/github/jmegym/envs/EnvsGuideExamplesTest.java");
    private static final Path TRAINING_EXAMPLES = ROOT.resolve(
            "agent/src/test/java/io/github/jmegym/agent/TrainingGuideExamplesTest.java");
    private static final Path GAME_EXAMPLES = ROOT.resolve("engine-plugin/src/test/java/io/github/jmegym/engine/example");

    private static void assertShows(String doc, String heading, int block, Path source, String expected) {
        assertEquals(expected, GuideSnippets.javaBlock(ROOT.resolve(doc), heading, block),
                doc + ", '" + heading + "', java block " + (block + 1) + " differs from " + ROOT.relativize(source)
                        + "; change both together (copy the code into the guide)");
    }

    private static void assertShowsRegion(String doc, String heading, int block, Path source, String region) {
        assertShows(doc, heading, block, source, GuideSnippets.region(source, region));
    }

    @Test
    void envsGuideShowsTheCodeEnvsGuideExamplesTestRuns() {
        assertShowsRegion("docs/envs.md", "## Make an env and step it", 0, ENVS_EXAMPLES, "make and step");
        assertShowsRegion("docs/envs.md", "## Vectorize", 0, ENVS_EXAMPLES, "vectorize");
        assertShowsRegion("docs/envs.md", "## Wrap", 0, ENVS_EXAMPLES, "wrap");
        assertShowsRegion("docs/envs.md", "## Write your own env and register it", 0, ENVS_EXAMPLES, "own env");
        assertShowsRegion("docs/envs.md", "## Write your own env and register it", 1, ENVS_EXAMPLES, "check");
    }

    @Test
    void trainingGuideShowsTheCodeTrainingGuideExamplesTestRuns() {
        assertShowsRegion("docs/training.md", "## From Java", 0, TRAINING_EXAMPLES, "headless");
        assertShowsRegion("docs/training.md", "## From Java", 1, TRAINING_EXAMPLES, "game loop");
    }

    @Test
    void gameGuidesShowTheExampleGamesWithTheirImports() {
        Path myGame = GAME_EXAMPLES.resolve("MyGame.java");
        assertShows("docs/training-in-game.md", "## In your own game: two app states", 0, myGame,
                GuideSnippets.fileAsShown(myGame));
        Path shipped = GAME_EXAMPLES.resolve("ShippedGame.java");
        assertShows("docs/engine-worlds.md", "## Shipping a trained NPC", 0, shipped, GuideSnippets.fileAsShown(shipped));
    }

    @Test
    void aRegionLeavesOutNotShownLinesAndItsIndentation(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("Example.java");
        Files.writeString(source, String.join("\n", "class Example {", "    void run() {", "        // --- demo",
                "        int x = 1;", "        if (x > 0) {", "            x++;", "        }",
                "        check(x);   " + GuideSnippets.NOT_SHOWN, "        // ---", "    }", "}"));
        assertEquals("int x = 1;\nif (x > 0) {\n    x++;\n}", GuideSnippets.region(source, "demo"));
        assertThrows(AssertionError.class, () -> GuideSnippets.region(source, "missing"));
    }

    @Test
    void aJavaBlockIsLookedForInItsOwnSectionOnly(@TempDir Path dir) throws Exception {
        Path doc = dir.resolve("guide.md");
        Files.writeString(doc, String.join("\n", "# Guide", "## One", "text", "```bash", "# not a heading", "```",
                "```java", "int one = 1;", "```", "### Deeper", "```java", "int deeper = 2;", "```", "## Two",
                "```java", "int two = 2;", "```", ""));
        assertEquals("int one = 1;", GuideSnippets.javaBlock(doc, "## One", 0));
        assertEquals("int deeper = 2;", GuideSnippets.javaBlock(doc, "## One", 1));
        AssertionError e = assertThrows(AssertionError.class, () -> GuideSnippets.javaBlock(doc, "## One", 2));
        assertTrue(e.getMessage().contains("it has 2"), e.getMessage());
        assertThrows(AssertionError.class, () -> GuideSnippets.javaBlock(doc, "## Three", 0));
    }
}
