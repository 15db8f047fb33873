package io.github.jmegym.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jmegym.envs.AutoresetMode;
import io.github.jmegym.envs.Envs;
import io.github.jmegym.envs.vector.VectorEnv;
import io.github.jmegym.envs.vector.VectorMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The refactoring guard: short PPO runs with the shipped presets, fixed seeds, whose final parameters (float bits of
 * the flat vector) and metrics lines must hash to the values recorded on the code before the trainer was split into
 * parts. Any change of behaviour, however small, changes a hash; a deliberate change must re-record them and say why.
 *
 * <p>The {@code normalized} cases (observation and reward normalisation on) were recorded before the two running
 * mean/std classes became one.
 *
 * <p>The metrics hash covers the keys that existed when the hashes were recorded ({@link #GUARDED_KEYS}), sorted,
 * without the wall-clock ones, so adding metric keys does not break the guard.
 */
class BehaviourHashTest {
    /** The metric keys of the recording, without time/fps, time/rollout_seconds and time/update_seconds. */
    static final Set<String> GUARDED_KEYS = Set.of(Metrics.APPROX_KL, Metrics.CLIP_FRACTION, Metrics.ESS,
            Metrics.ENTROPY, Metrics.POLICY_LOSS, Metrics.VALUE_LOSS, Metrics.EXPLAINED_VARIANCE, Metrics.EPOCHS_RUN,
            Metrics.EARLY_STOPPED, Metrics.LEARNING_RATE, Metrics.EP_REW_MEAN, Metrics.EP_LEN_MEAN,
            Metrics.EP_REW_MEAN_10, Metrics.EPISODES, Metrics.CLIP_RANGE, Metrics.KL_BETA, Metrics.GRAD_NORM,
            Metrics.SKIPPED_NONFINITE);

    record Hashes(String params, String metrics) {
    }

    /** The run of a case: the env's preset with fewer env steps, optionally another update mode or KL mode. */
    static Hashes run(String envId, String variant, long steps, long seed) {
        PpoConfig c = Presets.forEnv(envId);
        c = switch (variant) {
            case "preset" -> c;
            case "background" -> c.withUpdateMode(UpdateMode.BACKGROUND);
            case "time-sliced" -> c.withUpdateMode(UpdateMode.TIME_SLICED).withSliceBudgetMillis(0.5);
            case "kl-penalty" -> c.withTargetKl(0.01).withKlMode(KlMode.ADAPTIVE_PENALTY);
            case "kl-stop" -> c.withTargetKl(0.005);
            case "normalized" -> c.withNormalizeObservation(true).withNormalizeReward(true);
            default -> throw new IllegalArgumentException("variant " + variant);
        };
        return trainAndHash(envId, c, steps, seed, GUARDED_KEYS::contains, true);
    }

    /**
     * Trains {@code c} on {@code envId} for {@code steps} env steps and hashes the final parameters (as float bits
     * when {@code floatParams}, else double bits) and the metrics lines of the keys {@code keys} accepts.
     */
    static Hashes trainAndHash(String envId, PpoConfig c, long steps, long seed, Predicate<String> keys,
            boolean floatParams) {
        List<String> lines = new ArrayList<>();
        double[] params;
        try (VectorEnv<Object, Object> env = Envs.makeVec(envId, c.nEnvs(), VectorMode.SYNC, AutoresetMode.SAME_STEP,
                Map.of()); PpoTrainer t = new PpoTrainer(env, c, seed)) {
            t.addMetricsSink((step, m) -> {
                StringBuilder b = new StringBuilder().append(step);
                new TreeMap<>(m).forEach((k, v) -> {
                    if (keys.test(k)) {
                        b.append(' ').append(k).append('=').append(Double.doubleToLongBits(v));
                    }
                });
                lines.add(b.toString());
            });
            t.learn(steps);
            params = t.policy().params();
        }
        StringBuilder bits = new StringBuilder();
        for (double p : params) {
            bits.append(floatParams ? Integer.toHexString(Float.floatToIntBits((float) p))
                    : Long.toHexString(Double.doubleToLongBits(p))).append(',');
        }
        return new Hashes(sha256(bits.toString()), sha256(String.join("\n", lines)));
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0} {1} {2} steps seed {3}")
    @CsvSource({
            "CartPole-v1, preset, 2048, 7, 7729e944650dab4f, 52d80ace2edcda58",
            "CartPole-v1, background, 2048, 7, 825f2d97d1666a0f, 5ff3375a48438931",
            "CartPole-v1, time-sliced, 2048, 7, 825f2d97d1666a0f, 5ff3375a48438931",
            "CartPole-v1, kl-penalty, 1024, 7, dc349883dfd5dd23, 47ba527ce3e19607",
            "CartPole-v1, kl-stop, 1024, 7, 5a0b8a68aacb7ae7, 329c933974d4740f",
            "Pendulum-v1, preset, 8192, 3, eaa4ddfe134fcd32, db34d36a085a97a9",
            "CartPole-v1, normalized, 2048, 7, 5a513c7311ade450, 96f185bb13b818a5",
            "Pendulum-v1, normalized, 8192, 3, bea3c0de42b49d44, 405f56f7ffb7c1c8",
    })
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shortPresetRunsReproduceTheRecordedHashes(String envId, String variant, long steps, long seed,
                                                   String paramsHash, String metricsHash) {
        Hashes h = run(envId, variant, steps, seed);
        System.out.println("HASH " + envId + ", " + variant + ", " + steps + ", " + seed + ", " + h.params() + ", "
                + h.metrics());
        assertEquals(paramsHash, h.params(), "parameter hash of " + envId + " " + variant);
        assertEquals(metricsHash, h.metrics(), "metrics hash of " + envId + " " + variant);
    }
}
