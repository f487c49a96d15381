package io.granary.storage.erasure.internal;

import io.granary.storage.MultipartUpload;
import io.granary.storage.internal.BinaryCodec;
import io.granary.storage.internal.UploadEntry;

/** An upload in progress: its coding (fixed at creation) and its parts. Part commits, complete and abort lock. */
public final class EcUpload extends UploadEntry<EcPart> {
    public static final int MAGIC = 0x47454355; // "GECU"

    public final Geometry geometry;
    public final int rotation;
    public final EcSet set;

    public EcUpload(MultipartUpload upload, Geometry geometry, int rotation, EcSet set) {
        super(upload);
        this.geometry = geometry;
        this.rotation = rotation;
        this.set = set;
    }

    public byte[] encodeCommon() {
        byte[] u = io.granary.storage.local.internal.MetaCodec.encodeUpload(upload);
        return BinaryCodec.bytes(out -> {
            BinaryCodec.writeBlob(out, u);
            out.writeByte(geometry.k());
            out.writeByte(geometry.m());
            out.writeInt(geometry.blockSize());
            out.writeByte(rotation);
        });
    }

    /** Decoded common part of an upload record: the upload and its coding. */
    public record Decoded(MultipartUpload upload, Geometry geometry, int rotation) {}

    public static Decoded decodeCommon(byte[] b) throws io.granary.storage.local.internal.MetaCodec.CorruptMetadataException {
        return BinaryCodec.parse(b, in -> {
            byte[] u = BinaryCodec.readBlob(in);
            if (u == null) {
                throw new io.granary.storage.local.internal.MetaCodec.CorruptMetadataException("no upload");
            }
            MultipartUpload up = io.granary.storage.local.internal.MetaCodec.decodeUpload(u);
            int k = in.readUnsignedByte();
            int m = in.readUnsignedByte();
            int bs = in.readInt();
            int rot = in.readUnsignedByte();
            if (k < 1 || k + m > 16 || bs < 64 || rot >= k + m) {
                throw new io.granary.storage.local.internal.MetaCodec.CorruptMetadataException("bad upload coding");
            }
            return new Decoded(up, new Geometry(k, m, bs), rot);
        });
    }
}
