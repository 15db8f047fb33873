package io.github.jmegym.agent.tensorboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * TFRecord framing, the container of TensorBoard event files: each record is {@code uint64 length},
 * {@code uint32 maskedCrc32c(length bytes)}, {@code data}, {@code uint32 maskedCrc32c(data)}, all little-endian
 * (TensorFlow's {@code core/lib/io/record_writer.cc}).
 */
public final class TfRecord {
    private static final int MASK_DELTA = 0xa282ead8;

    private TfRecord() {
    }

    /** CRC32C (Castagnoli) of {@code len} bytes of {@code b} from {@code off}. */
    public static int crc32c(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return (int) c.getValue();
    }

    /** TensorFlow's masked CRC: {@code ((crc >>> 15) | (crc << 17)) + 0xa282ead8}, so CRCs of CRCs stay strong. */
    public static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
    }

    /** The framed bytes of one record. */
    public static byte[] frame(byte[] data) {
        ByteBuffer buf = ByteBuffer.allocate(8 + 4 + data.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(data.length);
        buf.putInt(mask(crc32c(buf.array(), 0, 8)));
        buf.put(data);
        buf.putInt(mask(crc32c(data, 0, data.length)));
        return buf.array();
    }

    /** Writes one framed record. */
    public static void write(OutputStream out, byte[] data) throws IOException {
        out.write(frame(data));
    }

    /**
     * Reads every record of a stream, checking both CRCs.
     *
     * @throws IOException on a CRC mismatch or a record cut short (naming the record's index)
     */
    public static List<byte[]> readAll(InputStream in) throws IOException {
        List<byte[]> records = new ArrayList<>();
        byte[] header = new byte[12];
        while (true) {
            int n = in.readNBytes(header, 0, 12);
            if (n == 0) {
                return records;
            }
            if (n < 12) {
                throw new IOException("TFRecord " + records.size() + ": header cut short (" + n + " of 12 bytes)");
            }
            ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
            long len = h.getLong();
            if (h.getInt() != mask(crc32c(header, 0, 8))) {
                throw new IOException("TFRecord " + records.size() + ": length CRC mismatch");
            }
            if (len < 0 || len > Integer.MAX_VALUE - 8) {
                throw new IOException("TFRecord " + records.size() + ": length " + len + " out of range");
            }
            byte[] data = in.readNBytes((int) len);
            byte[] crc = in.readNBytes(4);
            if (data.length < len || crc.length < 4) {
                throw new IOException("TFRecord " + records.size() + ": data cut short");
            }
            if (ByteBuffer.wrap(crc).order(ByteOrder.LITTLE_ENDIAN).getInt() != mask(crc32c(data, 0, data.length))) {
                throw new IOException("TFRecord " + records.size() + ": data CRC mismatch");
            }
            records.add(data);
        }
    }
}
