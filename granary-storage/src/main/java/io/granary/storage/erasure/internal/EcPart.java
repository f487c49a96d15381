package io.granary.storage.erasure.internal;

import io.granary.storage.PartInfo;
import io.granary.storage.internal.BinaryCodec;
import io.granary.storage.local.internal.Ids;
import io.granary.storage.local.internal.MetaCodec.CorruptMetadataException;

/**
 * A stored part of an upload: its info, the random version naming its shard files
 * ({@code part-<n>.<version>.shard} on each drive) and its coding.
 */
public record EcPart(PartInfo info, String version, Geometry geometry, int rotation) {

    public static final int MAGIC = 0x47454350; // "GECP"

    public byte[] encodeCommon() {
        return BinaryCodec.bytes(out -> {
            out.writeInt(info.partNumber());
            out.writeLong(info.size());
            BinaryCodec.writeString(out, info.etag());
            BinaryCodec.writeString(out, info.checksumValue());
            BinaryCodec.writeInstant(out, info.lastModified());
            BinaryCodec.writeString(out, version);
            out.writeByte(geometry.k());
            out.writeByte(geometry.m());
            out.writeInt(geometry.blockSize());
            out.writeByte(rotation);
        });
    }

    public static EcPart decodeCommon(byte[] b) throws CorruptMetadataException {
        return BinaryCodec.parse(b, in -> {
            PartInfo info = new PartInfo(in.readInt(), in.readLong(), BinaryCodec.readString(in),
                    BinaryCodec.readString(in), BinaryCodec.readInstant(in));
            String version = BinaryCodec.readNonNull(in, "version");
            int k = in.readUnsignedByte();
            int m = in.readUnsignedByte();
            int bs = in.readInt();
            int rot = in.readUnsignedByte();
            if (info.size() < 0 || info.partNumber() < 1 || info.partNumber() > 10_000 || !Ids.isRandom(version)
                    || k < 1 || k + m > 16 || bs < 64 || rot >= k + m) {
                throw new CorruptMetadataException("inconsistent part record");
            }
            return new EcPart(info, version, new Geometry(k, m, bs), rot);
        });
    }

    public String shardFileName() {
        return "part-" + info.partNumber() + "." + version + ".shard";
    }

    public static String metaFileName(int partNumber) {
        return "part-" + partNumber + ".meta";
    }
}
