package io.granary.storage.local.internal;

import io.granary.storage.BucketInfo;
import io.granary.storage.MultipartUpload;
import io.granary.storage.ObjectInfo;
import io.granary.storage.ObjectMetadata;
import io.granary.storage.PartInfo;
import io.granary.storage.internal.BinaryCodec;

import static io.granary.storage.internal.BinaryCodec.readCount;
import static io.granary.storage.internal.BinaryCodec.readInstant;
import static io.granary.storage.internal.BinaryCodec.readMetadata;
import static io.granary.storage.internal.BinaryCodec.readString;
import static io.granary.storage.internal.BinaryCodec.requireNonNull;
import static io.granary.storage.internal.BinaryCodec.writeInstant;
import static io.granary.storage.internal.BinaryCodec.writeMetadata;
import static io.granary.storage.internal.BinaryCodec.writeString;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The binary metadata files. Every file is {@code magic:int32, recordVersion:u8, body..., crc32c:int32} where the
 * CRC-32C covers all preceding bytes; integers are big-endian (DataOutputStream). Strings are
 * {@code length:int32 (-1 = null), UTF-8 bytes}; instants are {@code epochSecond:int64, nanos:int32}.
 *
 * <p>Object records are version 2: version 1's body followed by {@code inlineLength:int32} (-1: the bytes are in
 * data files) and that many object bytes, the last field before the CRC, so that a reader finds them at
 * {@code fileSize - 4 - size} and can send them straight from the file ({@link #inlineDataPosition}). Version-1
 * object records (no inline field) are read as before; buckets, uploads and parts stay at version 1.
 */
public final class MetaCodec {

    public static final int OBJECT_MAGIC = 0x47524F42; // "GROB"
    public static final int BUCKET_MAGIC = 0x4752424B; // "GRBK"
    public static final int UPLOAD_MAGIC = 0x47525550; // "GRUP"
    public static final int PART_MAGIC = 0x47525054;   // "GRPT"
    /** Record version of bucket, upload and part records. */
    public static final int FORMAT_VERSION = 1;
    /** Record version of object records written now; version 1 (no inline field) is still read. */
    public static final int OBJECT_VERSION = 2;
    /** The inline-length field of an object record whose bytes are in data files. */
    private static final int NOT_INLINE = -1;

    private MetaCodec() {}

    /** Thrown for a metadata file that is truncated, has a bad checksum or impossible values. */
    public static final class CorruptMetadataException extends IOException {
        public CorruptMetadataException(String message) {
            super(message);
        }
    }

    // ---- objects ----

    /** The record of a version stored in data files. */
    public static byte[] encodeObject(StoredObject o) {
        if (o.inline()) {
            throw new IllegalArgumentException("an inline object's record needs its bytes");
        }
        return BinaryCodec.withCrc(objectHead(o, NOT_INLINE));
    }

    /** The record of an inline version, holding its bytes: the first {@code o.size()} of {@code data}. */
    public static byte[] encodeObject(StoredObject o, byte[] data) {
        if (!o.inline() || o.size() > data.length) {
            throw new IllegalArgumentException("not an inline object of " + data.length + " bytes or less");
        }
        int length = (int) o.size();
        return BinaryCodec.withCrc(objectHead(o, length), data, length);
    }

    /** Everything of a version-2 object record before the inline bytes and the CRC. */
    private static byte[] objectHead(StoredObject o, int inlineLength) {
        return BinaryCodec.bytes(out -> {
            out.writeInt(OBJECT_MAGIC);
            out.writeByte(OBJECT_VERSION);
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
            out.writeInt(inlineLength);
        });
    }

    /** Reads an object record of version 1 or 2; the inline bytes, if any, are checked and skipped, not kept. */
    public static StoredObject decodeObject(String bucket, byte[] bytes) throws CorruptMetadataException {
        return decode(OBJECT_MAGIC, OBJECT_VERSION, bytes, (in, recordVersion) -> {
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
            ObjectMetadata md = readMetadata(in);
            int inlineLength = recordVersion >= 2 ? in.readInt() : NOT_INLINE;
            boolean inline = inlineLength != NOT_INLINE;
            if (inline) {
                if (inlineLength != in.available() || inlineLength != size || n != 0 || origin != null) {
                    throw new CorruptMetadataException("inconsistent inline object record");
                }
                in.skipNBytes(inlineLength);
            }
            if ((!inline && sum != size) || !Ids.isRandom(version) || (origin != null && !Ids.isUploadId(origin))) {
                throw new CorruptMetadataException("inconsistent object record");
            }
            ObjectInfo info = new ObjectInfo(bucket, key, size, lastModified, md);
            return inline ? StoredObject.inline(info, version) : new StoredObject(info, version, origin, segments);
        });
    }

    /**
     * Where the bytes of inline version {@code expected} start in its open {@code meta} file, after checking that the
     * file is that version's record: magic, record version, key length, size and version name at their places, and
     * the inline length just before the bytes. Two small reads, never the object bytes; the CRC is checked at open
     * ({@link #decodeObject}), not here.
     */
    public static long inlineDataPosition(FileChannel meta, StoredObject expected) throws IOException {
        byte[] version = expected.version().getBytes(StandardCharsets.UTF_8);
        int keyLength = expected.key().getBytes(StandardCharsets.UTF_8).length;
        long size = expected.size();
        // magic, record version, key, lastModified, size, version length: then the version name
        int versionAt = 9 + keyLength + 12 + 8 + 4;
        long dataAt = meta.size() - 4 - size;
        if (!expected.inline() || dataAt - 4 < versionAt + version.length) {
            throw new CorruptMetadataException("not the record of inline version " + expected.version());
        }
        ByteBuffer head = readAt(meta, 0, versionAt + version.length);
        ByteBuffer inlineLength = readAt(meta, dataAt - 4, 4);
        boolean same = head.getInt() == OBJECT_MAGIC && head.get() == OBJECT_VERSION && head.getInt() == keyLength
                && head.getLong(versionAt - 12) == size && head.getInt(versionAt - 4) == version.length
                && head.position(versionAt).equals(ByteBuffer.wrap(version)) && inlineLength.getInt() == size;
        if (!same) {
            throw new CorruptMetadataException("the metadata file is not the record of version "
                    + expected.version());
        }
        return dataAt;
    }

    /** The bytes of inline version {@code expected} from its open {@code meta} file (checked as above). */
    public static byte[] readInlineData(FileChannel meta, StoredObject expected) throws IOException {
        return readAt(meta, inlineDataPosition(meta, expected), Math.toIntExact(expected.size())).array();
    }

    private static ByteBuffer readAt(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (ch.read(buf, position + buf.position()) < 0) {
                throw new CorruptMetadataException("metadata file ends early");
            }
        }
        return buf.flip();
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

    // ---- primitives ----

    private static byte[] encode(int magic, BinaryCodec.Body body) {
        return BinaryCodec.withCrc(BinaryCodec.bytes(out -> {
            out.writeInt(magic);
            out.writeByte(FORMAT_VERSION);
            body.write(out);
        }));
    }

    /** Reads a record body of a given record version. */
    private interface VersionedParser<T> {
        T read(DataInputStream in, int recordVersion) throws IOException;
    }

    private static <T> T decode(int magic, byte[] bytes, BinaryCodec.Parser<T> parser)
            throws CorruptMetadataException {
        return decode(magic, FORMAT_VERSION, bytes, (in, recordVersion) -> parser.read(in));
    }

    /** Checks the CRC, magic and record version (1 .. {@code newest}), then parses the body. */
    private static <T> T decode(int magic, int newest, byte[] bytes, VersionedParser<T> parser)
            throws CorruptMetadataException {
        if (bytes.length < 9) {
            throw new CorruptMetadataException("too short: " + bytes.length + " bytes");
        }
        BinaryCodec.checkCrc(bytes);
        return BinaryCodec.parse(bytes, bytes.length - 4, in -> {
            if (in.readInt() != magic) {
                throw new CorruptMetadataException("bad magic");
            }
            int version = in.readUnsignedByte();
            if (version < 1 || version > newest) {
                throw new CorruptMetadataException("unsupported format version " + version);
            }
            return parser.read(in, version);
        });
    }
}
