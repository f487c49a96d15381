package io.granary.storage.erasure;

import io.granary.erasure.ErasureCodecs;
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
import io.granary.storage.erasure.internal.Drive;
import io.granary.storage.erasure.internal.EcBucket;
import io.granary.storage.erasure.internal.EcContext;
import io.granary.storage.erasure.internal.EcHeal;
import io.granary.storage.erasure.internal.EcMultipart;
import io.granary.storage.erasure.internal.EcObjectWriter;
import io.granary.storage.erasure.internal.EcOps;
import io.granary.storage.erasure.internal.EcRecovery;
import io.granary.storage.erasure.internal.EcSet;
import io.granary.storage.erasure.internal.EcUpload;
import io.granary.storage.erasure.internal.Format;
import io.granary.storage.local.internal.FsUtil;
import io.granary.storage.local.internal.Layout;
import io.granary.storage.local.internal.Lister;
import io.granary.storage.local.internal.MetaCodec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.function.UnaryOperator;

/**
 * The erasure-coded storage engine over 2 or more drive folders: same contract as {@link ObjectStore} (and the
 * single-folder engine), with data surviving the loss or corruption of up to m drives per set.
 *
 * <p>Drives form sets of 2..16 ({@link DriveSpec#setSize}); each object lives on one set (stable hash of bucket/key
 * seeded with the deployment id), coded with k data + m parity shards in blocks; every shard block carries a
 * HighwayHash-256 checked before use. Small objects live inline in the per-drive record. Writes need k drives (k+1
 * when k = m), else fail with nothing visible; reads need k good shards. A per-bucket sorted index, rebuilt at open by
 * quorum over the drives, serves lookups and listings (like the single-folder engine). Lost or corrupt shards found by
 * reads queue the object for healing; a background scanner checks everything at a gentle pace; {@link Healer} heals on
 * demand. One process at a time may open a set of drives. See docs/FORMAT.md.
 */
public final class ErasureObjectStore implements ObjectStore, Healer {

    private static final System.Logger LOG = System.getLogger(ErasureObjectStore.class.getName());
    private static final String LOCK_FILE = "LOCK";

    private final ErasureStoreConfig config;
    private final EcContext ctx;
    private final EcOps objects;
    private final EcMultipart multipart;
    private final EcHeal heal;
    private final List<FileChannel> lockChannels = new ArrayList<>();
    private final Object bucketLifecycle = new Object();
    private final LinkedBlockingQueue<String[]> healQueue = new LinkedBlockingQueue<>();
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final AtomicLong healedByQueue = new AtomicLong();
    private final AtomicLong scannedObjects = new AtomicLong();
    private final Thread healWorker;
    private final Thread scanner;

