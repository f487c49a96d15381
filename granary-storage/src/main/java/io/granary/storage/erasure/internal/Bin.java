package io.granary.storage.erasure.internal;

import io.granary.storage.internal.BinaryCodec;
import io.granary.storage.local.internal.MetaCodec.CorruptMetadataException;

/**
 * Binary primitives of the erasure engine's record files (see docs/FORMAT.md). A record file is
 * {@code magic:int32, formatVersion:u8, commonLength:int32, common, sectionLength:int32, section, crc32c:int32}: the
 * common part is byte-identical on every drive of a set (so copies are compared byte for byte), the section holds what
 * differs per drive (the shard index, inline shard bytes). Big-endian; strings {@code length:int32 (-1 null), UTF-8}.
 */
public final class Bin {

    public static final int FORMAT_VERSION = 1;

    private Bin() {}

    /** A decoded record file: its common and per-drive parts. */
    public record RecordFile(byte[] common, byte[] section) {}

    public static byte[] encodeRecord(int magic, byte[] common, byte[] section) {
        return BinaryCodec.withCrc(BinaryCodec.bytes(out -> {
            out.writeInt(magic);
            out.writeByte(FORMAT_VERSION);
            out.writeInt(common.length);
            out.write(common);
            out.writeInt(section.length);
            out.write(section);
        }));
    }

    public static RecordFile decodeRecord(int magic, byte[] bytes) throws CorruptMetadataException {
        if (bytes.length < 17) {
            throw new CorruptMetadataException("too short: " + bytes.length + " bytes");
        }
        BinaryCodec.checkCrc(bytes);
        return BinaryCodec.parse(bytes, bytes.length - 4, in -> {
            if (in.readInt() != magic) {
                throw new CorruptMetadataException("bad magic");
            }
            int v = in.readUnsignedByte();
            if (v != FORMAT_VERSION) {
                throw new CorruptMetadataException("unsupported format version " + v);
            }
            byte[] common = BinaryCodec.readBlob(in);
            byte[] section = BinaryCodec.readBlob(in);
            return new RecordFile(common, section);
        });
    }
}
