package io.github.jmegym.agent.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jmegym.agent.PpoConfig;
import io.github.jmegym.agent.PpoTrainer;
import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.vector.VectorEnv;
import io.github.jmegym.envs.vector.VectorMode;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A checkpoint written by an earlier build (observation and reward normalisation on, so it holds both running
 * mean/std statistics) still loads, and training resumed from it takes exactly the recorded course. The fixture under
 * {@code src/test/resources/checkpoints/cartpole-normalized} was written before the agent's own RunningMeanStd was
 * replaced by the envs one; {@link #config()} is the config it was trained with.
 */
class ResumeFromOldCheckpointTest {
    static PpoConfig config() {
        return PpoConfig.defaults().withNEnvs(2).withNSteps(128).withBatchSize(64).withEpochs(2)
                .withPolicyHidden(List.of(8)).withValueHidden(List.of(8))
                .withNormalizeObservation(true).withNormalizeReward(true);
    }

    /** Resumes from {@code run} on CartPole-v1, trains 512 more env steps and hashes the final parameter bits. */
    static String resumeAndHash(Path run) {
        try (VectorEnv<Object, Object> env = Envs.makeVec("CartPole-v1", 2, VectorMode.SYNC, AutoresetMode.SAME_STEP,
                Map.of()); PpoTrainer t = PpoTrainer.resume(run, env, null)) {
            t.learn(512);
            StringBuilder b = new StringBuilder();
            for (double p : t.policy().params()) {
                b.append(Long.toHexString(Double.doubleToLongBits(p))).append(',');
            }
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(b.toString().getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aCheckpointOfAnEarlierBuildLoadsItsStatisticsAndResumesOnTheRecordedCourse() throws URISyntaxException {
        Path ckpt = Path.of(ResumeFromOldCheckpointTest.class.getResource("/checkpoints/cartpole-normalized").toURI());
        TrainerCheckpoint.Loaded l = TrainerCheckpoint.read(ckpt, null);
        assertEquals(config(), l.config());
        assertArrayEquals(new double[] {14.936127519165165}, l.state().returnStats().mean());
        assertArrayEquals(new double[] {105.76273256028401}, l.state().returnStats().var());
        assertEquals(512.0001, l.state().returnStats().count());
        assertArrayEquals(new double[] {-0.007280358546019474, -0.013018674061920976, -0.015637064451167127,
                -0.02292933168174695}, l.policy().observationStats().mean());
        assertArrayEquals(new double[] {0.009831711827231667, 0.3869130616367479, 0.007660149261511094,
                0.6288829262130816}, l.policy().observationStats().var());
        assertEquals(512.0001, l.policy().observationStats().count());
        assertEquals("83237ddd765ad0b3", resumeAndHash(ckpt));
    }
}
