package io.granary.storage.local;

import io.granary.storage.BucketInfo;
import io.granary.storage.ListPage;
import io.granary.storage.ListQuery;
import io.granary.storage.MultipartUpload;
import io.granary.storage.ObjectInfo;
import io.granary.storage.ObjectMetadata;
import io.granary.storage.ObjectReader;
import io.granary.storage.ObjectStore;
import io.granary.storage.ObjectWriter;
import io.granary.storage.PartInfo;
import io.granary.storage.PartWriter;
import io.granary.storage.StorageError;
import io.granary.storage.StorageException;
import io.granary.storage.UploadListPage;
import io.granary.storage.UploadListQuery;
import io.granary.storage.WriteCondition;
import io.granary.storage.local.internal.BackgroundDeletes;
import io.granary.storage.local.internal.BucketState;
import io.granary.storage.local.internal.DirectWrites;
import io.granary.storage.local.internal.Flusher;
import io.granary.storage.local.internal.FsUtil;
import io.granary.storage.local.internal.Layout;
import io.granary.storage.local.internal.Lister;
import io.granary.storage.local.internal.LocalObjectWriter;
import io.granary.storage.local.internal.MetaCodec;
import io.granary.storage.local.internal.MultipartOps;
import io.granary.storage.local.internal.ObjectOps;
import io.granary.storage.local.internal.Recovery;
import io.granary.storage.local.internal.StoreContext;
import io.granary.storage.local.internal.UploadState;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Lock;

/**
 * The single-data-folder storage engine. Objects are files under one folder (see {@code Layout} for the tree); every
 * commit is an atomically renamed, fsync'd metadata file, plus a fsync'd data file for objects above the inline
 * threshold (smaller ones live inside the metadata file), and a per-bucket in-memory sorted index (rebuilt by scanning
 * at open) serves lookups and listings. One process at a time may open a folder.
 */
public final class LocalObjectStore implements ObjectStore {

    private final LocalStoreConfig config;
    private final StoreContext ctx;
    private final ObjectOps objects;
    private final MultipartOps multipart;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Object bucketLifecycle = new Object();

