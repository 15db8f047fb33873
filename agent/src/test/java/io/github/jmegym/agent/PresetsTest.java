package io.github.jmegym.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PresetsTest {
    @Test
    void aConfigFilesFieldsApplyOverTheEnvsPresetAndTheRestKeepsThePreset(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("c.json");
        Files.writeString(f, "{\"nEnvs\": 16, \"epochs\": 3}");
        PpoConfig c = Presets.resolve("CartPole-v1", null, f);
        PpoConfig preset = Presets.forEnv("CartPole-v1");
        assertEquals(preset.withNEnvs(16).withEpochs(3), c);
        assertEquals(0.98, c.gamma(), "the preset's gamma, not the default 0.99");
    }

    @Test
    void theFilesAlgorithmPicksThatAlgorithmsPreset(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("c.json");
        Files.writeString(f, "{\"algo\": \"trpo\", \"nCriticUpdates\": 7}");
        PpoConfig c = Presets.resolve("CartPole-v1", null, f);
        assertEquals(Presets.forEnv("CartPole-v1", Algo.TRPO).withNCriticUpdates(7), c);
        assertEquals(c, Presets.resolve("CartPole-v1", Algo.TRPO, f), "--algo naming the file's algorithm agrees");
    }

    @Test
    void algoWithoutAFileIsThatAlgorithmsPresetAndWithAFileWithoutAlgoItPicksThePreset(@TempDir Path dir)
            throws Exception {
        assertEquals(Presets.forEnv("Pendulum-v1", Algo.TRPO), Presets.resolve("Pendulum-v1", Algo.TRPO, null));
        Path f = dir.resolve("c.json");
        Files.writeString(f, "{\"epochs\": 1}");
        assertEquals(Presets.forEnv("Pendulum-v1", Algo.NPG).withEpochs(1), Presets.resolve("Pendulum-v1", Algo.NPG, f));
    }

    @Test
    void aFileNamingAnotherAlgorithmThanAlgoIsRefusedNamingBoth(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("c.json");
        Files.writeString(f, "{\"algo\": \"npg\"}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Presets.resolve("CartPole-v1", Algo.TRPO, f));
        assertTrue(e.getMessage().contains("--algo trpo") && e.getMessage().contains("sets algo npg")
                && e.getMessage().contains(f.toString()), e.getMessage());
    }

    @Test
    void anUnreadableOrMalformedFileIsBadInputNamingIt(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing.json");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Presets.resolve("CartPole-v1", null, missing));
        assertTrue(e.getMessage().startsWith("--config " + missing + ": cannot read it"), e.getMessage());
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"algo\": \"sac\"}");
        e = assertThrows(IllegalArgumentException.class, () -> Presets.resolve("CartPole-v1", null, bad));
        assertTrue(e.getMessage().contains("unknown algorithm 'sac'") && e.getMessage().contains(bad.toString()),
                e.getMessage());
    }
}
