package io.github.jmegym.bridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.envs.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every {@code ./jmegym} command given a bad value exits 2 with one error prefix, {@code jmegym <command>: }. */
class BadInputExitCodeTest {
    private static final String MISSING = Path.of(System.getProperty("java.io.tmpdir"), "jmegym-no-such-file").toString();

    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of("envs", new String[] {"envs", "--no-such-option"}),
                Arguments.of("rollout", new String[] {"rollout", "--env", "Nope-v0"}),
                Arguments.of("rollout", new String[] {"rollout", "--steps", "5"}),
                Arguments.of("rollout", new String[] {"rollout", "--env", "CartPole-v1", "--seed", "one"}),
                Arguments.of("train", new String[] {"train", "--env", "Nope-v0", "--steps", "10", "--no-progress"}),
                Arguments.of("eval", new String[] {"eval", "--model", MISSING}),
                Arguments.of("eval", new String[] {"eval", "--env", "CartPole-v1"}),
                Arguments.of("eval", new String[] {"eval", "--model", MISSING, "-k", "novalue"}),
                Arguments.of("export", new String[] {"export", "--model", MISSING, "--onnx", MISSING + ".onnx"}),
                Arguments.of("export", new String[] {"export", "--onnx", MISSING + ".onnx"}),
                Arguments.of("bc", new String[] {"bc", "--env", "Nope-v0", "--demos", MISSING}),
                Arguments.of("bc", new String[] {"bc", "--demos", MISSING, "--out", MISSING}),
                Arguments.of("record", new String[] {"record", "--env", "Nope-v0", "--out", MISSING}),
                Arguments.of("record", new String[] {"record", "--out", MISSING}),
                Arguments.of("record", new String[] {"record", "--env", "CartPole-v1", "--out", MISSING, "--model", MISSING}),
                Arguments.of("replay", new String[] {"replay", "--check", MISSING + ".jsonl.gz"}),
                Arguments.of("render", new String[] {"render", MISSING + ".jsonl.gz", "--out", MISSING}),
                Arguments.of("play", new String[] {"play", "--env", "Nope-v0", "--headless"}),
                Arguments.of("serve", new String[] {"serve", "--port", "not-a-port"}),
                Arguments.of("serve", new String[] {"serve", "--port", "70000"}),
                Arguments.of("play", new String[] {"play", "--port", "5000", "--headless"}),
                Arguments.of("crosscheck config", new String[] {"crosscheck", "config", "--out", MISSING + ".json"}),
                Arguments.of("crosscheck config", new String[] {"crosscheck", "config", "--env", "CartPole-v1",
                    "--config", MISSING + ".json", "--out", MISSING + ".json"}),
                Arguments.of("crosscheck ppo", new String[] {"crosscheck", "ppo", "--in", MISSING + ".json",
                    "--out", MISSING + ".json"}),
                Arguments.of("game", new String[] {"game", "--env", "Chase-v0"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void badValueExitsTwoWithTheCommandsPrefix(String command, String[] args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
        assertEquals(2, code, String.join(" ", args) + ": " + out + err);
        assertTrue(err.toString().startsWith("jmegym " + command + ": "), err.toString());
    }
}
