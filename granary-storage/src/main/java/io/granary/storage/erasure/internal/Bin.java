package io.granary.storage.erasure.internal;

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
 * Binary primitives of the erasure engine's record files (see docs/FORMAT.md). A record file is
 * {@code magic:int32, formatVersion:u8, commonLength:int32, common, sectionLength:int32, section, crc32c:int32}: the
 * common part is byte-identical on every drive of a set (so copies are compared byte for byte), the section holds what
 * differs per drive (the shard index, inline shard bytes). Big-endian; strings {@code length:int32 (-1 null), UTF-8}.
 */
public final class Bin {

    public static final int FORMAT_VERSION = 1;
    private static final int MAX_STRING = 1 << 20;
    private static final int MAX_COUNT = 1 << 20;

    private Bin() {}

    /** A decoded record file: its common and per-drive parts. */
    public record RecordFile(byte[] common, byte[] section) {}

    public interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    public interface Parser<T> {
        T read(DataInputStream in) throws IOException;
    }

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

    public static <T> T parse(byte[] bytes, Parser<T> parser) throws CorruptMetadataException {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
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

    public static byte[] encodeRecord(int magic, byte[] common, byte[] section) {
        byte[] body = bytes(out -> {
            out.writeInt(magic);
            out.writeByte(FORMAT_VERSION);
            out.writeInt(common.length);
            out.write(common);
            out.writeInt(section.length);
            out.write(section);
        });
        CRC32C crc = new CRC32C();
        crc.update(body);
        byte[] all = new byte[body.length + 4];
        System.arraycopy(body, 0, all, 0, body.length);
        int c = (int) crc.getValue();
        all[body.length] = (byte) (c >>> 24);
        all[body.length + 1] = (byte) (c >>> 16);
        all[body.length + 2] = (byte) (c >>> 8);
        all[body.length + 3] = (byte) c;
        return all;
    }

    public static RecordFile decodeRecord(int magic, byte[] bytes) throws CorruptMetadataException {
        if (bytes.length < 17) {
            throw new CorruptMetadataException("too short: " + bytes.length + " bytes");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        int n = bytes.length;
        int stored = ((bytes[n - 4] & 0xFF) << 24) | ((bytes[n - 3] & 0xFF) << 16) | ((bytes[n - 2] & 0xFF) << 8)
                | (bytes[n - 1] & 0xFF);
        if ((int) crc.getValue() != stored) {
            throw new CorruptMetadataException("checksum mismatch");
        }
        byte[] body = java.util.Arrays.copyOf(bytes, n - 4);
        return parse(body, in -> {
            if (in.readInt() != magic) {
                throw new CorruptMetadataException("bad magic");
            }
            int v = in.readUnsignedByte();
            if (v != FORMAT_VERSION) {
                throw new CorruptMetadataException("unsupported format version " + v);
            }
            byte[] common = readBlob(in);
            byte[] section = readBlob(in);
            return new RecordFile(common, section);
        });
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

    public static String readNonNull(DataInputStream in, String what) throws IOException {
        String s = readString(in);
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

    private static void writeMap(DataOutputStream out, Map<String, String> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, String> e : map.entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
        }
    }

    private static Map<String, String> readMap(DataInputStream in) throws IOException {
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
