package io.granary.storage.erasure.internal;

import io.granary.storage.MultipartUpload;
import io.granary.storage.ObjectInfo;
import io.granary.storage.ObjectMetadata;
import io.granary.storage.PartInfo;
import io.granary.storage.PartWriter;
import io.granary.storage.StorageError;
import io.granary.storage.StorageException;
import io.granary.storage.UploadListPage;
import io.granary.storage.UploadListQuery;
import io.granary.storage.WriteCondition;
import io.granary.storage.internal.BinaryCodec;
import io.granary.storage.internal.Multiparts;
import io.granary.storage.local.internal.FsUtil;
import io.granary.storage.local.internal.Ids;
import io.granary.storage.local.internal.Layout;
import io.granary.storage.local.internal.Lister;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Lock;

/**
 * Multipart uploads. Each part is erasure-coded as it arrives into {@code multipart/<bucket>/<uploadId>/} on every
 * drive of the key's set ({@code part-<n>.meta} record + {@code part-<n>.<version>.shard}); completion hard-links the
 * chosen parts' shard files into the object's data folder (no data is copied or re-coded) and commits the object
 * record by quorum.
 */
public final class EcMultipart {

    private static final System.Logger LOG = System.getLogger(EcMultipart.class.getName());

    private final EcContext ctx;
    private final EcOps ops;

    public EcMultipart(EcContext ctx, EcOps ops) {
        this.ctx = ctx;
        this.ops = ops;
    }

    public String create(String bucket, String key, ObjectMetadata metadata) {
        EcBucket b = ctx.bucket(bucket);
        EcContext.checkKey(key);
        Objects.requireNonNull(metadata, "metadata");
        long micros = Ids.nextMicros();
        String id = Ids.uploadId(micros);
        Instant initiated = Multiparts.initiated(micros);
        MultipartUpload upload = new MultipartUpload(b.name(), key, id, initiated, metadata.withEtag(""));
        EcSet set = ctx.setFor(bucket, key);
        EcUpload u = new EcUpload(upload, ctx.geometryFor(metadata.storageClass(), set),
                EcContext.rotation(key, set.n()), set);
        byte[] record = Bin.encodeRecord(EcUpload.MAGIC, u.encodeCommon(), new byte[0]);
        Lock shared = b.lockShared();
        try {
            var outs = ctx.onDrives(set.drives(), d -> {
                Path staging = d.layout.newTempFile(".upload");
                try {
                    Files.createDirectory(staging);
                    FsUtil.writeAtomically(staging.resolve(Layout.UPLOAD_META), record, d.layout.tmp, ctx.fsync);
                    Path parent = d.layout.uploadsDir(b.name());
                    FsUtil.ensureDir(parent, ctx.fsync);
                    Files.move(staging, parent.resolve(id), StandardCopyOption.ATOMIC_MOVE);
                    if (ctx.fsync) {
                        FsUtil.fsyncDir(parent);
                    }
                    return true;
                } catch (IOException | RuntimeException e) {
                    FsUtil.deleteQuietly(staging);
                    throw e;
                }
            });
            int q = u.geometry.writeQuorum();
            if (EcContext.okCount(outs) < q) {
                removeUploadDirs(b.name(), u);
                throw EcOps.quorumFailure("create upload for " + bucket + "/" + key, outs, q);
            }
            b.uploads.put(id, u);
            return id;
        } finally {
            shared.unlock();
        }
    }

    public EcUpload upload(EcBucket b, String key, String uploadId) {
        return b.liveUpload(key, uploadId);
    }

    public MultipartUpload describe(String bucket, String key, String uploadId) {
        return upload(ctx.bucket(bucket), key, uploadId).upload;
    }

    public PartWriter newPartWriter(String bucket, String key, String uploadId, int partNumber) {
        EcBucket b = ctx.bucket(bucket);
        EcUpload u = upload(b, key, uploadId);
        Multiparts.checkPartNumber(partNumber);
        return new EcPartWriter(b, u, partNumber);
    }

