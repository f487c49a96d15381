package io.granary.storage.internal;

import io.granary.storage.ChecksumAlgorithm;
import io.granary.storage.ChecksumType;
import io.granary.storage.ObjectMetadata;
import io.granary.storage.local.internal.MetaCodec.CorruptMetadataException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Binary primitives shared by both engines' metadata files (see docs/FORMAT.md): big-endian integers
 * (DataOutputStream), strings as {@code length:int32 (-1 = null), UTF-8 bytes}, instants as
 * {@code epochSecond:int64, nanos:int32}, string maps as {@code count:int32, (key, value)*}, the
 * {@link ObjectMetadata} record, and the trailing CRC-32C of a file. Both engines' on-disk encodings depend on these
 * bytes: do not change them.
 */
public final class BinaryCodec {

    private static final int MAX_STRING = 1 << 20;
    private static final int MAX_COUNT = 1 << 20;

    private BinaryCodec() {}

    /** Writes a body to a {@link DataOutputStream}. */
    public interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    /** Reads a value from a {@link DataInputStream}. */
    public interface Parser<T> {
        T read(DataInputStream in) throws IOException;
    }

    /** The bytes {@code body} writes. */
    public static byte[] bytes(Body body) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream(256);
            DataOutputStream out = new DataOutputStream(b);
            body.write(out);
            out.flush();
            return b.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
    }

    /** Parses all of {@code bytes}; fails on trailing bytes, and reports any read failure as corrupt metadata. */
    public static <T> T parse(byte[] bytes, Parser<T> parser) throws CorruptMetadataException {
        return parse(bytes, bytes.length, parser);
    }

    /** Parses the first {@code length} of {@code bytes}, all of them, as {@link #parse(byte[], Parser)}. */
    public static <T> T parse(byte[] bytes, int length, Parser<T> parser) throws CorruptMetadataException {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, length));
            T v = parser.read(in);
            if (in.available() != 0) {
                throw new CorruptMetadataException("trailing bytes");
            }
            return v;
        } catch (CorruptMetadataException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CorruptMetadataException("unreadable: " + e);
        }
    }

    /** {@code body} followed by its CRC-32C as a big-endian int32. */
    public static byte[] withCrc(byte[] body) {
        return withCrc(body, body, 0);
    }

    /**
     * {@code head}, then the first {@code tailLength} bytes of {@code tail}, then the CRC-32C of both as a big-endian
     * int32: {@link #withCrc(byte[])} of the two joined, copying each byte once.
     */
    public static byte[] withCrc(byte[] head, byte[] tail, int tailLength) {
        byte[] all = new byte[head.length + tailLength + 4];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tailLength);
        int body = head.length + tailLength;
        CRC32C crc = new CRC32C();
        crc.update(all, 0, body);
        int c = (int) crc.getValue();
        all[body] = (byte) (c >>> 24);
        all[body + 1] = (byte) (c >>> 16);
        all[body + 2] = (byte) (c >>> 8);
        all[body + 3] = (byte) c;
        return all;
    }

    /** Checks that the last four bytes are the CRC-32C of all before them (call with at least four bytes). */
    public static void checkCrc(byte[] bytes) throws CorruptMetadataException {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        int n = bytes.length;
        int stored = ((bytes[n - 4] & 0xFF) << 24) | ((bytes[n - 3] & 0xFF) << 16) | ((bytes[n - 2] & 0xFF) << 8)
                | (bytes[n - 1] & 0xFF);
        if ((int) crc.getValue() != stored) {
            throw new CorruptMetadataException("checksum mismatch");
        }
    }

    public static void writeBlob(DataOutputStream out, byte[] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(b.length);
        out.write(b);
    }

    public static byte[] readBlob(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len == -1) {
            return null;
        }
        if (len < 0 || len > in.available()) {
            throw new CorruptMetadataException("bad blob length " + len);
        }
        return in.readNBytes(len);
    }

    public static void writeString(DataOutputStream out, String s) throws IOException {
        writeBlob(out, s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    public static String readString(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len == -1) {
            return null;
        }
        if (len < 0 || len > MAX_STRING || len > in.available()) {
            throw new CorruptMetadataException("bad string length " + len);
        }
        return new String(in.readNBytes(len), StandardCharsets.UTF_8);
    }

    /** Reads a string that must be present; {@code what} names it in the error. */
    public static String readNonNull(DataInputStream in, String what) throws IOException {
        return requireNonNull(readString(in), what);
    }

    public static String requireNonNull(String s, String what) throws CorruptMetadataException {
        if (s == null) {
            throw new CorruptMetadataException("missing " + what);
        }
        return s;
    }

    public static int readCount(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_COUNT || n > in.available()) {
            throw new CorruptMetadataException("bad count " + n);
        }
        return n;
    }

    public static void writeInstant(DataOutputStream out, Instant t) throws IOException {
        out.writeLong(t.getEpochSecond());
        out.writeInt(t.getNano());
    }

    public static Instant readInstant(DataInputStream in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }

    public static void writeMap(DataOutputStream out, Map<String, String> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, String> e : map.entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
        }
    }

    public static Map<String, String> readMap(DataInputStream in) throws IOException {
        int n = readCount(in);
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            map.put(readNonNull(in, "map key"), readString(in));
        }
        return map;
    }

    public static void writeMetadata(DataOutputStream out, ObjectMetadata m) throws IOException {
        writeString(out, m.etag());
        writeString(out, m.contentType());
        writeString(out, m.contentEncoding());
        writeString(out, m.contentDisposition());
        writeString(out, m.contentLanguage());
        writeString(out, m.cacheControl());
        writeString(out, m.expires());
        writeMap(out, m.userMetadata());
        writeString(out, m.checksumAlgorithm() == null ? null : m.checksumAlgorithm().name());
        writeString(out, m.checksumValue());
        writeString(out, m.checksumType() == null ? null : m.checksumType().name());
        out.writeInt(m.partSizes().size());
        for (long s : m.partSizes()) {
            out.writeLong(s);
        }
        out.writeInt(m.partChecksums().size());
        for (String c : m.partChecksums()) {
            writeString(out, c);
        }
        writeString(out, m.storageClass());
        writeMap(out, m.tags());
    }

    public static ObjectMetadata readMetadata(DataInputStream in) throws IOException {
        String etag = readString(in);
        String contentType = readString(in);
        String contentEncoding = readString(in);
        String contentDisposition = readString(in);
        String contentLanguage = readString(in);
        String cacheControl = readString(in);
        String expires = readString(in);
        Map<String, String> user = readMap(in);
        String algo = readString(in);
        String checksumValue = readString(in);
        String type = readString(in);
        int nSizes = readCount(in);
        List<Long> sizes = new ArrayList<>(nSizes);
        for (int i = 0; i < nSizes; i++) {
            sizes.add(in.readLong());
        }
        int nSums = readCount(in);
        List<String> sums = new ArrayList<>(nSums);
        for (int i = 0; i < nSums; i++) {
            sums.add(readNonNull(in, "part checksum"));
        }
        String storageClass = readString(in);
        Map<String, String> tags = readMap(in);
        try {
            return new ObjectMetadata(etag, contentType, contentEncoding, contentDisposition, contentLanguage,
                    cacheControl, expires, user, algo == null ? null : ChecksumAlgorithm.valueOf(algo),
                    checksumValue, type == null ? null : ChecksumType.valueOf(type), sizes, sums, storageClass, tags);
        } catch (IllegalArgumentException e) {
            throw new CorruptMetadataException("unknown enum value: " + e.getMessage());
        }
    }
}
