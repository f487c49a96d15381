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

import java.io.IOException;
import java.time.Instant;

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

    // ---- primitives ----

    private static byte[] encode(int magic, BinaryCodec.Body body) {
        return BinaryCodec.withCrc(BinaryCodec.bytes(out -> {
            out.writeInt(magic);
            out.writeByte(FORMAT_VERSION);
            body.write(out);
        }));
    }

    private static <T> T decode(int magic, byte[] bytes, BinaryCodec.Parser<T> parser)
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
            if (version != FORMAT_VERSION) {
                throw new CorruptMetadataException("unsupported format version " + version);
            }
            return parser.read(in);
        });
    }
}
