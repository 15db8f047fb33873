package io.github.jmegym.envs.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.envs.spaces.DType;
import org.junit.jupiter.api.Test;

/**
 * Both modes of the one running mean/std: float32 single-sample updates match Gymnasium's float32 statistics bit for
 * bit, the float64 batch merge matches Gymnasium's (and SB3's) batch update, and the trainer's normalization, copy and
 * restore behave as documented. Expected values were computed with gymnasium.wrappers.utils.RunningMeanStd (NumPy 2).
 */
class RunningMeanStdTest {
    private static final double[][] ROWS = {{1.5, -2.0}, {0.25, 3.0}, {7.0, 0.1}};

    @Test
    void float32SingleSampleUpdatesReproduceGymnasiumsFloat32StatisticsBitForBit() {
        RunningMeanStd r = new RunningMeanStd(2, DType.FLOAT32);
        for (double[] x : ROWS) {
            r.update(x);
        }
        assertEquals(DType.FLOAT32, r.dtype());
        assertArrayEquals(new double[] {2.916569709777832, 0.3666543960571289}, r.mean());
        assertArrayEquals(new double[] {8.59725284576416, 4.202119827270508}, r.var());
        assertEquals(3.0000999999999998, r.count());
    }

    @Test
    void float64BatchUpdateReproducesGymnasiumsBatchUpdateBitForBit() {
        RunningMeanStd r = new RunningMeanStd(2);
        r.update(new double[] {1.5, -2.0, 0.25, 3.0, 7.0, 0.1}, 3);
        assertArrayEquals(new double[] {Double.parseDouble("0x1.755225cd28fbfp+1"),
                Double.parseDouble("0x1.777443464966cp-2")}, r.mean());
        assertArrayEquals(new double[] {Double.parseDouble("0x1.131cb1599b85ep+3"),
                Double.parseDouble("0x1.0cef889532ba5p+2")}, r.var());
        assertEquals(3.0001, r.count());
    }

    @Test
    void float64BatchOfOneEqualsTheSingleSampleUpdateAndTheModesDiffer() {
        RunningMeanStd batch = new RunningMeanStd(2);
        RunningMeanStd single = new RunningMeanStd(2);
        RunningMeanStd f32 = new RunningMeanStd(2, DType.FLOAT32);
        for (double[] x : ROWS) {
            batch.update(x, 1);
            single.update(x);
            f32.update(x);
        }
        assertArrayEquals(single.mean(), batch.mean());
        assertArrayEquals(single.var(), batch.var());
        assertEquals(single.count(), batch.count());
        assertNotEquals(single.mean()[0], f32.mean()[0]);
        assertEquals(single.mean()[0], f32.mean()[0], 1e-6);
    }

    @Test
    void normalizeCentresScalesByTheStdWithEpsilonAndClips() {
        RunningMeanStd r = new RunningMeanStd(new double[] {1.0, -1.0}, new double[] {4.0, 0.0}, 10);
        double[] x = {5.0, -1.0, 1.0, 1.0};
        r.normalize(x, 2, 5.0);
        assertEquals((5.0 - 1.0) / Math.sqrt(4.0 + 1e-8), x[0]);
        assertEquals(0.0, x[1]);
        assertEquals(0.0, x[2]);
        assertEquals(5.0, x[3], "2 / sqrt(1e-8) is clipped to 5");
    }

    @Test
    void aCopyIsIndependentAndRestoreOverwritesTheStatistics() {
        RunningMeanStd a = new RunningMeanStd(1);
        a.update(new double[] {2.0, 4.0}, 2);
        RunningMeanStd c = a.copy();
        a.update(new double[] {100.0}, 1);
        assertNotEquals(a.mean()[0], c.mean()[0]);
        RunningMeanStd b = new RunningMeanStd(1);
        b.restore(c);
        assertArrayEquals(c.mean(), b.mean());
        assertArrayEquals(c.var(), b.var());
        assertEquals(c.count(), b.count());
    }

    @Test
    void badInputIsRejectedNamingTheValue() {
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> new RunningMeanStd(new double[] {0}, new double[] {1}, 0));
        assertTrue(count.getMessage().contains("count=0.0"), count.getMessage());
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> new RunningMeanStd(2).restore(new RunningMeanStd(3)));
        assertTrue(size.getMessage().contains("size 3; expected 2"), size.getMessage());
        IllegalArgumentException n = assertThrows(IllegalArgumentException.class,
                () -> new RunningMeanStd(2).update(new double[] {1, 2, 3}, 2));
        assertTrue(n.getMessage().contains("n=2"), n.getMessage());
        IllegalStateException f32 = assertThrows(IllegalStateException.class,
                () -> new RunningMeanStd(2, DType.FLOAT32).update(new double[] {1, 2}, 1));
        assertTrue(f32.getMessage().contains("float32"), f32.getMessage());
    }
}
