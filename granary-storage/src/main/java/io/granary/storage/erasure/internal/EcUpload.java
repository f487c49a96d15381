package io.granary.storage.erasure.internal;

import io.granary.storage.MultipartUpload;
import io.granary.storage.local.internal.UploadState;

import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;

/** An upload in progress: its coding (fixed at creation) and its parts. Part commits, complete and abort lock. */
public final class EcUpload {
    public static final int MAGIC = 0x47454355; // "GECU"

    public final MultipartUpload upload;
    /** The shape the single-folder lister takes (it reads only {@code upload}). */
    public final UploadState view;
    public final Geometry geometry;
    public final int rotation;
    public final EcSet set;
    public final ConcurrentSkipListMap<Integer, EcPart> parts = new ConcurrentSkipListMap<>();
    public final ReentrantLock lock = new ReentrantLock();
    public volatile boolean finished;

    public EcUpload(MultipartUpload upload, Geometry geometry, int rotation, EcSet set) {
        this.upload = upload;
        this.view = new UploadState(upload);
        this.geometry = geometry;
        this.rotation = rotation;
        this.set = set;
    }

    public String id() {
        return upload.uploadId();
    }

    public String key() {
        return upload.key();
    }

    public byte[] encodeCommon() {
        byte[] u = io.granary.storage.local.internal.MetaCodec.encodeUpload(upload);
        return Bin.bytes(out -> {
            Bin.writeBlob(out, u);
            out.writeByte(geometry.k());
            out.writeByte(geometry.m());
            out.writeInt(geometry.blockSize());
            out.writeByte(rotation);
        });
    }

    /** Decoded common part of an upload record: the upload and its coding. */
    public record Decoded(MultipartUpload upload, Geometry geometry, int rotation) {}

    public static Decoded decodeCommon(byte[] b) throws io.granary.storage.local.internal.MetaCodec.CorruptMetadataException {
        return Bin.parse(b, in -> {
            byte[] u = Bin.readBlob(in);
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