    public List<PartInfo> listParts(String bucket, String key, String uploadId, int marker, int maxParts) {
        EcUpload u = upload(ctx.bucket(bucket), key, uploadId);
        return Multiparts.listParts(u.parts, marker, maxParts, EcPart::info);
    }

    public ObjectInfo complete(String bucket, String key, String uploadId, List<Integer> partNumbers,
                               ObjectMetadata finalMetadata, WriteCondition condition) {
        EcBucket b = ctx.bucket(bucket);
        Objects.requireNonNull(finalMetadata, "finalMetadata");
        return b.withLiveUpload(key, uploadId, u -> {
            List<EcPart> chosen = Multiparts.choose(u.parts, partNumbers);
            long[] segments = Multiparts.segments(chosen, EcPart::info);
            ObjectMetadata md = Multiparts.withDefaultPartSizes(finalMetadata, segments);
            ObjectInfo info = ops.commit(b, key, u.set, u.geometry, u.rotation, false, segments, md, condition,
                    uploadId, new EcOps.Placement() {
                        @Override
                        public Exception unusable(int pos) {
                            return null;
                        }

                        @Override
                        public byte[] inlineShard(int pos) {
                            return null;
                        }

                        @Override
                        public void place(Drive d, int pos, Path dataDir) throws IOException {
                            Path up = d.layout.uploadDir(b.name(), uploadId);
                            for (int i = 0; i < chosen.size(); i++) {
                                linkOrCopy(up.resolve(chosen.get(i).shardFileName()),
                                        dataDir.resolve(EcOps.partFile(i)));
                            }
                        }
                    });
            finish(b, u);
            return info;
        });
    }

    /** Hard-links a part's shard file into the object (no data copied); copies where links are unsupported. */
    private static void linkOrCopy(Path part, Path target) throws IOException {
        try {
            Files.createLink(target, part);
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (e instanceof NoSuchFileException nsf) {
                throw nsf;
            }
            Files.copy(part, target);
        }
    }

    public void abort(String bucket, String key, String uploadId) {
        EcBucket b = ctx.bucket(bucket);
        b.withLiveUpload(key, uploadId, u -> {
            finish(b, u);
            return null;
        });
    }

    void finish(EcBucket b, EcUpload u) {
        u.finished = true;
        b.uploads.remove(u.id(), u);
        removeUploadDirs(b.name(), u);
    }

    private void removeUploadDirs(String bucket, EcUpload u) {
        ctx.onDrives(u.set.drives(), d -> {
            try {
                FsUtil.removeTree(d.layout.uploadDir(bucket, u.id()), d.layout.tmp, ctx.fsync);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot remove upload folder " + u.id() + " on " + d + ": " + e);
            }
            return true;
        });
    }

    public UploadListPage list(String bucket, UploadListQuery query) {
        EcBucket b = ctx.bucket(bucket);
        return Lister.listUploads(b.uploads.values(), query);
    }

    /** Streams one part into shard temp files, then stores it by quorum. */
    final class EcPartWriter implements PartWriter {
        private final EcBucket bucket;
        private final EcUpload upload;
        private final int partNumber;
        private final ShardEncoder encoder;
        private final BlockStreamer streamer;
        private boolean done;

        EcPartWriter(EcBucket bucket, EcUpload upload, int partNumber) {
            this.bucket = bucket;
            this.upload = upload;
            this.partNumber = partNumber;
            Exception[] failures = new Exception[upload.set.n()];
            ShardEncoder.Sink[] sinks = ShardEncoder.fileSinks(upload.set, ".part", failures);
            this.encoder = new ShardEncoder(ctx, upload.geometry, upload.rotation, sinks, failures,
                    upload.geometry.writeQuorum(), bucket.name() + "/" + upload.key() + " part " + partNumber);
            this.streamer = new BlockStreamer(ctx, encoder, upload.geometry);
        }

        @Override
        public void write(ByteBuffer src) {
            if (done) {
                throw new IllegalStateException("writer is finished");
            }
            try {
                streamer.write(src);
            } catch (RuntimeException e) {
                abort();
                throw e;
            }
        }

