package io.github.jmegym.engine.example;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.agent.Policy;
import io.github.jmegym.agent.PpoConfig;
import io.github.jmegym.agent.PpoTrainer;
import io.github.jmegym.agent.Presets;
import io.github.jmegym.engine.ChildJvm;
import io.github.jmegym.engine.MultiAgentVectorEnv;
import io.github.jmegym.engine.app.InferenceConfig;
import io.github.jmegym.engine.worlds.EngineEnvs;
import io.github.jmegym.envs.AutoresetMode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guide's {@link ShippedGame} end to end: a policy trained for a few seconds (12k PPO steps on BallBalance-v0)
 * is saved (as a policy file and as a run folder's checkpoint), the game loads it and runs headless, and its four NPCs
 * act from it, also on the shipped game's class path: the engine plugin's runtime class path without ND4J, OpenBLAS
 * and what only they pull in.
 */
@Tag("slow")
class ShippedGameTest {
    /** The part of a class path entry that marks the jars a Maven exclusion of org.nd4j:* and org.bytedeco:* drops. */
    static final List<String> ND4J_AND_BYTEDECO = List.of("/org/nd4j/", "/org/bytedeco/");
    /**
     * The jars only ND4J pulls in ({@code mvn -pl engine-plugin -am dependency:tree} under {@code org.nd4j:nd4j-native}):
     * the exclusion drops them with it.
     */
    static final List<String> ONLY_FOR_ND4J = List.of("/com/jakewharton/byteunits/", "/org/apache/commons/commons-math3/",
            "/org/apache/commons/commons-lang3/", "/org/apache/commons/commons-collections4/",
            "/org/apache/commons/commons-compress/", "/com/google/flatbuffers/", "/com/github/oshi/", "/net/java/dev/jna/",
            "/org/threeten/", "/commons-net/", "/net/ericaro/", "/commons-io/", "/commons-codec/");
    /** Test-scope jars (JUnit, the SLF4J binding of the tests, Surefire): not part of a game's class path. */
    static final List<String> TEST_ONLY = List.of("/org/junit/", "/org/opentest4j/", "/org/apiguardian/",
            "/org/slf4j/slf4j-simple/", "/surefire");
    static final int DECISIONS = 300;

    @TempDir
    static Path dir;
    static Path trained;
    static Path untrained;
    static Path runFolder;

    @BeforeAll
    static void trainAndSavePolicies() {
        trained = dir.resolve("npc-policy.json");
        untrained = dir.resolve("untrained-policy.json");
        runFolder = dir.resolve("run");
        PpoConfig config = Presets.forEnv("BallBalance-v0");
        try (MultiAgentVectorEnv<Object> env = io.github.jmegym.engine.EngineWorlds.scene("BallBalance-v0",
                config.nEnvs(), Map.of(), AutoresetMode.SAME_STEP);
             PpoTrainer trainer = new PpoTrainer(env, config, 2)) {
            trainer.policy().save(untrained); // its samples are the random baseline
            trainer.learn(12_288);
            trainer.policy().save(trained);
            trainer.checkpoint(runFolder, Map.of("env_id", "BallBalance-v0")); // Policy.load takes the run folder too
        }
    }

    private static InferenceConfig fastRun() {
        return InferenceConfig.defaults().withSpeed(0).withMaxEpisodeSteps(500).withMaxDecisions(DECISIONS);
    }

    @Test
    @Timeout(120)
    void shippedNpcsTakeExactlyTheLoadedPolicysActionsAndKeepTheirBallsUpLongerThanRandom() throws Exception {
        List<double[][]> seen = Collections.synchronizedList(new ArrayList<>());
        ShippedGameRun.Outcome game = ShippedGameRun.run(trained, fastRun(),
                (agent, d, outcome) -> seen.add(new double[][] {d.observation(), (double[]) d.action()}), Duration.ofSeconds(90));

        assertEquals(DECISIONS, game.decisions());
        assertEquals(4 * DECISIONS, seen.size(), "every NPC decides once per decision");
        Policy reference = Policy.load(trained);
        for (double[][] s : seen) {
            assertArrayEquals((double[]) reference.act(s[0], true), s[1], 0.0,
                    "the NPC's action for observation " + Arrays.toString(s[0]) + " is not the policy's");
        }
        ShippedGameRun.Outcome random = ShippedGameRun.run(untrained, fastRun().withDeterministic(false), null,
                Duration.ofSeconds(90));
        System.out.println("trained NPCs: " + game + "; untrained, sampling: " + random);
        assertTrue(random.falls() >= 8 && game.falls() * 4 <= random.falls(),
                "the trained NPCs dropped their balls " + game.falls() + " times in " + DECISIONS
                        + " decisions, the untrained (sampling) ones " + random.falls() + " times");
    }

    @Test
    @Timeout(180)
    void shippedGameRunsInAChildJvmWithoutNd4jOrOpenblasJars() throws Exception {
        List<String> runtime = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !matches(e, TEST_ONLY)).toList();
        List<String> withoutNd4jJars = runtime.stream().filter(e -> !matches(e, ND4J_AND_BYTEDECO)).toList();
        List<String> shipped = withoutNd4jJars.stream().filter(e -> !matches(e, ONLY_FOR_ND4J)).toList();

        String out = ChildJvm.run(String.join(File.pathSeparator, shipped), ShippedGameRun.class,
                dir.resolve("child.log"), Duration.ofSeconds(150), Map.of(), runFolder.toString(), String.valueOf(DECISIONS));

        String result = out.lines().filter(l -> l.startsWith(ShippedGameRun.RESULT)).findFirst().orElse(null);
        assertTrue(result != null, "the child printed no result:\n" + out);
        assertTrue(result.contains("decisions=" + DECISIONS + " ") && result.endsWith("nd4j=absent"), result);
        String figures = String.format(Locale.ROOT, "class path of the engine plugin at runtime: %s; without org/nd4j and"
                        + " org/bytedeco jars: %s; without those and what only they pull in (the shipped game's): %s",
                describe(runtime), describe(withoutNd4jJars), describe(shipped));
        System.out.println(result + "\n" + figures);
        Files.writeString(Path.of("target", "shipped-game-classpath.txt"), figures + "\n"
                + shipped.stream().filter(e -> e.endsWith(".jar")).map(e -> Path.of(e).getFileName().toString()).sorted()
                        .collect(Collectors.joining("\n")) + "\n");
    }

    private static boolean matches(String entry, List<String> parts) {
        String e = entry.replace(File.separatorChar, '/');
        return parts.stream().anyMatch(e::contains);
    }

    /** {@code N jars, M MB}. */
    private static String describe(List<String> classPath) throws Exception {
        long bytes = 0;
        int jars = 0;
        for (String e : classPath) {
            if (e.endsWith(".jar")) {
                jars++;
                bytes += Files.size(Path.of(e));
            }
        }
        return String.format(Locale.ROOT, "%d jars, %.1f MB", jars, bytes / 1e6);
    }
}
