package io.github.jmegym.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PpoConfigTest {
    @Test
    void defaultsAreStableBaselines3Defaults() {
        PpoConfig c = PpoConfig.defaults();
        assertEquals(2048, c.nSteps());
        assertEquals(64, c.batchSize());
        assertEquals(10, c.epochs());
        assertEquals(0.99, c.gamma());
        assertEquals(0.95, c.gaeLambda());
        assertEquals(0.2, c.clipRange());
        assertEquals(3e-4, c.learningRate());
        assertEquals(0.5, c.maxGradNorm());
        assertNull(c.clipRangeVf());
        assertNull(c.targetKl());
        assertEquals(List.of(64, 64), c.policyHidden());
    }

    @Test
    void jsonRoundTripGivesAnEqualConfigAndDocumentsEveryField() {
        PpoConfig c = PpoConfig.defaults().withTargetKl(0.02).withClipRangeVf(0.3).withKlMode(KlMode.ADAPTIVE_PENALTY)
                .withPolicyHidden(List.of(32)).withActivation(Activation.RELU);
        String json = c.toJsonString();
        assertEquals(c, PpoConfig.fromJson(json, "config.json"));
        for (String field : PpoConfig.FIELD_DOCS.keySet()) {
            assertTrue(json.contains("\"" + field + "\""), field + " is written");
        }
        assertEquals(PpoConfig.class.getRecordComponents().length, PpoConfig.FIELD_DOCS.size(), "every field documented");
    }

    @Test
    void aPartialFileKeepsTheOtherDefaults() {
        PpoConfig c = PpoConfig.fromJson("{\"gamma\": 0.9, \"_comment\": \"ignored\"}", "f.json");
        assertEquals(0.9, c.gamma());
        assertEquals(PpoConfig.defaults().withGamma(0.9), c);
    }

    @Test
    void cartPolePresetHoldsTheZooSettings() {
        PpoConfig c = Presets.forEnv("CartPole-v1");
        assertEquals(8, c.nEnvs());
        assertEquals(32, c.nSteps());
        assertEquals(256, c.batchSize());
        assertEquals(20, c.epochs());
        assertEquals(0.98, c.gamma());
        assertEquals(0.8, c.gaeLambda());
        assertEquals(1e-3, c.learningRate());
        assertTrue(c.annealLearningRate() && c.annealClipRange());
        assertEquals(100_000, c.totalSteps());
        assertEquals(PpoConfig.defaults(), Presets.forEnv("NoSuchPreset-v0"), "fallback preset = defaults");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"gamma\": 1.5}                             | gamma=1.5",
        "{\"learningRate\": -0.001}                   | learningRate=-0.001",
        "{\"epochs\": 0}                              | epochs=0",
        "{\"batchSize\": 100}                         | use a batch size that divides it",
        "{\"clipRangeVf\": -0.1}                      | clipRangeVf=-0.1",
        "{\"targetKl\": 0}                            | targetKl=0.0",
        "{\"klMode\": \"ADAPTIVE_PENALTY\"}           | needs a targetKl",
        "{\"policyHidden\": [64, 0]}                  | policyHidden=[64, 0]",
        "{\"activation\": \"SIGMOID\"}                | activation",
        "{\"lerningRate\": 0.1}                       | unknown setting 'lerningRate'",
        "{\"nSteps\": \"many\"}                       | many",
        "{\"gamma\": 0.9                              | not valid JSON",
        "[1, 2]                                       | expected a JSON object",
        // Gson used to wrap, truncate or coerce these, or name no allowed value
        "{\"nEnvs\": 4294967304}                      | nEnvs=4294967304; expected an integer in [1, 4096]",
        "{\"nEnvs\": 99999999999}                     | nEnvs=99999999999; expected an integer in [1, 4096]",
        "{\"nEnvs\": 8.5}                             | nEnvs=8.5; expected a whole number",
        "{\"nEnvs\": \"eight\"}                       | nEnvs=\"eight\"; expected an integer",
        "{\"totalSteps\": 1e400}                      | totalSteps=1E+400; expected an integer",
        "{\"gamma\": \"0.9\"}                         | gamma=\"0.9\"; expected a number",
        "{\"orthoInit\": 1}                           | orthoInit=1; expected true or false",
        "{\"activation\": \"SIGMOID\"}                | activation=\"SIGMOID\"; expected one of TANH, RELU",
        "{\"klMode\": \"early\"}                      | klMode=\"early\"; expected one of EARLY_STOP_MINIBATCH, EARLY_STOP_EPOCH, ADAPTIVE_PENALTY",
        "{\"nEnvs\": 8, \"nEnvs\": 4}                  | duplicate key 'nEnvs'",
        "{\"lerningRate\": 0.1}                       | unknown setting 'lerningRate'; did you mean 'learningRate'?",
        "{\"nEnvs\": 4096, \"nSteps\": 2048}           | nSteps * nEnvs = 2048 * 4096 = 8388608 transitions per rollout; expected at most 4194304",
        "{\"policyHidden\": [100000]}                 | policyHidden=[100000]; expected a list of integers in [1, 4096]",
        "{\"policyHidden\": [64, 64.5]}               | policyHidden=[64, 64.5]",
        "{\"valueHidden\": [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]} | valueHidden=[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]; expected at most 16 entries",
        "{\"gamma\": 0.9} {}                           | not valid JSON",
        // the update rules' settings, checked by TrustRegionConfig / VtraceConfig under this file's field names
        "{\"algo\": \"sac\"}                          | algo=\"sac\"; expected one of ppo, ppo-kl, trpo, npg",
        "{\"algo\": \"ppo-kl\"}                       | algo=ppo-kl needs a targetKl",
        "{\"delta\": 0}                                | delta=0.0; expected > 0",
        "{\"delta\": -0.01}                            | delta=-0.01; expected > 0",
        "{\"cgDamping\": -0.1}                         | cgDamping=-0.1; expected >= 0",
        "{\"cgMaxSteps\": 0}                           | cgMaxSteps=0; expected an integer in [1,",
        "{\"lineSearchShrink\": 1.0}                   | lineSearchShrink=1.0; expected in (0, 1)",
        "{\"nCriticUpdates\": 0}                       | nCriticUpdates=0",
        "{\"npgStepSize\": 0}                          | npgStepSize=0.0; expected > 0",
        "{\"cBar\": 2.0}                               | cBar=2.0; expected <= rhoBar=1.0",
        "{\"rhoBar\": 0}                               | rhoBar=0.0; expected > 0",
        "{\"lagCorrection\": \"retrace\"}             | lagCorrection=\"retrace\"; expected one of none, vtrace"})
    void invalidValuesFailWithAMessageNamingTheFileAndValue(String json, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PpoConfig.fromJson(json, "my.json"));
        assertTrue(e.getMessage().startsWith("my.json: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void algorithmsAndLagCorrectionAreReadAndWrittenByTheirLowerCaseNames() {
        PpoConfig c = PpoConfig.fromJson("{\"algo\": \"ppo-kl\", \"targetKl\": 0.01, \"lagCorrection\": \"vtrace\"}",
                "f.json");
        assertEquals(Algo.PPO_KL, c.algo());
        assertEquals(LagCorrection.VTRACE, c.lagCorrection());
        String json = c.toJsonString();
        assertTrue(json.contains("\"algo\": \"ppo-kl\"") && json.contains("\"lagCorrection\": \"vtrace\""), json);
        assertEquals(c, PpoConfig.fromJson(json, "config.json"));
    }

    @Test
    void withCopiesChangeOneFieldAndValidate() {
        PpoConfig c = PpoConfig.defaults().withAlgo(Algo.TRPO).withDelta(0.02).withCgDamping(1e-3);
        assertEquals(PpoConfig.defaults().withCgDamping(1e-3).withDelta(0.02).withAlgo(Algo.TRPO), c);
        assertEquals(0.02, c.trustRegion().targetKl());
        assertEquals(1e-3, c.trustRegion().cgDamping());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.withDelta(-1));
        assertTrue(e.getMessage().startsWith("PpoConfig: delta=-1.0; expected > 0"), e.getMessage());
    }

    @Test
    void integralNumbersWrittenWithAFractionPartOfZeroAreAccepted() {
        PpoConfig c = PpoConfig.fromJson("{\"nEnvs\": 8.0, \"nSteps\": 64, \"batchSize\": 64, \"clipRangeVf\": null}", "my.json");
        assertEquals(8, c.nEnvs());
        assertEquals(null, c.clipRangeVf());
    }

    @Test
    void everyShippedPresetPassesTheStrictReader() {
        assertEquals(8, Presets.forEnv("CartPole-v1").nEnvs());
        assertTrue(Presets.forEnv("Pendulum-v1").totalSteps() > 0);
    }

    @Test
    void hugeRolloutsAndLayersAreRejectedByTheConstructorWithTheBound() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PpoConfig.defaults().withNEnvs(4096));
        assertTrue(e.getMessage().contains("expected at most " + PpoConfig.MAX_ROLLOUT), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PpoConfig.defaults().withPolicyHidden(List.of(64, 5000)));
        assertTrue(e.getMessage().contains("policyHidden=[64, 5000]; expected layer widths in [1, 4096]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PpoConfig.defaults().withNEnvs(5000));
        assertTrue(e.getMessage().contains("nEnvs=5000; expected an integer in [1, 4096]"), e.getMessage());
    }

    @Test
    void constructorValidatesToo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PpoConfig.defaults().withNSteps(33).withNEnvs(1));
        assertTrue(e.getMessage().contains("batchSize=64"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PpoConfig.defaults().withGaeLambda(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> PpoConfig.defaults().withMaxGradNorm(Double.POSITIVE_INFINITY));
    }
}