    private ErasureObjectStore(ErasureStoreConfig config) {
        this.config = config;
        Format.Opened opened = Format.open(config.drives(), config.fsync());
        this.ctx = new EcContext(config, opened);
        lockDrives();
        try {
            this.objects = new EcOps(ctx);
            this.multipart = new EcMultipart(ctx, objects);
            this.heal = new EcHeal(ctx);
            EcRecovery recovery = new EcRecovery(ctx);
            recovery.run();
            ctx.onDamage = this::queueHeal;
            LOG.log(System.Logger.Level.INFO, "erasure store open: deployment " + ctx.deploymentId + ", "
                    + ctx.sets.size() + " set(s) of " + ctx.sets.getFirst().n() + " drives, parity "
                    + ctx.standardParity + ", codec " + ErasureCodecs.choose(config.kernel()) + ", "
                    + ctx.buckets.size() + " bucket(s)");
            this.healWorker = Thread.ofPlatform().daemon().name("granary-heal").unstarted(this::healLoop);
            this.scanner = config.scannerEnabled()
                    ? Thread.ofPlatform().daemon().name("granary-scanner").unstarted(this::scanLoop) : null;
            healWorker.start();
            if (scanner != null) {
                scanner.start();
            }
            if (!opened.reformatted().isEmpty() && config.healOnOpen()) {
                Thread.ofPlatform().daemon().name("granary-heal-on-open").start(() -> {
                    try {
                        LOG.log(System.Logger.Level.INFO, "healing after re-formatting " + opened.reformatted()
                                + ": " + healAll());
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "heal after open failed: " + e);
                    }
                });
            } else {
                for (String[] bk : recovery.damaged) {
                    queueHeal(bk[0], bk[1]);
                }
            }
        } catch (RuntimeException e) {
            ctx.markClosed();
            releaseLocks();
            throw e;
        }
    }

    /** Opens (formatting fresh drives) the deployment on {@code config.drives()}, cleaning up after any crash. */
    public static ErasureObjectStore open(ErasureStoreConfig config) {
        return new ErasureObjectStore(Objects.requireNonNull(config, "config"));
    }

    public ErasureStoreConfig config() {
        return config;
    }

    public String deploymentId() {
        return ctx.deploymentId;
    }

    /** Number of erasure sets and drives per set. */
    public int sets() {
        return ctx.sets.size();
    }

    public int setSize() {
        return ctx.sets.getFirst().n();
    }

    /** Parity shards of STANDARD objects. */
    public int parity() {
        return ctx.standardParity;
    }

    /** Objects queued for healing by reads and writes that found damage (not yet healed). */
    public int pendingHeals() {
        return queued.size();
    }

    public long scannedObjects() {
        return scannedObjects.get();
    }

    private void lockDrives() {
        for (Drive d : ctx.drives) {
            if (!d.online()) {
                continue;
            }
            FileChannel ch = null;
            try {
                ch = FileChannel.open(d.root.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock l;
                try {
                    l = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    l = null;
                }
                if (l == null) {
                    ch.close();
                    releaseLocks();
                    throw new StorageException(StorageError.INTERNAL, "drive is in use by another store: " + d.root);
                }
                lockChannels.add(ch);
            } catch (IOException e) {
                try {
                    if (ch != null) {
                        ch.close();
                    }
                } catch (IOException ignored) {
                    // nothing
                }
                d.offlineReason = "cannot lock: " + e;
            }
        }
    }

    private void releaseLocks() {
        for (FileChannel ch : lockChannels) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // releasing
            }
        }
        lockChannels.clear();
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
            byte[] record = MetaCodec.encodeBucket(info);
            var outs = ctx.onDrives(ctx.drives, d -> {
                FsUtil.ensureDir(d.layout.objectsDir(bucket), ctx.fsync);
                FsUtil.writeAtomically(d.layout.bucketDir(bucket).resolve(Layout.BUCKET_META), record, d.layout.tmp,
                        ctx.fsync);
                return true;
            });
            int q = ctx.drives.size() / 2 + 1;
            if (EcContext.okCount(outs) < q) {
                for (var o : outs) {
                    if (o.ok()) {
                        try {
                            FsUtil.removeTree(o.drive().layout.bucketDir(bucket), o.drive().layout.tmp, ctx.fsync);
                        } catch (IOException ignored) {
                            // heal-all removes it
                        }
                    }
                }
                throw new StorageException(StorageError.INTERNAL, "cannot create bucket " + bucket + ": only "
                        + EcContext.okCount(outs) + " of " + ctx.drives.size() + " drives took it, " + q + " needed");
            }
            ctx.buckets.put(bucket, new EcBucket(info));
            return info;
        }
    }

    @Override
    public void deleteBucket(String bucket) {
        synchronized (bucketLifecycle) {
            EcBucket b = ctx.bucket(bucket);
            Lock exclusive = b.lockExclusive();
            try {
                if (!b.index.isEmpty()) {
                    throw new StorageException(StorageError.BUCKET_NOT_EMPTY, "bucket not empty: " + bucket);
                }
                var outs = ctx.onDrives(ctx.drives, d -> {
                    FsUtil.removeTree(d.layout.bucketDir(bucket), d.layout.tmp, ctx.fsync);
                    FsUtil.removeTree(d.layout.uploadsDir(bucket), d.layout.tmp, ctx.fsync);
                    return true;
                });
                if (EcContext.okCount(outs) * 2 < ctx.drives.size()) {
                    LOG.log(System.Logger.Level.WARNING, "bucket " + bucket + " removed from only "
                            + EcContext.okCount(outs) + " drives; heal-all removes the rest");
                }
                b.markDeleted();
                ctx.buckets.remove(bucket, b);
                for (EcUpload u : b.uploads.values()) {
                    u.finished = true;
                }
                b.uploads.clear();
            } finally {
                exclusive.unlock();
            }
        }
    }

    @Override
    public Optional<BucketInfo> bucket(String bucket) {
        ctx.checkOpen();
        EcBucket b = bucket == null ? null : ctx.buckets.get(bucket);
        return b == null ? Optional.empty() : Optional.of(b.info);
    }

    @Override
    public List<BucketInfo> listBuckets() {
        ctx.checkOpen();
        List<BucketInfo> out = new ArrayList<>();
        for (EcBucket b : ctx.buckets.values()) {
            out.add(b.info);
        }
        out.sort(Comparator.comparing(BucketInfo::name));
        return out;
    }

    // ---- objects ----

    @Override
    public ObjectWriter newObjectWriter(String bucket, String key) {
        EcBucket b = ctx.bucket(bucket);
        EcContext.checkKey(key);
        return new EcObjectWriter(ctx, objects, b, key);
    }

    @Override
    public ObjectInfo headObject(String bucket, String key) {
        return objects.head(bucket, key);
    }

    @Override
    public ObjectReader openObject(String bucket, String key) {
        return objects.open(bucket, key);
    }

    /**
     * The decoded bytes of a range as a stream, without the temp file {@code segments} needs; {@code reader} must come
     * from this store's {@link #openObject} (which returns a {@link StreamingObjectReader}).
     */
    public static InputStream stream(ObjectReader reader, long offset, long length) throws IOException {
        if (reader instanceof StreamingObjectReader r) {
            return r.stream(offset, length);
        }
        throw new IllegalArgumentException("not a streaming reader");
    }

    @Override
    public ObjectInfo updateMetadata(String bucket, String key, UnaryOperator<ObjectMetadata> change) {
        return objects.updateMetadata(bucket, key, change);
    }

    @Override
    public void deleteObject(String bucket, String key) {
        objects.delete(bucket, key);
    }

    @Override
    public ListPage listObjects(String bucket, ListQuery query) {
        EcBucket b = ctx.bucket(bucket);
        return Lister.list(b.index, Objects.requireNonNull(query, "query"), o -> o.info());
    }

    // ---- multipart ----

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

    // ---- healing ----

    @Override
    public HealResult heal(String bucket, String key) {
        ctx.checkOpen();
        return heal.healObject(bucket, key);
    }

    @Override
    public HealReport healBucket(String bucket) {
        ctx.checkOpen();
        return heal.healBucket(bucket);
    }

    @Override
    public HealReport healAll() {
        ctx.checkOpen();
        return heal.healAll();
    }

    private void queueHeal(String bucket, String key) {
        if (ctx.isClosed()) {
            return;
        }
        if (queued.add(bucket + "\u0000" + key)) {
            healQueue.add(new String[] {bucket, key});
        }
    }

    /** Waits until the read-repair queue is empty (tests, admin); false on timeout. */
    public boolean awaitHealQueue(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!queued.isEmpty()) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    private void healLoop() {
        while (!ctx.isClosed()) {
            String[] bk;
            try {
                bk = healQueue.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (bk == null) {
                continue;
            }
            try {
                HealResult r = heal.healObject(bk[0], bk[1]);
                if (r.state() == HealResult.State.HEALED) {
                    healedByQueue.incrementAndGet();
                } else if (r.state() == HealResult.State.FAILED) {
                    LOG.log(System.Logger.Level.WARNING, "read-repair of " + bk[0] + "/" + bk[1] + " failed: "
                            + r.detail());
                }
            } catch (RuntimeException e) {
                if (!ctx.isClosed()) {
                    LOG.log(System.Logger.Level.DEBUG, "read-repair of " + bk[0] + "/" + bk[1] + ": " + e);
                }
            } finally {
                queued.remove(bk[0] + "\u0000" + bk[1]);
            }
        }
    }

    /** Gentle background check: one object, then a pause; after a full pass, a longer pause. Sleeps when idle. */
    private void scanLoop() {
        try {
            Thread.sleep(config.scanCyclePause().toMillis());
            while (!ctx.isClosed()) {
                for (String name : new java.util.TreeSet<>(ctx.buckets.keySet())) {
                    EcBucket b = ctx.buckets.get(name);
                    if (b == null) {
                        continue;
                    }
                    String key = b.index.isEmpty() ? null : b.index.firstKey();
                    while (key != null && !ctx.isClosed()) {
                        try {
                            HealResult r = heal.healObject(name, key);
                            scannedObjects.incrementAndGet();
                            if (r.state() == HealResult.State.HEALED) {
                                LOG.log(System.Logger.Level.INFO, "scanner healed " + name + "/" + key);
                            }
                        } catch (RuntimeException e) {
                            break; // bucket deleted or store closing
                        }
                        Thread.sleep(config.scanPause().toMillis());
                        key = b.index.higherKey(key);
                    }
                }
                Thread.sleep(config.scanCyclePause().toMillis());
            }
        } catch (InterruptedException e) {
            // closing
        }
    }

    /** Stops healing and the scanner, releases the drive locks. Open readers stay readable. */
    @Override
    public void close() {
        ctx.markClosed();
        healWorker.interrupt();
        if (scanner != null) {
            scanner.interrupt();
        }
        try {
            healWorker.join(5000);
            if (scanner != null) {
                scanner.join(5000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        releaseLocks();
    }

    /** The drive folders in set order, for tests and the admin command. */
    public List<Path> drives() {
        List<Path> out = new ArrayList<>();
        for (EcSet s : ctx.sets) {
            for (Drive d : s.drives()) {
                out.add(d.root);
            }
        }
        return out;
    }

    /** Every drive's current state, in set order. */
    public List<DriveStatus> driveStatus() {
        List<DriveStatus> out = new ArrayList<>();
        for (Drive d : ctx.drives) {
            String why = d.offlineReason;
            if (why != null) {
                out.add(new DriveStatus(d.root, d.set, d.pos, DriveStatus.State.OFFLINE, why));
            } else if (!Files.isDirectory(d.layout.tmp) || !Files.exists(d.formatFile())) {
                out.add(new DriveStatus(d.root, d.set, d.pos, DriveStatus.State.MISSING,
                        "folder or format file missing"));
            } else {
                out.add(new DriveStatus(d.root, d.set, d.pos, DriveStatus.State.OK, ""));
            }
        }
        return out;
    }

    /** Whether a drive folder currently has this store's format file. */
    public static boolean isFormatted(Path drive) {
        return Files.exists(drive.resolve(Format.FILE_NAME));
    }
}