    private LocalObjectStore(LocalStoreConfig config, Flusher flusher) {
        this.config = config;
        Layout layout = new Layout(config.dataDir());
        DirectWrites direct = config.directWrites() ? DirectWrites.probe(layout.tmp) : DirectWrites.OFF;
        this.ctx = new StoreContext(layout, flusher, config.inlineThreshold(), direct);
        this.objects = new ObjectOps(ctx);
        this.multipart = new MultipartOps(ctx, objects);
        FileChannel ch = null;
        try {
            Files.createDirectories(layout.root);
            ch = FileChannel.open(layout.root.resolve("LOCK"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                throw new StorageException(StorageError.INTERNAL, "data folder is in use: " + layout.root);
            }
            this.lockChannel = ch;
            this.lock = l;
            new Recovery(ctx).run();
        } catch (IOException e) {
            closeQuietly(ch);
            throw FsUtil.io("cannot open store at " + layout.root, e);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    /** Opens (creating if needed) the store in {@code config.dataDir()}, cleaning up after any crash. */
    public static LocalObjectStore open(LocalStoreConfig config) {
        return open(config, Flusher.of(Objects.requireNonNull(config, "config").fsync()));
    }

    /** Opens the store flushing through {@code flusher} instead of the one {@code config.fsync()} chooses (tests). */
    static LocalObjectStore open(LocalStoreConfig config, Flusher flusher) {
        return new LocalObjectStore(Objects.requireNonNull(config, "config"),
                Objects.requireNonNull(flusher, "flusher"));
    }

    /**
     * Why large data files are written through the page cache rather than with direct I/O (the configuration turned
     * it off, or the data folder refused the probe), or null when direct writes are used.
     */
    public String directWritesUnavailabilityCause() {
        return ctx.directWrites.unavailabilityCause();
    }

    /** Opens a store with fsync enabled. */
    public static LocalObjectStore open(Path dataDir) {
        return open(new LocalStoreConfig(dataDir));
    }

    public LocalStoreConfig config() {
        return config;
    }

    // ---- buckets ----

    @Override
    public BucketInfo createBucket(String bucket, String region) {
        ctx.checkOpen();
        if (!Layout.isSafeBucketName(bucket)) {
            throw new StorageException(StorageError.INVALID_BUCKET_NAME, "invalid bucket name: " + bucket);
        }
        synchronized (bucketLifecycle) {
            if (ctx.buckets.containsKey(bucket)) {
                throw new StorageException(StorageError.BUCKET_ALREADY_EXISTS, "bucket exists: " + bucket);
            }
            BucketInfo info = new BucketInfo(bucket, Instant.now(), region == null ? "" : region);
            Layout layout = ctx.layout;
            Path staging = layout.newTempFile(".bucket");
            try {
                Files.createDirectory(staging);
                Path objects = staging.resolve("objects");
                Files.createDirectory(objects);
                ObjectOps.ensureShardDirs(objects, ctx.flusher);
                FsUtil.writeAtomically(staging.resolve(Layout.BUCKET_META), MetaCodec.encodeBucket(info), layout.tmp,
                        ctx.flusher);
                Files.move(staging, layout.bucketDir(bucket), StandardCopyOption.ATOMIC_MOVE);
                ctx.flusher.dir(layout.buckets);
            } catch (IOException e) {
                FsUtil.deleteQuietly(staging);
                throw FsUtil.io("cannot create bucket " + bucket, e);
            }
            ctx.buckets.put(bucket, new BucketState(info));
            return info;
        }
    }

    @Override
    public void deleteBucket(String bucket) {
        synchronized (bucketLifecycle) {
            BucketState b = ctx.bucket(bucket);
            Lock exclusive = b.lockExclusive();
            try {
                if (!b.index.isEmpty()) {
                    throw new StorageException(StorageError.BUCKET_NOT_EMPTY, "bucket not empty: " + bucket);
                }
                try {
                    FsUtil.removeTree(ctx.layout.bucketDir(bucket), ctx.layout.tmp, ctx.flusher);
                } catch (IOException e) {
                    throw FsUtil.io("cannot delete bucket " + bucket, e);
                }
                b.markDeleted();
                ctx.buckets.remove(bucket, b);
                for (UploadState u : b.uploads.values()) {
                    u.finished = true;
                }
                b.uploads.clear();
                try {
                    FsUtil.removeTree(ctx.layout.uploadsDir(bucket), ctx.layout.tmp, ctx.flusher);
                } catch (IOException e) {
                    // the bucket is gone; its leftover uploads folder is dropped at the next open
                }
            } finally {
                exclusive.unlock();
            }
        }
    }

    @Override
    public Optional<BucketInfo> bucket(String bucket) {
        ctx.checkOpen();
        BucketState b = bucket == null ? null : ctx.buckets.get(bucket);
        return b == null ? Optional.empty() : Optional.of(b.info);
    }

    @Override
    public List<BucketInfo> listBuckets() {
        ctx.checkOpen();
        List<BucketInfo> out = new ArrayList<>();
        for (BucketState b : ctx.buckets.values()) {
            out.add(b.info);
        }
        out.sort(Comparator.comparing(BucketInfo::name));
        return out;
    }

    /** Reads use the in-memory index and open at most the object's files; opening takes no lock (see ObjectOps). */
    @Override
    public boolean readsNeverWait() {
        return true;
    }

    // ---- objects ----

    @Override
    public ObjectWriter newObjectWriter(String bucket, String key) {
        BucketState b = ctx.bucket(bucket);
        StoreContext.checkKey(key);
        return new LocalObjectWriter(ctx, objects, b, key);
    }

    @Override
    public ObjectInfo headObject(String bucket, String key) {
        return objects.head(bucket, key);
    }

    @Override
    public ObjectInfo updateMetadata(String bucket, String key,
                                     java.util.function.UnaryOperator<io.granary.storage.ObjectMetadata> change) {
        return objects.updateMetadata(bucket, key, change);
    }

    @Override
    public ObjectReader openObject(String bucket, String key) {
        return objects.open(bucket, key);
    }

    @Override
    public void deleteObject(String bucket, String key) {
        objects.delete(bucket, key);
    }

    @Override
    public ListPage listObjects(String bucket, ListQuery query) {
        BucketState b = ctx.bucket(bucket);
        return Lister.list(b.index, Objects.requireNonNull(query, "query"), o -> o.info());
    }

    // ---- multipart uploads ----

    @Override
    public String createMultipartUpload(String bucket, String key, ObjectMetadata metadata) {
        return multipart.create(bucket, key, metadata);
    }

    @Override
    public MultipartUpload multipartUpload(String bucket, String key, String uploadId) {
        return multipart.describe(bucket, key, uploadId);
    }

    @Override
    public PartWriter newPartWriter(String bucket, String key, String uploadId, int partNumber) {
        return multipart.newPartWriter(bucket, key, uploadId, partNumber);
    }

    @Override
    public List<PartInfo> listParts(String bucket, String key, String uploadId, int partNumberMarker, int maxParts) {
        return multipart.listParts(bucket, key, uploadId, partNumberMarker, maxParts);
    }

    @Override
    public ObjectInfo completeMultipartUpload(String bucket, String key, String uploadId, List<Integer> partNumbers,
                                              ObjectMetadata finalMetadata, WriteCondition condition) {
        return multipart.complete(bucket, key, uploadId, partNumbers, finalMetadata, condition);
    }

    @Override
    public void abortMultipartUpload(String bucket, String key, String uploadId) {
        multipart.abort(bucket, key, uploadId);
    }

    @Override
    public UploadListPage listMultipartUploads(String bucket, UploadListQuery query) {
        return multipart.list(bucket, Objects.requireNonNull(query, "query"));
    }

    /** Releases the folder lock. Open readers stay readable; writers still open fail at commit. */
    @Override
    public void close() {
        ctx.markClosed();
        BackgroundDeletes.awaitIdle(30_000); // replaced versions' files, so a closed folder holds only live data
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(lockChannel);
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }
}
