package io.granary.storage.erasure.internal;

import io.granary.storage.ObjectInfo;
import io.granary.storage.internal.BinaryCodec;
import io.granary.storage.local.internal.Ids;
import io.granary.storage.local.internal.MetaCodec.CorruptMetadataException;

import java.time.Instant;

/**
 * One object version as the quorum of its set knows it (the common part of its per-drive record).
 *
 * @param info      what callers see
 * @param dataId    random 32-hex name of this version's data folder on each drive ({@code <dataId>/part.<i>})
 * @param origin    upload id it was completed from, or null
 * @param geometry  k, m, block size
 * @param rotation  shard s lives on drive position (s + rotation) mod n
 * @param inline    whether the shard bytes live inside each drive's record (one part, no data folder)
 * @param parts     sizes of the data streams (part files) in order; one for a single-part object
 * @param written   when this record was written (microseconds); ties between conflicting copies go to the newest
 */
public record EcObject(ObjectInfo info, String dataId, String origin, Geometry geometry, int rotation, boolean inline,
                       long[] parts, long written) {

    public static final int MAGIC = 0x4745434F; // "GECO"

    public String key() {
        return info.key();
    }

    public long size() {
        return info.size();
    }

    public EcObject withInfo(ObjectInfo newInfo, long newWritten) {
        return new EcObject(newInfo, dataId, origin, geometry, rotation, inline, parts, newWritten);
    }

    public byte[] encodeCommon() {
        return BinaryCodec.bytes(out -> {
            BinaryCodec.writeString(out, info.key());
            BinaryCodec.writeInstant(out, info.lastModified());
            out.writeLong(info.size());
            BinaryCodec.writeString(out, dataId);
            BinaryCodec.writeString(out, origin);
            BinaryCodec.writeMetadata(out, info.metadata());
            out.writeByte(geometry.k());
            out.writeByte(geometry.m());
            out.writeInt(geometry.blockSize());
            out.writeByte(rotation);
            out.writeBoolean(inline);
            out.writeInt(parts.length);
            for (long p : parts) {
                out.writeLong(p);
            }
            out.writeLong(written);
        });
    }

    public static EcObject decodeCommon(String bucket, byte[] common) throws CorruptMetadataException {
        return BinaryCodec.parse(common, in -> {
            String key = BinaryCodec.readNonNull(in, "key");
            Instant lm = BinaryCodec.readInstant(in);
            long size = in.readLong();
            String dataId = BinaryCodec.readNonNull(in, "dataId");
            String origin = BinaryCodec.readString(in);
            var md = BinaryCodec.readMetadata(in);
            int k = in.readUnsignedByte();
            int m = in.readUnsignedByte();
            int bs = in.readInt();
            int rot = in.readUnsignedByte();
            boolean inline = in.readBoolean();
            int np = BinaryCodec.readCount(in);
            long[] parts = new long[np];
            long sum = 0;
            for (int i = 0; i < np; i++) {
                parts[i] = in.readLong();
                if (parts[i] < 0) {
                    throw new CorruptMetadataException("negative part size");
                }
                sum += parts[i];
            }
            long written = in.readLong();
            if (k < 1 || m < 0 || k + m > 16 || bs < 64 || rot >= k + m || sum != size || !Ids.isRandom(dataId)
                    || (inline && np != 1) || (origin != null && !Ids.isUploadId(origin))) {
                throw new CorruptMetadataException("inconsistent object record");
            }
            return new EcObject(new io.granary.storage.ObjectInfo(bucket, key, size, lm, md), dataId, origin,
                    new Geometry(k, m, bs), rot, inline, parts, written);
        });
    }

    /** The per-drive section: this drive's shard index and (for inline objects) its shard stream. */
    public record Section(int shardIndex, byte[] inlineShard) {
        public byte[] encode() {
            return BinaryCodec.bytes(out -> {
                out.writeByte(shardIndex);
                BinaryCodec.writeBlob(out, inlineShard);
            });
        }

        public static Section decode(byte[] b) throws CorruptMetadataException {
            return BinaryCodec.parse(b, in -> new Section(in.readUnsignedByte(), BinaryCodec.readBlob(in)));
        }
    }

    /** A whole per-drive record file. */
    public byte[] encodeFile(int shardIndex, byte[] inlineShard) {
        return Bin.encodeRecord(MAGIC, encodeCommon(), new Section(shardIndex, inlineShard).encode());
    }
}
