package io.github.jmegym.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The guard of the trust-region rules' numerics: short TRPO and NPG runs with the shipped presets and fixed seeds,
 * whose final parameters (double bits) and metrics lines (every key but the wall-clock {@code time/} ones) must hash
 * to the recorded values. The hashes were recorded before the policy step moved its matrices to native memory and
 * became resumable; a deliberate change of the numerics must re-record them and say why. TIME_SLICED with a tiny
 * budget runs the update in many slices and must give exactly what BACKGROUND (the whole update at once, with the
 * same one-rollout lag) gives.
 */
class TrpoBehaviourHashTest {
    static BehaviourHashTest.Hashes run(String envId, String algo, String variant, long steps, long seed) {
        PpoConfig c = Presets.forEnv(envId, Algo.parse(algo, "TrpoBehaviourHashTest"));
        c = switch (variant) {
            case "preset" -> c;
            case "background" -> c.withUpdateMode(UpdateMode.BACKGROUND);
            case "time-sliced" -> c.withUpdateMode(UpdateMode.TIME_SLICED).withSliceBudgetMillis(0.05);
            case "vtrace-background" -> c.withUpdateMode(UpdateMode.BACKGROUND).withLagCorrection(LagCorrection.VTRACE);
            case "vtrace-time-sliced" -> c.withUpdateMode(UpdateMode.TIME_SLICED).withSliceBudgetMillis(0.05)
                    .withLagCorrection(LagCorrection.VTRACE);
            default -> throw new IllegalArgumentException("variant " + variant);
        };
        return BehaviourHashTest.trainAndHash(envId, c, steps, seed, k -> !k.startsWith("time/"), false);
    }

    @ParameterizedTest(name = "{0} {1} {2} {3} steps seed {4}")
    @CsvSource({
            "CartPole-v1, trpo, preset, 4096, 7, 1efe3cf55c523c48, bcc24f9847502dfb",
            "CartPole-v1, trpo, background, 3072, 7, 7762fce18b194db5, ba551f83b26e0e40",
            "CartPole-v1, trpo, time-sliced, 3072, 7, 7762fce18b194db5, ba551f83b26e0e40",
            "CartPole-v1, trpo, vtrace-background, 3072, 7, 391664d2a343d81b, 184cb4019b888ef7",
            "CartPole-v1, trpo, vtrace-time-sliced, 3072, 7, 391664d2a343d81b, 184cb4019b888ef7",
            "CartPole-v1, npg, preset, 4096, 7, f9a4796dbc677776, 4efaedb18f2700ff",
            "Pendulum-v1, trpo, preset, 4096, 3, c8a09a853e702066, 3102e57f66192375",
            "Pendulum-v1, trpo, time-sliced, 6144, 3, 606ff1f807d56737, 4cb1e538afaff7f6",
            "Pendulum-v1, trpo, background, 6144, 3, 606ff1f807d56737, 4cb1e538afaff7f6",
    })
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shortTrustRegionRunsReproduceTheRecordedHashes(String envId, String algo, String variant, long steps,
                                                        long seed, String paramsHash, String metricsHash) {
        BehaviourHashTest.Hashes h = run(envId, algo, variant, steps, seed);
        System.out.println("HASH \"" + envId + ", " + algo + ", " + variant + ", " + steps + ", " + seed + ", "
                + h.params() + ", " + h.metrics() + "\",");
        assertEquals(paramsHash, h.params(), "parameter hash of " + envId + " " + algo + " " + variant);
        assertEquals(metricsHash, h.metrics(), "metrics hash of " + envId + " " + algo + " " + variant);
    }
}
