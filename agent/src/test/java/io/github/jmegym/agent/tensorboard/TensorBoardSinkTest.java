package io.github.jmegym.agent.tensorboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jmegym.proto.tensorboard.Event;
import io.github.jmegym.proto.tensorboard.SessionLog;
import io.github.jmegym.proto.tensorboard.Summary;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class TensorBoardSinkTest {
    @TempDir
    Path dir;

    @Test
    void crc32cAndMaskMatchTheStandardCheckValue() {
        byte[] b = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xe3069283, TfRecord.crc32c(b, 0, b.length));
        // tensorboard.compat.tensorflow_stub.pywrap_tensorflow.masked_crc32c(b"123456789")
        assertEquals(0xc78ab0e5, TfRecord.mask(TfRecord.crc32c(b, 0, b.length)));
    }

    @Test
    void frameOfAKnownRecordEqualsTensorBoardsRecordWriterBytes() {
        // tensorboard.summary.writer.record_writer.RecordWriter(buf).write(b"hello tfrecord")
        byte[] golden = HexFormat.of().parseHex("0e00000000000000c5e5693f68656c6c6f2074667265636f72649f5b7622");
        assertArrayEquals(golden, TfRecord.frame("hello tfrecord".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void readAllRejectsACorruptedDataByte() {
        byte[] framed = TfRecord.frame("hello tfrecord".getBytes(StandardCharsets.US_ASCII));
        framed[14] ^= 1;
        IOException e = assertThrows(IOException.class, () -> TfRecord.readAll(new ByteArrayInputStream(framed)));
        assertTrue(e.getMessage().contains("data CRC mismatch"), e.getMessage());
    }

    @Test
    void noFileIsCreatedBeforeTheFirstUpdate() throws IOException {
        TensorBoardSink sink = new TensorBoardSink(dir, 0);
        sink.close();
        assertNull(sink.file());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void protobufParserReadsBackVersionThenOneSummaryPerUpdate() throws IOException {
        Map<String, Double> m1 = new LinkedHashMap<>();
        m1.put("train/approx_kl", 0.0123456789);
        m1.put("rollout/ep_rew_mean", Double.NaN);
        Map<String, Double> m2 = Map.of("train/approx_kl", -2.5);
        Path file;
        try (TensorBoardSink sink = new TensorBoardSink(dir, 0)) {
            sink.record(256, m1);
            sink.record(512, m2);
            file = sink.file();
        }
        assertTrue(file.getFileName().toString().startsWith("events.out.tfevents."), file.toString());
        List<Event> events = read(file);
        assertEquals(3, events.size());
        assertEquals(TensorBoardSink.FILE_VERSION, events.get(0).getFileVersion());
        Event e1 = events.get(1);
        assertEquals(256, e1.getStep());
        List<Summary.Value> v = e1.getSummary().getValueList();
        assertEquals(List.of("train/approx_kl", "rollout/ep_rew_mean"), v.stream().map(Summary.Value::getTag).toList());
        assertEquals((float) 0.0123456789, v.get(0).getSimpleValue());
        assertTrue(Float.isNaN(v.get(1).getSimpleValue()));
        assertEquals(512, events.get(2).getStep());
        assertEquals(-2.5f, events.get(2).getSummary().getValue(0).getSimpleValue());
        assertTrue(events.get(2).getWallTime() > 1.6e9, "wall time in seconds since the epoch");
    }

    @Test
    void eachUpdateIsOnDiskBeforeTheSinkIsClosed() throws IOException {
        try (TensorBoardSink sink = new TensorBoardSink(dir, 0)) {
            sink.record(128, Map.of("train/entropy", 0.69));
            List<Event> events = read(sink.file());
            assertEquals(2, events.size(), "TensorBoard reads a running run's file");
            assertEquals(128, events.get(1).getStep());
        }
    }

    @Test
    void resumedSinkOpensANewFileThatStartsWithASessionStartJustPastTheResumeStep() throws IOException {
        Path first;
        try (TensorBoardSink sink = new TensorBoardSink(dir, 0)) {
            sink.record(100, Map.of("a", 1.0));
            first = sink.file();
        }
        Path second;
        try (TensorBoardSink sink = new TensorBoardSink(dir, 100)) {
            sink.record(200, Map.of("a", 2.0));
            second = sink.file();
        }
        assertNotEquals(first, second);
        List<Event> events = read(second);
        assertEquals(TensorBoardSink.FILE_VERSION, events.get(0).getFileVersion());
        assertEquals(SessionLog.SessionStatus.START, events.get(1).getSessionLog().getStatus());
        assertEquals(101, events.get(1).getStep(), "TensorBoard purges steps >= a START's: the checkpoint's own update stays");
        assertEquals(200, events.get(2).getStep());
        assertEquals(1, read(first).get(1).getSummary().getValueCount());
    }

    private static List<Event> read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return TfRecord.readAll(in).stream().map(b -> {
                try {
                    return Event.parseFrom(b);
                } catch (IOException e) {
                    throw new AssertionError("not an Event: " + e, e);
                }
            }).toList();
        }
    }
}
