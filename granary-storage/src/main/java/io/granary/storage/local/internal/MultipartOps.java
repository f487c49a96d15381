package io.granary.storage.local.internal;

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
import io.granary.storage.internal.Multiparts;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Lock;

/** Multipart uploads: parts live in {@code multipart/<bucket>/<uploadId>/} until completion links them in. */
public final class MultipartOps {

    private static final System.Logger LOG = System.getLogger(MultipartOps.class.getName());

    private final StoreContext ctx;
    private final ObjectOps objects;

    public MultipartOps(StoreContext ctx, ObjectOps objects) {
        this.ctx = ctx;
        this.objects = objects;
    }

    public String create(String bucket, String key, ObjectMetadata metadata) {
        BucketState b = ctx.bucket(bucket);
        StoreContext.checkKey(key);
        Objects.requireNonNull(metadata, "metadata");
        long micros = Ids.nextMicros();
        String id = Ids.uploadId(micros);
        Instant initiated = Multiparts.initiated(micros);
        MultipartUpload upload = new MultipartUpload(b.name(), key, id, initiated, metadata.withEtag(""));
        Lock shared = b.lockShared();
        try {
            Path staging = ctx.layout.newTempFile(".upload");
            try {
                Files.createDirectory(staging);
                FsUtil.writeAtomically(staging.resolve(Layout.UPLOAD_META), MetaCodec.encodeUpload(upload),
                        ctx.layout.tmp, ctx.flusher);
                Path parent = ctx.layout.uploadsDir(b.name());
                FsUtil.ensureDir(parent, ctx.flusher);
                Files.move(staging, parent.resolve(id), StandardCopyOption.ATOMIC_MOVE);
                ctx.flusher.dir(parent);
            } catch (IOException e) {
                FsUtil.deleteQuietly(staging);
                throw FsUtil.io("cannot create upload", e);
            }
            b.uploads.put(id, new UploadState(upload));
            return id;
        } finally {
            shared.unlock();
        }
    }

    /** The live upload, or NO_SUCH_UPLOAD (unknown id, other key, finished). */
    public UploadState upload(BucketState b, String key, String uploadId) {
        return b.liveUpload(key, uploadId);
    }

    public MultipartUpload describe(String bucket, String key, String uploadId) {
        return upload(ctx.bucket(bucket), key, uploadId).upload;
    }

    public PartWriter newPartWriter(String bucket, String key, String uploadId, int partNumber) {
        BucketState b = ctx.bucket(bucket);
        UploadState u = upload(b, key, uploadId);
        Multiparts.checkPartNumber(partNumber);
        return new LocalPartWriter(ctx, this, b, u, partNumber);
    }

    /** Moves a finished temp file into the upload folder as part {@code partNumber}, replacing an earlier one. */
    PartInfo commitPart(BucketState b, UploadState u, int partNumber, TempSink sink, String etag, String checksum) {
        ctx.checkOpen();
        Lock shared = b.lockShared();
        try {
            u.lock.lock();
            try {
                if (u.finished) {
                    throw new StorageException(StorageError.NO_SUCH_UPLOAD, "upload finished: " + u.id());
                }
                Path dir = ctx.layout.uploadDir(b.name(), u.id());
                String dataName = Layout.partDataName(partNumber, Ids.random());
                PartInfo info = new PartInfo(partNumber, sink.size(), etag, checksum, Instant.now());
                StoredPart part = new StoredPart(info, dataName);
                boolean metaWritten = false;
                try {
                    Files.move(sink.path(), dir.resolve(dataName), StandardCopyOption.ATOMIC_MOVE);
                    ctx.flusher.dir(dir);
                    FsUtil.writeAtomically(dir.resolve(Layout.partMetaName(partNumber)), MetaCodec.encodePart(part),
                            ctx.layout.tmp, ctx.flusher);
                    metaWritten = true;
                } catch (IOException e) {
                    if (!metaWritten) {
                        FsUtil.deleteQuietly(dir.resolve(dataName));
                    }
                    throw FsUtil.io("cannot store part " + partNumber, e);
                }
                StoredPart old = u.parts.put(partNumber, part);
                if (old != null) {
                    FsUtil.deleteQuietly(dir.resolve(old.dataFile()));
                }
                return info;
            } finally {
                u.lock.unlock();
            }
        } finally {
            shared.unlock();
        }
    }

    public List<PartInfo> listParts(String bucket, String key, String uploadId, int marker, int maxParts) {
        UploadState u = upload(ctx.bucket(bucket), key, uploadId);
        return Multiparts.listParts(u.parts, marker, maxParts, StoredPart::info);
    }

    public ObjectInfo complete(String bucket, String key, String uploadId, List<Integer> partNumbers,
                               ObjectMetadata finalMetadata, WriteCondition condition) {
        BucketState b = ctx.bucket(bucket);
        Objects.requireNonNull(finalMetadata, "finalMetadata");
        return b.withLiveUpload(key, uploadId, u -> {
            List<StoredPart> chosen = Multiparts.choose(u.parts, partNumbers);
            long[] segments = Multiparts.segments(chosen, StoredPart::info);
            ObjectMetadata md = Multiparts.withDefaultPartSizes(finalMetadata, segments);
            Path uploadDir = ctx.layout.uploadDir(b.name(), uploadId);
            ObjectInfo info = objects.commit(b, key, segments, md, condition, uploadId, (dir, version) -> {
                for (int i = 0; i < chosen.size(); i++) {
                    linkOrMove(uploadDir.resolve(chosen.get(i).dataFile()),
                            dir.resolve(Layout.dataFileName(version, i)));
                }
            });
            finish(b, u);
            return info;
        });
    }

    /** Hard-links a part file into the object folder (the upload stays intact until commit); moves if unsupported. */
    private static void linkOrMove(Path part, Path target) throws IOException {
        try {
            Files.createLink(target, part);
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (e instanceof java.nio.file.NoSuchFileException) {
                throw (java.nio.file.NoSuchFileException) e;
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    public void abort(String bucket, String key, String uploadId) {
        BucketState b = ctx.bucket(bucket);
        b.withLiveUpload(key, uploadId, u -> {
            finish(b, u);
            return null;
        });
    }

    /** Forgets an upload and removes its folder. Caller holds the upload's lock (or the bucket exclusively). */
    void finish(BucketState b, UploadState u) {
        u.finished = true;
        b.uploads.remove(u.id(), u);
        try {
            FsUtil.removeTree(ctx.layout.uploadDir(b.name(), u.id()), ctx.layout.tmp, ctx.flusher);
        } catch (IOException e) {
            // the object (if any) is committed; a leftover folder is dropped at the next open
            LOG.log(System.Logger.Level.WARNING, "cannot remove upload folder " + u.id() + ": " + e);
        }
    }

    public UploadListPage list(String bucket, UploadListQuery query) {
        BucketState b = ctx.bucket(bucket);
        return Lister.listUploads(b.uploads.values(), query);
    }
}
