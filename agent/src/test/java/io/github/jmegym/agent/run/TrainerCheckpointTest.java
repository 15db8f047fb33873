package io.github.jmegym.agent.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.agent.Policy;
import io.github.jmegym.agent.PpoConfig;
import io.github.jmegym.agent.PpoTrainer;
import io.github.jmegym.agent.core.Adam;
import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.Discrete;
import io.github.jmegym.envs.wrappers.RunningMeanStd;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer state written to a checkpoint reads back field for field; a malformed trainer file is named. */
class TrainerCheckpointTest {
    private static Policy policy(PpoConfig c) {
        try (PpoTrainer t = PpoTrainer.forSpaces(Box.of(new double[] {-1, -1}, new double[] {1, 1}), new Discrete(2), c, 3)) {
            return t.policy();
        }
    }

    private static TrainerCheckpoint.State state(int nParams) {
        double[] m = new double[nParams];
        double[] v = new double[nParams];
        for (int i = 0; i < nParams; i++) {
            m[i] = 0.25 * i;
            v[i] = 1.0 / (i + 1);
        }
        return new TrainerCheckpoint.State(3, 4096, 2, 17, new Adam.Snapshot(m, v, 64), 123456789L, -42L,
                Map.of("kl_beta", 2.0), new RunningMeanStd(new double[] {0.5}, new double[] {3.0}, 1024.0001),
                new double[] {1.5, -0.5}, new double[] {10, 20, 30}, new double[] {5, 6, 7});
    }

    @Test
    void writtenStateReadsBackFieldForField(@TempDir Path run) {
        PpoConfig c = PpoConfig.defaults().withNEnvs(2);
        Policy p = policy(c);
        TrainerCheckpoint.State s = state(p.params().length);
        Path dir = TrainerCheckpoint.write(run, c, p, s, 20.0, Map.of("env_id", "Test-v0"));
        assertEquals(4096, Checkpoint.manifestStep(dir));
        assertEquals(20.0, Checkpoint.manifest(dir).get(Checkpoint.MEAN_RETURN).getAsDouble());

        TrainerCheckpoint.Loaded l = TrainerCheckpoint.read(run, null);
        assertEquals(dir, l.folder());
        assertEquals(c, l.config());
        assertArrayEquals(p.params(), l.policy().params());
        TrainerCheckpoint.State r = l.state();
        assertEquals(s.seed(), r.seed());
        assertEquals(s.totalSteps(), r.totalSteps());
        assertEquals(s.updates(), r.updates());
        assertEquals(s.episodes(), r.episodes());
        assertArrayEquals(s.adam().m(), r.adam().m());
        assertArrayEquals(s.adam().v(), r.adam().v());
        assertEquals(s.adam().t(), r.adam().t());
        assertEquals(s.actRng(), r.actRng());
        assertEquals(s.shuffleRng(), r.shuffleRng());
        assertEquals(s.ruleState(), r.ruleState());
        assertArrayEquals(s.returnStats().mean(), r.returnStats().mean());
        assertArrayEquals(s.returnStats().var(), r.returnStats().var());
        assertEquals(s.returnStats().count(), r.returnStats().count());
        assertArrayEquals(s.discountedReturns(), r.discountedReturns());
        assertArrayEquals(s.episodeReturns(), r.episodeReturns());
        assertArrayEquals(s.episodeLengths(), r.episodeLengths());
    }

    @Test
    void adamMomentsOfTheWrongLengthAreRejectedNamingTheFileAndTheEntry(@TempDir Path run) {
        PpoConfig c = PpoConfig.defaults().withNEnvs(2);
        Policy p = policy(c);
        TrainerCheckpoint.write(run, c, p, state(p.params().length + 1), Double.NaN, Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainerCheckpoint.read(run, null));
        assertTrue(e.getMessage().contains(Checkpoint.TRAINER) && e.getMessage().contains("adam_m")
                && e.getMessage().contains("expected " + p.params().length), e.getMessage());
    }

    @Test
    void aTrainerFileWithoutItsCountersIsMalformedNamingTheFile(@TempDir Path run) {
        PpoConfig c = PpoConfig.defaults().withNEnvs(2);
        Policy p = policy(c);
        Checkpoint.write(run, 8, Map.of(Checkpoint.CONFIG, c.toJsonString(),
                Checkpoint.POLICY, io.github.jmegym.envs.Json.GSON.toJson(p.toJson()),
                Checkpoint.TRAINER, "{\"format\": \"" + TrainerCheckpoint.FORMAT + "\"}"), Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainerCheckpoint.read(run, null));
        assertTrue(e.getMessage().contains(Checkpoint.TRAINER) && e.getMessage().contains("malformed"), e.getMessage());
    }
}
