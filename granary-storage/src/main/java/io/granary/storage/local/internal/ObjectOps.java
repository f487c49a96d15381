package io.granary.storage.local.internal;

import io.granary.storage.ObjectInfo;
import io.granary.storage.ObjectMetadata;
import io.granary.storage.ObjectReader;
import io.granary.storage.StorageError;
import io.granary.storage.StorageException;
import io.granary.storage.WriteCondition;
import io.granary.storage.internal.WriteConditions;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * Commit, read and delete of single objects. Every change of a key happens under its lock (and the bucket's read
 * lock): the {@code meta} file on disk and the index entry change together. Readers do not take the lock; they
 * check what they opened against the index instead (see {@link #open}).
 */
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

    /** Writes a new version into its (existing) object folder, ending with the atomic rename of its metadata file. */
    @FunctionalInterface
    private interface VersionWriter {
        StoredObject write(Path objectDir, String version, Instant lastModified) throws IOException;
    }

    /**
     * Makes a new version stored in data files current, atomically and durably: checks {@code condition} under the
     * key's lock, places the data files and flushes the folder, writes the metadata file by atomic rename, then
     * retires the previous version. Four flushes: data (by the caller), folder, metadata, folder.
     */
    public ObjectInfo commit(BucketState b, String key, long[] segments, ObjectMetadata metadata,
                             WriteCondition condition, String originUploadId, Placer placer) {
        long size = Arrays.stream(segments).sum();
        return install(b, key, condition, (dir, version, now) -> {
            StoredObject next = new StoredObject(new ObjectInfo(b.name(), key, size, now, metadata), version,
                    originUploadId, segments);
            boolean metaWritten = false;
            try {
                placer.place(dir, version);
                // the data's name must be durable before a metadata file naming it can be
                ctx.flusher.dir(dir);
                FsUtil.writeAtomically(dir.resolve(Layout.OBJECT_META), MetaCodec.encodeObject(next),
                        ctx.layout.tmp, ctx.flusher);
                metaWritten = true;
            } finally {
                if (!metaWritten) {
                    deleteDataFiles(dir, version, segments.length);
                }
            }
            return next;
        });
    }

    /**
     * Makes a new inline version current (the first {@code size} bytes of {@code data}, stored inside its metadata
     * file), with the same guarantees as {@link #commit}: condition under the key's lock, then the metadata file by
     * atomic rename. Two flushes: the metadata file and the folder (plus the shard folder for a new key).
     */
    public ObjectInfo commitInline(BucketState b, String key, byte[] data, int size, ObjectMetadata metadata,
                                   WriteCondition condition) {
        return install(b, key, condition, (dir, version, now) -> {
            StoredObject next = StoredObject.inline(new ObjectInfo(b.name(), key, size, now, metadata), version);
            FsUtil.writeAtomically(dir.resolve(Layout.OBJECT_META), MetaCodec.encodeObject(next, data),
                    ctx.layout.tmp, ctx.flusher);
            return next;
        });
    }

    private ObjectInfo install(BucketState b, String key, WriteCondition condition, VersionWriter writer) {
        ctx.checkOpen();
        Lock shared = b.lockShared();
        try {
            ReentrantLock keyLock = ctx.keyLocks.lock(b.name(), key);
            try {
                StoredObject current = b.index.get(key);
                checkCondition(current, condition, key);
                Path dir = ctx.layout.objectDir(b.name(), key);
                StoredObject next;
                try {
                    next = writeVersion(dir, writer);
                } catch (IOException e) {
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

    /**
     * Writes a version into the key's folder, creating the folder for a new key. The new folder's name in its shard
     * folder is flushed last, after the version: the same flushes as before it (all of them happen before the commit
     * returns), but on journaling file systems (ext4, XFS) the version's first flush already commits the folder's
     * creation with it, so the last one costs little. Under the key's lock, so no other commit of this key can rely
     * on the folder before that flush; if it fails, the new folder goes away again (it holds nothing the index
     * knows), so the next commit creates and flushes it anew.
     */
    private StoredObject writeVersion(Path dir, VersionWriter writer) throws IOException {
        boolean newFolder = makeObjectDir(dir);
        try {
            StoredObject next = writer.write(dir, Ids.random(), Instant.now());
            if (newFolder) {
                ctx.flusher.dir(dir.getParent());
            }
            return next;
        } catch (IOException | RuntimeException e) {
            if (newFolder) {
                FsUtil.deleteQuietly(dir);
            }
            throw e;
        }
    }

    /** Creates the key's folder if missing (true then); its shard folder exists already, durably. */
    private boolean makeObjectDir(Path dir) throws IOException {
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        Path shard = dir.getParent();
        if (!Files.isDirectory(shard, LinkOption.NOFOLLOW_LINKS)) {
            FsUtil.ensureDir(shard, ctx.flusher); // only a damaged tree lacks a shard folder: make it durable first
        }
        Files.createDirectory(dir);
        return true;
    }

    /**
     * Creates the shard folders missing under a bucket's {@code objects} folder (replacing anything else by their
     * names) and flushes it if it changed.
     */
    public static void ensureShardDirs(Path objects, Flusher flusher) throws IOException {
        boolean changed = false;
        for (String name : Layout.SHARDS) {
            Path shard = objects.resolve(name);
            if (!Files.isDirectory(shard, LinkOption.NOFOLLOW_LINKS)) {
                FsUtil.deleteRecursively(shard);
                Files.createDirectory(shard);
                changed = true;
            }
        }
        if (changed) {
            flusher.dir(objects);
        }
    }

    static void checkCondition(StoredObject current, WriteCondition condition, String key) {
        WriteConditions.check(current == null ? null : current.info(), condition, key);
    }

    /**
     * Rewrites the current version's metadata file; the data files (or the inline bytes, copied into the new file)
     * and Last-Modified stay as they are.
     */
    public ObjectInfo updateMetadata(String bucket, String key, UnaryOperator<ObjectMetadata> change) {
        ctx.checkOpen();
        BucketState b = ctx.bucket(bucket);
        StoreContext.checkKey(key);
        Lock shared = b.lockShared();
        try {
            ReentrantLock keyLock = ctx.keyLocks.lock(b.name(), key);
            try {
                StoredObject current = b.existing(key);
                ObjectInfo old = current.info();
                StoredObject next = current.withInfo(new ObjectInfo(old.bucket(), old.key(), old.size(),
                        old.lastModified(), change.apply(old.metadata())));
                Path meta = ctx.layout.objectDir(b.name(), key).resolve(Layout.OBJECT_META);
                try {
                    byte[] record;
                    if (current.inline()) {
                        try (FileChannel ch = FileChannel.open(meta, StandardOpenOption.READ)) {
                            record = MetaCodec.encodeObject(next, MetaCodec.readInlineData(ch, current));
                        }
                    } else {
                        record = MetaCodec.encodeObject(next);
                    }
                    FsUtil.writeAtomically(meta, record, ctx.layout.tmp, ctx.flusher);
                } catch (IOException e) {
                    throw FsUtil.io("metadata update of " + b.name() + "/" + key + " failed", e);
                }
                b.index.put(key, next);
                return next.info();
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

    /**
     * Opens the current version without waiting for the key's lock (a commit holds it through its fsyncs, and the
     * server opens objects on its network threads). A version in data files is pinned: pin what the index shows,
     * then check that it is still current. If it is, a later retire sees the pin and defers the deletion; if not,
     * the pin may have come after the files were deleted, so drop it and look again. An inline version is read from
     * its {@code meta} file ({@link #openInline}).
     */
    public ObjectReader open(String bucket, String key) {
        BucketState b = ctx.bucket(bucket);
        StoreContext.checkKey(key);
        Path dir = ctx.layout.objectDir(b.name(), key);
        StoredObject o = b.existing(key);
        while (true) {
            if (o.inline()) {
                return openInline(b, key, dir, o);
            }
            ctx.pins.pin(o.version());
            if (b.index.get(key) == o) {
                break;
            }
            unpin(o.version());
            o = b.existing(key);
        }
        String version = o.version();
        try {
            return new LocalObjectReader(o, dir, () -> unpin(version));
        } catch (IOException e) {
            unpin(version);
            throw FsUtil.io("cannot open " + bucket + "/" + key, e);
        }
    }

    /**
     * Opens an inline version from its {@code meta} file; the open descriptor keeps those bytes whatever happens to
     * the name afterwards. First without the key's lock: if the file opened is the record of the version the index
     * showed, that is the version to read. If not (a commit or delete of the key got between the two looks), open
     * again under the key's lock, where the file and the index agree.
     */
    private ObjectReader openInline(BucketState b, String key, Path dir, StoredObject seen) {
        Path file = dir.resolve(Layout.OBJECT_META);
        try {
            FileChannel meta = FileChannel.open(file, StandardOpenOption.READ);
            try {
                return LocalObjectReader.inline(seen, meta, MetaCodec.inlineDataPosition(meta, seen));
            } catch (IOException | RuntimeException e) {
                meta.close();
            }
        } catch (IOException raced) {
            // replaced or deleted meanwhile: look again under the lock
        }
        StoredObject o;
        FileChannel meta = null;
        ReentrantLock keyLock = ctx.keyLocks.lock(b.name(), key);
        try {
            o = b.existing(key);
            if (o.inline()) {
                meta = FileChannel.open(file, StandardOpenOption.READ);
            } else {
                ctx.pins.pin(o.version());
            }
        } catch (IOException e) {
            throw FsUtil.io("cannot open " + b.name() + "/" + key, e);
        } finally {
            keyLock.unlock();
        }
        if (meta == null) {
            String version = o.version();
            try {
                return new LocalObjectReader(o, dir, () -> unpin(version));
            } catch (IOException e) {
                unpin(version);
                throw FsUtil.io("cannot open " + b.name() + "/" + key, e);
            }
        }
        return openInline(o, meta);
    }

    private static ObjectReader openInline(StoredObject o, FileChannel meta) {
        try {
            return LocalObjectReader.inline(o, meta, MetaCodec.inlineDataPosition(meta, o));
        } catch (IOException | RuntimeException e) {
            try {
                meta.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof IOException io) {
                throw FsUtil.io("cannot open " + o.info().bucket() + "/" + o.key(), io);
            }
            throw (RuntimeException) e;
        }
    }

    private void unpin(String version) {
        Runnable cleanup = ctx.pins.unpin(version);
        if (cleanup != null) {
            cleanup.run();
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
                    ctx.flusher.dir(dir);
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

    /**
     * Deletes a no-longer-current version's files once no reader holds it: in the background ({@link
     * BackgroundDeletes}) when it has data files, so the caller does not wait for the unlinking, else (an inline
     * version: at most its emptied folder) now. Called under the key lock; the removal takes that lock itself.
     */
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
            if (old.segments().length > 0) {
                BackgroundDeletes.submit(deferred);
            } else {
                removeVersion(dir, old);
            }
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
