package io.github.jmegym.envs.spaces;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SpacesTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    /** Lines of golden/space_reprs.jsonl, written by envs/scripts/make_space_reprs.py with Gymnasium. */
    static Stream<Arguments> gymnasiumReprs() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                SpacesTest.class.getResourceAsStream("/golden/space_reprs.jsonl"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                out.add(Arguments.of(o.get("repr").getAsString(), o.getAsJsonObject("json")));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gymnasiumReprs")
    void toStringMatchesGymnasium(String repr, JsonObject json) {
        assertEquals(repr, Spaces.fromJson(json).toString());
    }

    /** Lines of golden/space_samples.jsonl: Gymnasium's first samples after {@code space.seed(seed)}. */
    static Stream<Arguments> gymnasiumSamples() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                SpacesTest.class.getResourceAsStream("/golden/space_samples.jsonl"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                out.add(Arguments.of(Spaces.fromJson(o.getAsJsonObject("json")), o.get("seed").getAsLong(),
                        o.getAsJsonArray("samples")));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("gymnasiumSamples")
    void seededSamplesMatchGymnasium(Space<?> space, long seed, com.google.gson.JsonArray expected) {
        space.seed(seed);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), toJson(space.sample()), space + " sample " + i);
        }
    }

    private static com.google.gson.JsonElement toJson(Object x) {
        if (x instanceof Map<?, ?> m) {
            JsonObject o = new JsonObject();
            m.forEach((k, v) -> o.add((String) k, toJson(v)));
            return o;
        }
        if (x instanceof double[] d) {
            return io.github.jmegym.envs.Json.array(d);
        }
        if (x instanceof int[] n) {
            return io.github.jmegym.envs.Json.array(n);
        }
        return new com.google.gson.JsonPrimitive((Integer) x);
    }

    static Stream<Space<?>> spaces() {
        Map<String, Space<?>> dict = new LinkedHashMap<>();
        dict.put("kind", new Discrete(3));
        dict.put("power", new Box(-1, 1, new int[] {2}, DType.FLOAT32));
        return Stream.of(
                new Box(new double[] {-1, -INF, 0}, new double[] {1, INF, INF}, new int[] {3}, DType.FLOAT32),
                new Box(new double[] {-INF, -2}, new double[] {5, 2}, new int[] {2}, DType.FLOAT64),
                new Box(-1, 2, new int[] {3, 4}, DType.FLOAT32),
                new Discrete(2), new Discrete(5, -2),
                new MultiDiscrete(3, 2, 4), new MultiDiscrete(new int[] {2, 3}, new int[] {-1, 5}),
                new MultiBinary(4), new MultiBinary(2, 3),
                new DictSpace(dict));
    }

    @ParameterizedTest
    @MethodSource("spaces")
    void jsonRoundTripGivesAnEqualSpace(Space<?> space) {
        Space<?> back = Spaces.fromJson(JsonParser.parseString(space.toJson().toString()).getAsJsonObject());
        assertEquals(space, back);
        assertEquals(space.toString(), back.toString());
    }

    @ParameterizedTest
    @MethodSource("spaces")
    void samplesLieInTheSpace(Space<?> space) {
        space.seed(3);
        for (int i = 0; i < 2000; i++) {
            Object x = space.sample();
            assertNull(space.whyNotContained(x), () -> space + " sampled " + x);
        }
    }

    @ParameterizedTest
    @MethodSource("spaces")
    void sameSeedGivesTheSameSamplesAndAnotherSeedOthers(Space<?> space) {
        List<String> a = samples(space, 9);
        List<String> b = samples(space, 9);
        List<String> c = samples(space, 10);
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    private static List<String> samples(Space<?> space, long seed) {
        space.seed(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            out.add(deepString(space.sample()));
        }
        return out;
    }

    private static String deepString(Object x) {
        if (x instanceof Map<?, ?> m) {
            StringBuilder s = new StringBuilder("{");
            m.forEach((k, v) -> s.append(k).append('=').append(deepString(v)).append(' '));
            return s.append('}').toString();
        }
        return x instanceof double[] d ? java.util.Arrays.toString(d)
                : x instanceof int[] n ? java.util.Arrays.toString(n) : String.valueOf(x);
    }

    @Test
    void boxContainsOnlyArraysOfTheRightLengthWithinTheBounds() {
        Box box = new Box(new double[] {-1, 0}, new double[] {1, INF}, new int[] {2}, DType.FLOAT32);
        assertTrue(box.contains(new double[] {-1, 1e30}));
        assertFalse(box.contains(new double[] {-1.5, 0}));
        assertFalse(box.contains(new double[] {Double.NaN, 0}));
        assertFalse(box.contains(new double[] {0}));
        assertFalse(box.contains(new int[] {0, 0}));
        assertFalse(box.contains(null));
        assertTrue(box.whyNotContained(new double[] {0, -3}).contains("[1]=-3.0"), box.whyNotContained(new double[] {0, -3}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> box.require(new double[] {2, 0}, "step(action) of X-v0"));
        assertTrue(e.getMessage().startsWith("step(action) of X-v0: value [0]=2.0"), e.getMessage());
    }

    @Test
    void float32BoxRoundsItsBoundsAndClips() {
        Box box = new Box(-0.1, 0.1, new int[] {2}, DType.FLOAT32);
        assertEquals((float) 0.1, box.high(0));
        assertArrayEquals(new double[] {box.low(0), 0.05}, box.clip(new double[] {-7, 0.05}));
        assertEquals(2, box.flatDim());
        assertTrue(box.isBounded());
        assertFalse(new Box(0, INF, new int[] {1}, DType.FLOAT64).isBounded());
    }

    @Test
    void discreteSpacesCheckRangeAndType() {
        Discrete d = new Discrete(3, -1);
        assertTrue(d.contains(-1) && d.contains(1));
        assertFalse(d.contains(2) || d.contains(-2) || d.contains(1.0) || d.contains(null));
        assertEquals(3, d.flatDim());
        MultiDiscrete m = new MultiDiscrete(new int[] {2, 3}, new int[] {0, 1});
        assertTrue(m.contains(new int[] {1, 3}));
        assertFalse(m.contains(new int[] {1, 4}) || m.contains(new int[] {1}) || m.contains(new double[] {1, 1}));
        assertEquals(5, m.flatDim());
        MultiBinary b = new MultiBinary(2, 2);
        assertTrue(b.contains(new int[] {0, 1, 1, 0}));
        assertFalse(b.contains(new int[] {0, 2, 1, 0}) || b.contains(new int[] {0, 1}));
    }

    @Test
    void dictSpaceChecksEveryKey() {
        DictSpace d = new DictSpace(Map.of("a", new Discrete(2)));
        assertTrue(d.contains(Map.of("a", 1)));
        assertFalse(d.contains(Map.of("a", 2)));
        assertFalse(d.contains(Map.of("b", 1)));
        assertTrue(d.whyNotContained(Map.of("a", 5)).startsWith("'a': "), d.whyNotContained(Map.of("a", 5)));
        assertThrows(IllegalArgumentException.class, () -> d.get("b"));
    }

    static Stream<Arguments> badConstructors() {
        return Stream.of(
                Arguments.of((Executable) () -> new Box(new double[] {0, 2}, new double[] {1, 1}, new int[] {2}, DType.FLOAT32), "low[1]=2.0 > high[1]=1.0"),
                Arguments.of((Executable) () -> new Box(new double[] {Double.NaN}, new double[] {1}, new int[] {1}, DType.FLOAT32), "NaN"),
                Arguments.of((Executable) () -> new Box(new double[] {0}, new double[] {1}, new int[] {2}, DType.FLOAT32), "shape (2,) needs 2"),
                Arguments.of((Executable) () -> new Box(0, 1, new int[] {-1}, DType.FLOAT32), "negative dimension"),
                Arguments.of((Executable) () -> new Box(0, 1, new int[] {1}, null), "dtype is null"),
                Arguments.of((Executable) () -> new Discrete(0), "n=0"),
                Arguments.of((Executable) () -> new MultiDiscrete(2, 0), "nvec[1]=0"),
                Arguments.of((Executable) () -> new MultiDiscrete(new int[] {2}, new int[] {0, 0}), "length of nvec"),
                Arguments.of((Executable) () -> new MultiBinary(0), "dimensions >= 1"),
                Arguments.of((Executable) () -> new DictSpace(Map.of()), "at least one"),
                Arguments.of((Executable) () -> Spaces.fromJson(JsonParser.parseString("{\"type\":\"Tuple\"}").getAsJsonObject()), "Tuple"),
                Arguments.of((Executable) () -> Spaces.batch(new Discrete(2), 0), "n=0"));
    }

    @ParameterizedTest
    @MethodSource("badConstructors")
    void badArgumentsAreRejectedWithAMessageNamingTheValue(Executable construct, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construct);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void batchStacksSpacesAsGymnasiumDoes() {
        assertEquals(new MultiDiscrete(new int[] {3, 3}, new int[] {-1, -1}), Spaces.batch(new Discrete(3, -1), 2));
        Box b = (Box) Spaces.batch(new Box(-1, 1, new int[] {2, 2}, DType.FLOAT64), 3);
        assertArrayEquals(new int[] {3, 2, 2}, b.shape());
        assertEquals(new MultiBinary(4, 2), Spaces.batch(new MultiBinary(2), 4));
        assertEquals(new MultiDiscrete(2, 5, 2, 5), Spaces.batch(new MultiDiscrete(2, 5), 2));
        DictSpace d = (DictSpace) Spaces.batch(new DictSpace(Map.of("a", new Discrete(2))), 2);
        assertEquals(new MultiDiscrete(2, 2), d.get("a"));
    }

    @Test
    void malformedIgnoresBoxBoundsButNotNaNOrLength() {
        Box box = new Box(-2, 2, new int[] {1}, DType.FLOAT32);
        assertNull(Spaces.whyMalformed(box, new double[] {7}));
        assertTrue(Spaces.whyMalformed(box, new double[] {Double.NaN}).contains("NaN"));
        assertTrue(Spaces.whyMalformed(box, new double[] {Double.NEGATIVE_INFINITY}).contains("not a finite number"));
        assertTrue(Spaces.whyMalformed(box, new double[] {1, 2}).contains("expected 1 values"));
        assertTrue(Spaces.whyMalformed(new Discrete(2), 2).contains("not in Discrete(2)"));
        DictSpace d = new DictSpace(Map.of("p", box));
        assertNull(Spaces.whyMalformed(d, Map.of("p", new double[] {9})));
        assertTrue(Spaces.whyMalformed(d, Map.of("p", new double[] {Double.NaN})).startsWith("'p': "));
    }

    @Test
    void uint8BoxHoldsWholeNumbersWithinZeroTo255AndSamplesThem() {
        Box image = new Box(0, 255, new int[] {2, 3, 3}, DType.UINT8);
        assertEquals("Box(0, 255, (2, 3, 3), uint8)", image.toString());              // Gymnasium's repr
        assertEquals("Box([  0 100], 255, (2,), uint8)", new Box(new double[] {0, 100}, new double[] {255, 255},
                new int[] {2}, DType.UINT8).toString());
        image.seed(5);
        boolean sawHigh = false;
        for (int k = 0; k < 200; k++) {
            double[] x = image.sample();
            assertTrue(image.contains(x));
            for (double v : x) {
                assertEquals(Math.rint(v), v, 0.0, "whole numbers only");
                sawHigh |= v == 255.0;
            }
        }
        assertTrue(sawHigh, "the upper bound is reachable, as in Gymnasium's integer sampling");
        double[] half = new double[18];
        half[4] = 12.5;
        assertTrue(image.whyNotContained(half).contains("is not a whole number"), image.whyNotContained(half));
        assertEquals(image, Spaces.fromJson(image.toJson()));
        assertEquals("uint8", image.toJson().get("dtype").getAsString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Box(-1, 255, new int[] {4}, DType.UINT8));
        assertTrue(e.getMessage().contains("uint8 box needs bounds within [0, 255]"), e.getMessage());
        assertEquals(255.0, DType.UINT8.round(300.7));
        assertEquals(13.0, DType.UINT8.round(12.6));
    }
}
