package io.github.jmegym.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.envs.spaces.Box;
import io.github.jmegym.envs.spaces.DType;
import io.github.jmegym.envs.spaces.DictSpace;
import io.github.jmegym.envs.spaces.Discrete;
import io.github.jmegym.envs.spaces.MultiBinary;
import io.github.jmegym.envs.spaces.MultiDiscrete;
import io.github.jmegym.envs.spaces.Space;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.jmegym.envs.Json;
import io.github.jmegym.envs.spaces.Spaces;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class SpaceCodecTest {

    static Stream<Arguments> spaces() {
        Map<String, Space<?>> inner = new LinkedHashMap<>();
        inner.put("z", new Discrete(3, -1));
        inner.put("a", new Box(-1, 1, new int[] {2, 2}, DType.FLOAT64));
        Map<String, Space<?>> outer = new LinkedHashMap<>();
        outer.put("bits", new MultiBinary(2, 3));
        outer.put("inner", new DictSpace(inner));
        outer.put("pos", new Box(-5, 5, new int[] {3}, DType.FLOAT32));
        return Stream.of(
                Arguments.of(new Box(-2, 2, new int[] {4}, DType.FLOAT32), 16),
                Arguments.of(new Box(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, new int[] {2, 3}, DType.FLOAT64), 48),
                Arguments.of(new Box(0, 255, new int[] {2, 3}, DType.UINT8), 6),
                Arguments.of(new Discrete(7, -3), 8),
                Arguments.of(new MultiDiscrete(new int[] {3, 5, 2}, new int[] {0, -2, 10}), 24),
                Arguments.of(new MultiBinary(5), 5),
                Arguments.of(new DictSpace(outer), 6 + (8 + 32) + 12));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spaces")
    void everySpaceTypeRoundTripsSampledElementsExactly(Space<?> space, int size) {
        SpaceCodec<?> codec = SpaceCodec.of(space);
        assertEquals(size, codec.size());
        space.seed(7);
        for (int i = 0; i < 50; i++) {
            Object x = space.sample();
            byte[] bytes = codec.encodeToBytes(x);
            assertEquals(size, bytes.length);
            Object back = codec.decodeAll(bytes, 1, "test").get(0);
            assertTrue(space.contains(back), () -> space + " does not contain the decoded " + back);
            assertElementEquals(x, back);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spaces")
    void aVectorOfElementsIsTheirFormsBackToBack(Space<?> space, int size) {
        SpaceCodec<?> codec = SpaceCodec.of(space);
        space.seed(3);
        Object a = space.sample();
        Object b = space.sample();
        byte[] both = new byte[2 * size];
        System.arraycopy(codec.encodeToBytes(a), 0, both, 0, size);
        System.arraycopy(codec.encodeToBytes(b), 0, both, size, size);
        List<?> back = codec.decodeAll(both, 2, "test");
        assertElementEquals(a, back.get(0));
        assertElementEquals(b, back.get(1));
    }

    /** The golden cases shared with the Python tests ({@code test_codec.py}); the layout is docs/wire-format.md. */
    static Stream<Arguments> golden() throws IOException {
        try (InputStream in = SpaceCodecTest.class.getResourceAsStream("/wire-golden.json")) {
            JsonObject file = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
            assertEquals(Protocol.LAYOUT_VERSION, file.get("layout").getAsInt());
            List<Arguments> cases = new ArrayList<>();
            for (JsonElement e : file.getAsJsonArray("cases")) {
                JsonObject c = e.getAsJsonObject();
                Space<?> space = Spaces.fromJson(c.getAsJsonObject("space"));
                cases.add(Arguments.of(c.get("name").getAsString(), space, element(space, c.get("value")),
                        c.get("hex").getAsString()));
            }
            return cases.stream();
        }
    }

    /** A golden value as the Java element of {@code space}: double[] for Box, int[] for Multi*, Integer, Map. */
    static Object element(Space<?> space, JsonElement value) {
        if (space instanceof Box) {
            return Json.doubles(value.getAsJsonArray());
        }
        if (space instanceof Discrete) {
            return value.getAsInt();
        }
        if (space instanceof MultiDiscrete || space instanceof MultiBinary) {
            return Json.ints(value.getAsJsonArray());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        ((DictSpace) space).spaces().forEach((k, s) -> m.put(k, element(s, value.getAsJsonObject().get(k))));
        return m;
    }

    @Test
    void theGoldenFileCoversEverySpaceType() throws IOException {
        Set<String> types = new TreeSet<>();
        golden().forEach(a -> types.add(((Space<?>) a.get()[1]).toJson().get("type").getAsString()));
        assertEquals(Set.of("Box", "Discrete", "Dict", "MultiBinary", "MultiDiscrete"), types);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("golden")
    void elementsEncodeToTheGoldenLittleEndianBytes(String name, Space<?> space, Object value, String hex) {
        SpaceCodec<?> codec = SpaceCodec.of(space);
        assertEquals(hex, HexFormat.of().formatHex(codec.encodeToBytes(value)));
        assertEquals(hex.length() / 2, codec.size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("golden")
    void goldenBytesDecodeToTheGoldenValue(String name, Space<?> space, Object value, String hex) {
        Object back = SpaceCodec.of(space).decodeAll(HexFormat.of().parseHex(hex), 1, "golden").get(0);
        assertElementEquals(value, back);
        assertTrue(space.contains(back), () -> space + " does not contain the decoded " + back);
    }

    @Test
    void wrongNumberOfBytesIsRejectedWithTheExpectedSize() {
        SpaceCodec<?> c = SpaceCodec.of(new Box(-1, 1, new int[] {3}, DType.FLOAT32));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.decodeAll(new byte[11], 1, "step(Test-v0)"));
        assertTrue(e.getMessage().contains("step(Test-v0)") && e.getMessage().contains("expected 12"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.decodeAll(null, 1, "step(Test-v0)"));
        assertThrows(IllegalArgumentException.class, () -> c.decodeAll(new byte[12], 2, "step(Test-v0)"));
    }

    @Test
    void discreteValuesBeyondThirtyTwoBitsAreRejected() {
        byte[] big = Protocol.buffer(8).putLong(1L << 40).array();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SpaceCodec.of(new Discrete(2)).decodeAll(big, 1, "step"));
        assertTrue(e.getMessage().contains(Long.toString(1L << 40)), e.getMessage());
    }

    @Test
    void float32NaNSurvivesTheRoundTripSoTheEnvCanRejectIt() {
        SpaceCodec<?> c = SpaceCodec.of(new Box(-1, 1, new int[] {1}, DType.FLOAT32));
        byte[] nan = ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(Float.NaN).array();
        double[] back = (double[]) c.decodeAll(nan, 1, "step").get(0);
        assertTrue(Double.isNaN(back[0]));
    }

    @SuppressWarnings("unchecked")
    static void assertElementEquals(Object expected, Object actual) {
        if (expected instanceof double[] e) {
            assertArrayEquals(e, (double[]) actual);
        } else if (expected instanceof int[] e) {
            assertArrayEquals(e, (int[]) actual);
        } else if (expected instanceof Map<?, ?> e) {
            Map<String, Object> a = (Map<String, Object>) actual;
            assertEquals(e.keySet(), a.keySet());
            e.forEach((k, v) -> assertElementEquals(v, a.get(k)));
        } else {
            assertEquals(expected, actual);
        }
    }
}
