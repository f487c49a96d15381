package io.granary.storage.local.internal;

import io.granary.storage.ObjectInfo;
import io.granary.storage.ObjectMetadata;
import io.granary.storage.ObjectReader;
import io.granary.storage.StorageError;
import io.granary.storage.StorageException;
import io.granary.storage.WriteCondition;
import io.granary.storage.internal.WriteConditions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/** Commit, read and delete of single objects. */
public final class ObjectOps {

    private static final System.Logger LOG = System.getLogger(ObjectOps.class.getName());

    private final StoreContext ctx;

    public ObjectOps(StoreContext ctx) {
        this.ctx = ctx;
    }

    /** Puts a version's data files into the object folder, named {@code <version>.<i>}. */
    @FunctionalInterface
    public interface Placer {
        void place(Path objectDir, String version) throws IOException;
    }

    /**
     * Makes a new version current, atomically and durably: checks {@code condition} under the key's lock, places the
     * data files, writes the metadata file by atomic rename, then retires the previous version.
     */
    public ObjectInfo commit(BucketState b, String key, long[] segments, ObjectMetadata metadata,
                             WriteCondition condition, String originUploadId, Placer placer) {
        ctx.checkOpen();
        Lock shared = b.lockShared();
        try {
            ReentrantLock keyLock = ctx.keyLocks.lock(b.name(), key);
            try {
                StoredObject current = b.index.get(key);
                checkCondition(current, condition, key);
                long size = 0;
                for (long s : segments) {
                    size += s;
                }
                Path dir = ctx.layout.objectDir(b.name(), key);
                String version = Ids.random();
                Instant now = Instant.now();
                StoredObject next = new StoredObject(new ObjectInfo(b.name(), key, size, now, metadata), version,
                        originUploadId, segments);
                boolean metaWritten = false;
                try {
                    FsUtil.ensureDir(dir, ctx.fsync);
                    placer.place(dir, version);
                    if (ctx.fsync) {
                        FsUtil.fsyncDir(dir);
                    }
                    FsUtil.writeAtomically(dir.resolve(Layout.OBJECT_META), MetaCodec.encodeObject(next),
                            ctx.layout.tmp, ctx.fsync);
                    metaWritten = true;
                } catch (IOException e) {
                    if (!metaWritten) {
                        deleteDataFiles(dir, version, segments.length);
                    }
                    throw FsUtil.io("commit of " + b.name() + "/" + key + " failed", e);
                }
                b.index.put(key, next);
                if (current != null) {
                    retire(b, dir, current);
                }
                return next.info();
            } finally {
                keyLock.unlock();
            }
        } finally {
            shared.unlock();
        }
    }

    static void checkCondition(StoredObject current, WriteCondition condition, String key) {
        WriteConditions.check(current == null ? null : current.info(), condition, key);
    }

    /** Rewrites the current version's metadata file; the data files and Last-Modified stay as they are. */
    public ObjectInfo updateMetadata(String bucket, String key, java.util.function.UnaryOperator<ObjectMetadata> change) {
        ctx.checkOpen();
        BucketState b = ctx.bucket(bucket);
        StoreContext.checkKey(key);
        Lock shared = b.lockShared();
        try {
            ReentrantLock keyLock = ctx.keyLocks.lock(b.name(), key);
            try {
                StoredObject current = b.existing(key);
                ObjectInfo old = current.info();
                ObjectInfo info = new ObjectInfo(old.bucket(), old.key(), old.size(), old.lastModified(),
                        change.apply(old.metadata()));
                StoredObject next = new StoredObject(info, current.version(), current.originUploadId(),
                        current.segments());
                Path dir = ctx.layout.objectDir(b.name(), key);
                try {
                    FsUtil.writeAtomically(dir.resolve(Layout.OBJECT_META), MetaCodec.encodeObject(next),
                            ctx.layout.tmp, ctx.fsync);
                } catch (IOException e) {
                    throw FsUtil.io("metadata update of " + b.name() + "/" + key + " failed", e);
                }
                b.index.put(key, next);
                return info;
            } finally {
                keyLock.unlock();
            }
        } finally {
            shared.unlock();
        }
    }

    public ObjectInfo head(String bucket, String key) {
        BucketState b = ctx.bucket(bucket);
        StoreContext.checkKey(key);
        return b.existing(key).info();
    }

    public ObjectReader open(String bucket, String key) {
        BucketState b = ctx.bucket(bucket);
        StoreContext.checkKey(key);
        Path dir = ctx.layout.objectDir(b.name(), key);
        StoredObject o = pinCurrent(b, key);
        String version = o.version();
        try {
            return new LocalObjectReader(o, dir, () -> {
                Runnable cleanup = ctx.pins.unpin(version);
                if (cleanup != null) {
                    cleanup.run();
                }
            });
        } catch (IOException e) {
            Runnable cleanup = ctx.pins.unpin(version);
            if (cleanup != null) {
                cleanup.run();
            }
            throw FsUtil.io("cannot open " + bucket + "/" + key, e);
        }
    }

    /**
     * Pins the current version of {@code key} without taking the key's lock (a commit holds it through its fsyncs,
     * and readers must not wait for that): pin what the index shows, then check that it is still current. If it is,
     * a later retire sees the pin and defers the deletion; if not, the pin may have come after the files were
     * deleted, so drop it and look again.
     */
    private StoredObject pinCurrent(BucketState b, String key) {
        while (true) {
            StoredObject o = b.existing(key);
            ctx.pins.pin(o.version());
            if (b.index.get(key) == o) {
                return o;
            }
            Runnable cleanup = ctx.pins.unpin(o.version());
            if (cleanup != null) {
                cleanup.run();
            }
        }
    }

    public void delete(String bucket, String key) {
        BucketState b = ctx.bucket(bucket);
        StoreContext.checkKey(key);
        Lock shared = b.lockShared();
        try {
            ReentrantLock keyLock = ctx.keyLocks.lock(b.name(), key);
            try {
                StoredObject current = b.index.get(key);
                if (current == null) {
                    return;
                }
                Path dir = ctx.layout.objectDir(b.name(), key);
                try {
                    Files.deleteIfExists(dir.resolve(Layout.OBJECT_META));
                    if (ctx.fsync) {
                        FsUtil.fsyncDir(dir);
                    }
                } catch (IOException e) {
                    throw FsUtil.io("delete of " + bucket + "/" + key + " failed", e);
                }
                b.index.remove(key);
                retire(b, dir, current);
            } finally {
                keyLock.unlock();
            }
        } finally {
            shared.unlock();
        }
    }

    /** Deletes a no-longer-current version's files now, or when its last reader closes. Under the key lock. */
    private void retire(BucketState b, Path dir, StoredObject old) {
        String key = old.key();
        Runnable deferred = () -> {
            ReentrantLock l = ctx.keyLocks.lock(b.name(), key);
            try {
                removeVersion(dir, old);
            } finally {
                l.unlock();
            }
        };
        if (ctx.pins.retire(old.version(), deferred)) {
            removeVersion(dir, old);
        }
    }

    private void removeVersion(Path dir, StoredObject old) {
        deleteDataFiles(dir, old.version(), old.segments().length);
        if (!Files.exists(dir.resolve(Layout.OBJECT_META))) {
            FsUtil.deleteIfEmpty(dir);
        }
    }

    private static void deleteDataFiles(Path dir, String version, int count) {
        for (int i = 0; i < count; i++) {
            try {
                Files.deleteIfExists(dir.resolve(Layout.dataFileName(version, i)));
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot delete old data file in " + dir + ": " + e);
            }
        }
    }
}
