package io.github.jmegym.agent.trpo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.envs.Json;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The settings records of the trust-region updates and V-trace: defaults, validation, JSON round trip. */
class TrustRegionConfigTest {
    @Test
    void defaultsAreSb3ContribTrpoDefaults() {
        TrustRegionConfig c = TrustRegionConfig.defaults();
        assertEquals(0.01, c.targetKl());
        assertEquals(15, c.cgMaxSteps());
        assertEquals(0.1, c.cgDamping());
        assertEquals(1e-10, c.cgResidualTol());
        assertEquals(0.8, c.lineSearchShrink());
        assertEquals(10, c.lineSearchMaxIter());
        assertEquals(10, c.nCriticUpdates());
        assertTrue(c.normalizeAdvantage());
        VtraceConfig v = VtraceConfig.defaults();
        assertEquals(1.0, v.rhoBar());
        assertEquals(1.0, v.cBar());
        assertEquals(1.0, v.rhoBarPg());
    }

    @Test
    void jsonRoundTripGivesEqualRecords() {
        TrustRegionConfig c = TrustRegionConfig.defaults().withTargetKl(0.02).withCg(10, 0.05).withLineSearch(0.5, 4)
                .withNpgStepSize(0.3);
        assertEquals(c, Json.GSON.fromJson(Json.GSON.toJson(c), TrustRegionConfig.class));
        VtraceConfig v = new VtraceConfig(2.0, 1.0, 1.5);
        assertEquals(v, Json.GSON.fromJson(Json.GSON.toJson(v), VtraceConfig.class));
    }

    static Stream<Arguments> invalid() {
        TrustRegionConfig d = TrustRegionConfig.defaults();
        return Stream.of(
                bad("targetKl", () -> d.withTargetKl(0.0)),
                bad("targetKl", () -> d.withTargetKl(-0.01)),
                bad("targetKl", () -> d.withTargetKl(Double.NaN)),
                bad("cgMaxSteps", () -> d.withCg(0, 0.1)),
                bad("cgDamping", () -> d.withCg(15, -1e-3)),
                bad("cgResidualTol", () -> new TrustRegionConfig(0.01, 15, 0.1, -1, 0.8, 10, 10, 0.1, true, 16)),
                bad("lineSearchShrink", () -> d.withLineSearch(0.0, 10)),
                bad("lineSearchShrink", () -> d.withLineSearch(1.0, 10)),
                bad("lineSearchMaxIter", () -> d.withLineSearch(0.8, 0)),
                bad("nCriticUpdates", () -> new TrustRegionConfig(0.01, 15, 0.1, 1e-10, 0.8, 10, 0, 0.1, true, 16)),
                bad("npgStepSize", () -> d.withNpgStepSize(0.0)),
                bad("tvSamples", () -> new TrustRegionConfig(0.01, 15, 0.1, 1e-10, 0.8, 10, 10, 0.1, true, 0)),
                bad("rhoBar", () -> new VtraceConfig(0.0, 0.0, 1.0)),
                bad("cBar", () -> new VtraceConfig(1.0, 0.0, 1.0)),
                bad("cBar", () -> new VtraceConfig(1.0, 1.5, 1.0)),
                bad("rhoBarPg", () -> new VtraceConfig(1.0, 1.0, -1.0)));
    }

    private static Arguments bad(String field, Supplier<Record> make) {
        return Arguments.of(field, make);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidValueIsRejectedWithAMessageNamingTheField(String field, Supplier<Record> make) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make::get);
        assertTrue(e.getMessage().contains(field + "="), "message names " + field + ": " + e.getMessage());
        assertTrue(e.getMessage().contains("expected"), "message says what is expected: " + e.getMessage());
    }

    @Test
    void cBarEqualToRhoBarIsAccepted() {
        assertEquals(2.0, new VtraceConfig(2.0, 2.0, 1.0).cBar());
    }
}
