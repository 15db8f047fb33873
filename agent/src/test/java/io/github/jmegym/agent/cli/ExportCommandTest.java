package io.github.jmegym.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.agent.export.OnnxExportTest;
import io.github.jmegym.envs.spaces.Discrete;
import io.github.jmegym.proto.onnx.OnnxProto.ModelProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./jmegym export} through the real command line: the file it writes and its exit code 2 on bad input. */
@Timeout(60)
class ExportCommandTest {
    @Test
    void exportCommandWritesTheFileAndLeavesNoTemp(@TempDir Path dir) throws Exception {
        Path policyFile = dir.resolve("policy.json");
        OnnxExportTest.policy(new Discrete(2), false, false, true).save(policyFile);
        Path onnx = dir.resolve("out").resolve("p.onnx");
        var r = CommandsTest.run("export", "--model", policyFile.toString(), "--onnx", onnx.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("outputs action, logits, value"), r.out());
        assertEquals("obs", ModelProto.parseFrom(Files.readAllBytes(onnx)).getGraph().getInput(0).getName());
        try (Stream<Path> s = Files.list(onnx.getParent())) {
            assertEquals(List.of("p.onnx"), s.map(f -> f.getFileName().toString()).toList());
        }
    }

    @Test
    void missingModelExitsTwoNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("nope");
        var r = CommandsTest.run("export", "--model", missing.toString(), "--onnx", dir.resolve("p.onnx").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("jmegym export: --model " + missing), r.err());
        assertFalse(Files.exists(dir.resolve("p.onnx")));
    }

    @Test
    void checkSamplesWithoutCheckOutExitsTwo(@TempDir Path dir) throws Exception {
        Path policyFile = dir.resolve("policy.json");
        OnnxExportTest.policy(new Discrete(2), false, false, false).save(policyFile);
        var r = CommandsTest.run("export", "--model", policyFile.toString(), "--onnx", dir.resolve("p.onnx").toString(),
                "--check-samples", "10");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("needs --check-out"), r.err());
    }
}