        @Override
        public long size() {
            return streamer.size();
        }

        @Override
        public PartInfo commit(String etag, String checksumValue) {
            if (done) {
                throw new IllegalStateException("writer is finished");
            }
            done = true;
            try {
                streamer.finish();
                return commitPart(etag, checksumValue);
            } finally {
                streamer.abort();
            }
        }

        private PartInfo commitPart(String etag, String checksum) {
            ctx.checkOpen();
            EcSet set = upload.set;
            var flushed = ctx.onDrives(set.drives(), d -> {
                if (encoder.sink(d.pos) instanceof ShardEncoder.FileSink fs) {
                    fs.finish(ctx.fsync);
                    return fs;
                }
                throw new IOException("shard write failed", encoder.failure(d.pos));
            });
            Lock shared = bucket.lockShared();
            try {
                upload.lock.lock();
                try {
                    if (upload.finished) {
                        throw new StorageException(StorageError.NO_SUCH_UPLOAD, "upload finished: " + upload.id());
                    }
                    EcPart part = new EcPart(new PartInfo(partNumber, streamer.size(), etag, checksum, Instant.now()),
                            Ids.random(), upload.geometry, upload.rotation);
                    byte[] common = part.encodeCommon();
                    var outs = ctx.onDrives(set.drives(), d -> {
                        var f = flushed.get(d.pos);
                        if (!f.ok()) {
                            throw f.error() instanceof IOException io ? io : new IOException(f.error());
                        }
                        Path dir = d.layout.uploadDir(bucket.name(), upload.id());
                        if (!Files.isDirectory(dir)) {
                            throw new NoSuchFileException(dir.toString(), null, "upload folder missing on drive");
                        }
                        Files.move(f.value().path, dir.resolve(part.shardFileName()), StandardCopyOption.ATOMIC_MOVE);
                        if (ctx.fsync) {
                            FsUtil.fsyncDir(dir);
                        }
                        Path meta = dir.resolve(EcPart.metaFileName(partNumber));
                        byte[] prev = EcContext.readIfExists(meta);
                        byte[] section = BinaryCodec.bytes(out -> out.writeByte(upload.geometry.shardOf(d.pos,
                                upload.rotation)));
                        FsUtil.writeAtomically(meta, Bin.encodeRecord(EcPart.MAGIC, common, section), d.layout.tmp,
                                ctx.fsync);
                        return prev == null ? new byte[0] : prev;
                    });
                    int q = upload.geometry.writeQuorum();
                    if (EcContext.okCount(outs) < q) {
                        for (var o : outs) {
                            Path dir = o.drive().layout.uploadDir(bucket.name(), upload.id());
                            if (o.ok()) {
                                try {
                                    Path meta = dir.resolve(EcPart.metaFileName(partNumber));
                                    if (o.value().length == 0) {
                                        Files.deleteIfExists(meta);
                                    } else {
                                        FsUtil.writeAtomically(meta, o.value(), o.drive().layout.tmp, ctx.fsync);
                                    }
                                } catch (IOException e) {
                                    LOG.log(System.Logger.Level.WARNING, "part rollback failed on " + o.drive());
                                }
                            }
                            FsUtil.deleteQuietly(dir.resolve(part.shardFileName()));
                        }
                        throw EcOps.quorumFailure("part " + partNumber + " of " + bucket.name() + "/" + upload.key(),
                                outs, q);
                    }
                    EcPart old = upload.parts.put(partNumber, part);
                    if (old != null) {
                        for (Drive d : set.drives()) {
                            FsUtil.deleteQuietly(d.layout.uploadDir(bucket.name(), upload.id())
                                    .resolve(old.shardFileName()));
                        }
                    }
                    return part.info();
                } finally {
                    upload.lock.unlock();
                }
            } finally {
                shared.unlock();
            }
        }

        @Override
        public void abort() {
            done = true;
            streamer.abort();
        }
    }
}
