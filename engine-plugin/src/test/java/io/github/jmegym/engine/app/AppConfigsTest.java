package io.github.jmegym.engine.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every {@code withX} of InGameConfig and InferenceConfig replaces the field X, only it, and still validates. */
class AppConfigsTest {
    private static void everyWitherNamesItsOwnField(Record base) throws ReflectiveOperationException {
        for (RecordComponent c : base.getClass().getRecordComponents()) {
            String n = c.getName();
            Method w = base.getClass().getMethod("with" + Character.toUpperCase(n.charAt(0)) + n.substring(1),
                    c.getType());
            assertEquals(base, w.invoke(base, c.getAccessor().invoke(base)), w.getName() + " with the current value");
        }
    }

    @Test
    void inGameConfigWithersReplaceTheirOwnField() throws ReflectiveOperationException {
        InGameConfig d = InGameConfig.defaults();
        everyWitherNamesItsOwnField(d);
        InGameConfig c = d.withSeed(5).withSpeed(-1).withMaxTicksPerFrame(3).withMaxEpisodeSteps(7)
                .withSaveDir(Path.of("x"));
        assertEquals(new InGameConfig(d.ppo(), 5, -1, 3, 7, Path.of("x")), c);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.withMaxTicksPerFrame(0));
        assertTrue(e.getMessage().contains("maxTicksPerFrame=0"), e.getMessage());
    }

    @Test
    void inferenceConfigWithersReplaceTheirOwnField() throws ReflectiveOperationException {
        InferenceConfig d = InferenceConfig.defaults();
        everyWitherNamesItsOwnField(d);
        InferenceConfig c = d.withSeed(2).withDeterministic(false).withSpeed(0.5).withMaxTicksPerFrame(9)
                .withMaxEpisodeSteps(4).withMaxDecisions(11);
        assertEquals(new InferenceConfig(2, false, 0.5, 9, 4, 11), c);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.withMaxDecisions(-1));
        assertTrue(e.getMessage().contains("maxDecisions=-1"), e.getMessage());
    }
}
