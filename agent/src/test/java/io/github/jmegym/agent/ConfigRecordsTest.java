package io.github.jmegym.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The configuration records' single declaration per field: every PpoConfig component carries a {@link Setting}, the
 * defaults and docs come from it, every generated {@code withX} replaces the field X and nothing else, and the
 * generated builder validates through the canonical constructor.
 */
class ConfigRecordsTest {
    /** Asserts that each public {@code withX(value)} of {@code base}'s record, given X's own value, is a no-op copy. */
    static void everyWitherNamesItsOwnField(Record base) throws ReflectiveOperationException {
        int checked = 0;
        for (RecordComponent c : base.getClass().getRecordComponents()) {
            String n = c.getName();
            Method w = base.getClass().getMethod("with" + Character.toUpperCase(n.charAt(0)) + n.substring(1),
                    c.getType());
            Object same = w.invoke(base, c.getAccessor().invoke(base));
            assertEquals(base, same, w.getName() + " with the current value");
            checked++;
        }
        assertEquals(base.getClass().getRecordComponents().length, checked);
    }

    @Test
    void everyPpoConfigFieldHasASettingAndAWitherForItself() throws ReflectiveOperationException {
        assertEquals(PpoConfig.class.getRecordComponents().length, ConfigRecords.settings(PpoConfig.class).size());
        everyWitherNamesItsOwnField(PpoConfig.defaults());
        everyWitherNamesItsOwnField(Presets.forEnv("CartPole-v1"));
    }

    @Test
    void aWitherReplacesOnlyItsFieldAndValidates() {
        PpoConfig c = PpoConfig.defaults().withPolicyHidden(List.of(16, 8));
        assertEquals(List.of(16, 8), c.policyHidden());
        assertEquals(PpoConfig.defaults().valueHidden(), c.valueHidden());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PpoConfig.defaults().withNEnvs(0));
        assertEquals("PpoConfig: nEnvs=0; expected an integer in [1, 4096] (each sub-env is a live env stepped every "
                + "vector step)", e.getMessage());
    }

    @Test
    void theBuilderStartsFromTheDefaultsAndValidatesOnBuild() {
        PpoConfig built = PpoConfig.builder().nEnvs(8).nSteps(256).batchSize(128).build();
        assertEquals(PpoConfig.defaults().withNEnvs(8).withNSteps(256).withBatchSize(128), built);
        // intermediate states need not be consistent: 2048 * 3 is not a multiple of the batch size until the end
        PpoConfig fixed = PpoConfig.builder().nEnvs(3).batchSize(100).batchSize(64).build();
        assertEquals(3, fixed.nEnvs());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PpoConfig.builder().nEnvs(3).batchSize(100).build());
        assertEquals("PpoConfig: batchSize=100 does not divide nSteps * nEnvs = 2048 * 3 = 6144; use a batch size that "
                + "divides it", e.getMessage());
    }

    @Test
    void defaultsAndRangesComeFromTheSettings() {
        Setting nEnvs = ConfigRecords.settings(PpoConfig.class).get("nEnvs");
        assertEquals(PpoConfig.MAX_N_ENVS, nEnvs.max());
        assertEquals("1", nEnvs.def());
        assertEquals(PpoConfig.FIELD_DOCS.get("nEnvs"), nEnvs.doc());
        assertEquals(1, PpoConfig.defaults().nEnvs());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PpoConfig.fromJson("{\"nEnvs\": 4097}", "f.json"));
        assertTrue(e.getMessage().startsWith("f.json: nEnvs=4097; expected an integer in [1, 4096]"), e.getMessage());
    }
}
