package io.granary.storage.local.internal;

import io.granary.storage.BucketInfo;
import io.granary.storage.ChecksumAlgorithm;
import io.granary.storage.ChecksumType;
import io.granary.storage.MultipartUpload;
import io.granary.storage.ObjectInfo;
import io.granary.storage.ObjectMetadata;
import io.granary.storage.PartInfo;

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
 * The binary metadata files. Every file is {@code magic:int32, formatVersion:u8, body..., crc32c:int32} where the
 * CRC-32C covers all preceding bytes; integers are big-endian (DataOutputStream). Strings are
 * {@code length:int32 (-1 = null), UTF-8 bytes}; instants are {@code epochSecond:int64, nanos:int32}.
 */
public final class MetaCodec {

    public static final int OBJECT_MAGIC = 0x47524F42; // "GROB"
    public static final int BUCKET_MAGIC = 0x4752424B; // "GRBK"
    public static final int UPLOAD_MAGIC = 0x47525550; // "GRUP"
    public static final int PART_MAGIC = 0x47525054;   // "GRPT"
    public static final int FORMAT_VERSION = 1;

    private static final int MAX_STRING = 1 << 20;
    private static final int MAX_COUNT = 1 << 20;

    private MetaCodec() {}

    /** Thrown for a metadata file that is truncated, has a bad checksum or impossible values. */
    public static final class CorruptMetadataException extends IOException {
        public CorruptMetadataException(String message) {
            super(message);
        }
    }

    // ---- objects ----

    public static byte[] encodeObject(StoredObject o) {
        return encode(OBJECT_MAGIC, out -> {
            writeString(out, o.info().key());
            writeInstant(out, o.info().lastModified());
            out.writeLong(o.info().size());
            writeString(out, o.version());
            writeString(out, o.originUploadId());
            out.writeInt(o.segments().length);
            for (long s : o.segments()) {
                out.writeLong(s);
            }
            writeMetadata(out, o.info().metadata());
        });
    }

    public static StoredObject decodeObject(String bucket, byte[] bytes) throws CorruptMetadataException {
        return decode(OBJECT_MAGIC, bytes, in -> {
            String key = requireNonNull(readString(in), "key");
            Instant lastModified = readInstant(in);
            long size = in.readLong();
            String version = requireNonNull(readString(in), "version");
            String origin = readString(in);
            int n = readCount(in);
            long[] segments = new long[n];
            long sum = 0;
            for (int i = 0; i < n; i++) {
                segments[i] = in.readLong();
                if (segments[i] < 0) {
                    throw new CorruptMetadataException("negative segment length");
                }
                sum += segments[i];
            }
            if (sum != size || !Ids.isRandom(version) || (origin != null && !Ids.isUploadId(origin))) {
                throw new CorruptMetadataException("inconsistent object record");
            }
            ObjectMetadata md = readMetadata(in);
            return new StoredObject(new ObjectInfo(bucket, key, size, lastModified, md), version, origin, segments);
        });
    }

    // ---- buckets ----

    public static byte[] encodeBucket(BucketInfo b) {
        return encode(BUCKET_MAGIC, out -> {
            writeString(out, b.name());
            writeInstant(out, b.created());
            writeString(out, b.region());
        });
    }

    public static BucketInfo decodeBucket(byte[] bytes) throws CorruptMetadataException {
        return decode(BUCKET_MAGIC, bytes, in -> new BucketInfo(requireNonNull(readString(in), "name"),
                readInstant(in), readString(in)));
    }

    // ---- uploads ----

    public static byte[] encodeUpload(MultipartUpload u) {
        return encode(UPLOAD_MAGIC, out -> {
            writeString(out, u.bucket());
            writeString(out, u.key());
            writeString(out, u.uploadId());
            writeInstant(out, u.initiated());
            writeMetadata(out, u.metadata());
        });
    }

    public static MultipartUpload decodeUpload(byte[] bytes) throws CorruptMetadataException {
        return decode(UPLOAD_MAGIC, bytes, in -> new MultipartUpload(requireNonNull(readString(in), "bucket"),
                requireNonNull(readString(in), "key"), requireNonNull(readString(in), "uploadId"),
                readInstant(in), readMetadata(in)));
    }

    // ---- parts ----

    public static byte[] encodePart(StoredPart p) {
        return encode(PART_MAGIC, out -> {
            out.writeInt(p.info().partNumber());
            out.writeLong(p.info().size());
            writeString(out, p.info().etag());
            writeString(out, p.info().checksumValue());
            writeInstant(out, p.info().lastModified());
            writeString(out, p.dataFile());
        });
    }

    public static StoredPart decodePart(byte[] bytes) throws CorruptMetadataException {
        return decode(PART_MAGIC, bytes, in -> {
            PartInfo info = new PartInfo(in.readInt(), in.readLong(), readString(in), readString(in), readInstant(in));
            String file = requireNonNull(readString(in), "dataFile");
            if (info.size() < 0 || !file.startsWith("part-" + info.partNumber() + ".") || file.contains("/")) {
                throw new CorruptMetadataException("inconsistent part record");
            }
            return new StoredPart(info, file);
        });
    }

    // ---- ObjectMetadata ----

    private static void writeMetadata(DataOutputStream out, ObjectMetadata m) throws IOException {
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

    private static ObjectMetadata readMetadata(DataInputStream in) throws IOException {
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
            sums.add(requireNonNull(readString(in), "part checksum"));
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

    // ---- primitives ----

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Parser<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] encode(int magic, Body body) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(magic);
            out.writeByte(FORMAT_VERSION);
            body.write(out);
            out.flush();
            CRC32C crc = new CRC32C();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
    }

    private static <T> T decode(int magic, byte[] bytes, Parser<T> parser) throws CorruptMetadataException {
        if (bytes.length < 9) {
            throw new CorruptMetadataException("too short: " + bytes.length + " bytes");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ((bytes[bytes.length - 4] & 0xFF) << 24) | ((bytes[bytes.length - 3] & 0xFF) << 16)
                | ((bytes[bytes.length - 2] & 0xFF) << 8) | (bytes[bytes.length - 1] & 0xFF);
        if ((int) crc.getValue() != stored) {
            throw new CorruptMetadataException("checksum mismatch");
        }
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - 4));
            if (in.readInt() != magic) {
                throw new CorruptMetadataException("bad magic");
            }
            int version = in.readUnsignedByte();
            if (version != FORMAT_VERSION) {
                throw new CorruptMetadataException("unsupported format version " + version);
            }
            T value = parser.read(in);
            if (in.available() != 0) {
                throw new CorruptMetadataException("trailing bytes");
            }
            return value;
        } catch (CorruptMetadataException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CorruptMetadataException("unreadable: " + e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len == -1) {
            return null;
        }
        if (len < 0 || len > MAX_STRING || len > in.available()) {
            throw new CorruptMetadataException("bad string length " + len);
        }
        byte[] b = in.readNBytes(len);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static int readCount(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_COUNT || n > in.available()) {
            throw new CorruptMetadataException("bad count " + n);
        }
        return n;
    }

    private static void writeInstant(DataOutputStream out, Instant t) throws IOException {
        out.writeLong(t.getEpochSecond());
        out.writeInt(t.getNano());
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
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
            map.put(requireNonNull(readString(in), "map key"), readString(in));
        }
        return map;
    }

    private static String requireNonNull(String s, String what) throws CorruptMetadataException {
        if (s == null) {
            throw new CorruptMetadataException("missing " + what);
        }
        return s;
    }
}
