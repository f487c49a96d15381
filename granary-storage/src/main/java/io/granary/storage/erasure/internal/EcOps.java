package io.granary.storage.erasure.internal;

import io.granary.storage.ObjectInfo;
import io.granary.storage.ObjectMetadata;
import io.granary.storage.ObjectReader;
import io.granary.storage.StorageError;
import io.granary.storage.StorageException;
import io.granary.storage.WriteCondition;
import io.granary.storage.internal.WriteConditions;
import io.granary.storage.local.internal.FsUtil;
import io.granary.storage.local.internal.Ids;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * Quorum commit, metadata update, delete and open of objects. Every change follows one pattern per drive of the set
 * (in parallel): data into place (temp file, fsync, atomic rename), then the record file by atomic rename, keeping the
 * previous record's bytes; if fewer than the write quorum succeed, the drives that did are rolled back to their
 * previous record and the call fails with nothing visible.
 */
public final class EcOps {

    private static final System.Logger LOG = System.getLogger(EcOps.class.getName());
    public static final String META = "meta";

    private final EcContext ctx;

    public EcOps(EcContext ctx) {
        this.ctx = ctx;
    }

    /** How a new version's data gets onto each drive. */
    public interface Placement {
        /** Why drive {@code pos} cannot take part, or null. */
        Exception unusable(int pos);

        /** This drive's inline shard stream, or null for data in files. */
        byte[] inlineShard(int pos);

        /** Puts this drive's shard files into {@code dataDir} (which exists), named {@code part.<i>}. */
        void place(Drive d, int pos, Path dataDir) throws IOException;
    }

    public static Path objectDir(Drive d, String bucket, String key) {
        return d.layout.objectDir(bucket, key);
    }

    public static String partFile(int i) {
        return "part." + (i + 1);
    }

    /** Makes a new version current; see the class comment. */
    public ObjectInfo commit(EcBucket b, String key, EcSet set, Geometry g, int rot, boolean inline, long[] parts,
                             ObjectMetadata metadata, WriteCondition condition, String origin, Placement placement) {
        ctx.checkOpen();
        Lock shared = b.lockShared();
        try {
            ReentrantLock keyLock = ctx.keyLocks.lock(b.name(), key);
            try {
                EcObject current = b.index.get(key);
                checkCondition(current, condition, key);
                long size = 0;
                for (long p : parts) {
                    size += p;
                }
                String dataId = Ids.random();
                EcObject next = new EcObject(new ObjectInfo(b.name(), key, size, Instant.now(), metadata), dataId,
                        origin, g, rot, inline, parts, EcContext.nowMicros());
                byte[] common = next.encodeCommon();
                List<Drive> drives = set.drives();
                var outs = ctx.onDrives(drives, d -> {
                    Exception why = placement.unusable(d.pos);
                    if (why != null) {
                        throw why instanceof IOException io ? io : new IOException(why);
                    }
                    Path dir = objectDir(d, b.name(), key);
                    FsUtil.ensureDir(dir, ctx.fsync);
                    if (!inline) {
                        Path dataDir = dir.resolve(dataId);
                        FsUtil.ensureDir(dataDir, ctx.fsync);
                        placement.place(d, d.pos, dataDir);
                        if (ctx.fsync) {
                            FsUtil.fsyncDir(dataDir);
                        }
                    }
                    byte[] old = EcContext.readIfExists(dir.resolve(META));
                    byte[] file = Bin.encodeRecord(EcObject.MAGIC, common,
                            new EcObject.Section(g.shardOf(d.pos, rot), placement.inlineShard(d.pos)).encode());
                    FsUtil.writeAtomically(dir.resolve(META), file, d.layout.tmp, ctx.fsync);
                    return new Prev(old);
                });
                long ok = EcContext.okCount(outs);
                if (ok < g.writeQuorum()) {
                    rollback(b.name(), key, outs, inline ? null : dataId);
                    throw quorumFailure("commit of " + b.name() + "/" + key, outs, g.writeQuorum());
                }
                for (var o : outs) {
                    if (!o.ok()) {
                        LOG.log(System.Logger.Level.WARNING, "commit of " + b.name() + "/" + key + " missed "
                                + o.drive() + ": " + o.error() + "; queued for healing");
                        if (!inline) {
                            FsUtil.deleteQuietly(objectDir(o.drive(), b.name(), key).resolve(dataId));
                        }
                    }
                }
                b.index.put(key, next);
                if (ok < drives.size()) {
                    ctx.onDamage.accept(b.name(), key);
                }
                if (current != null) {
                    retire(b, set, current);
                }
                return next.info();
            } finally {
                keyLock.unlock();
            }
        } finally {
            shared.unlock();
        }
    }

    /** The previous record file of a drive (null: there was none). */
    private record Prev(byte[] bytes) {}

    private void rollback(String bucket, String key, List<EcContext.Outcome<Prev>> outs, String dataId) {
        for (var o : outs) {
            Drive d = o.drive();
            Path dir = objectDir(d, bucket, key);
            try {
                if (o.ok()) {
                    if (o.value().bytes() != null) {
                        FsUtil.writeAtomically(dir.resolve(META), o.value().bytes(), d.layout.tmp, ctx.fsync);
                    } else {
                        Files.deleteIfExists(dir.resolve(META));
                        if (ctx.fsync) {
                            FsUtil.fsyncDir(dir);
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "rollback on " + d + " of " + bucket + "/" + key + " failed: " + e
                        + " (the next open resolves it by quorum)");
            }
            if (dataId != null) {
                FsUtil.deleteQuietly(dir.resolve(dataId));
            }
        }
    }

    static StorageException quorumFailure(String what, List<? extends EcContext.Outcome<?>> outs, int quorum) {
        long ok = EcContext.okCount(outs);
        Exception first = null;
        StringBuilder b = new StringBuilder();
        for (var o : outs) {
            if (!o.ok()) {
                if (first == null) {
                    first = o.error();
                }
                b.append("; ").append(o.drive().root).append(": ").append(o.error());
            }
        }
        boolean full = first instanceof IOException io && FsUtil.io("", io).error() == StorageError.STORAGE_FULL;
        return new StorageException(full ? StorageError.STORAGE_FULL : StorageError.INTERNAL, what
                + " failed: write quorum not reached (" + ok + " of " + outs.size() + " drives, need " + quorum + ")"
                + b, first);
    }

    static void checkCondition(EcObject current, WriteCondition condition, String key) {
        WriteConditions.check(current == null ? null : current.info(), condition, key);
    }

    public ObjectInfo updateMetadata(String bucket, String key, UnaryOperator<ObjectMetadata> change) {
        ctx.checkOpen();
        EcBucket b = ctx.bucket(bucket);
        EcContext.checkKey(key);
        Lock shared = b.lockShared();
        try {
            ReentrantLock keyLock = ctx.keyLocks.lock(b.name(), key);
            try {
                EcObject cur = b.existing(key);
                ObjectInfo old = cur.info();
                ObjectInfo info = new ObjectInfo(old.bucket(), old.key(), old.size(), old.lastModified(),
                        change.apply(old.metadata()));
                EcObject next = cur.withInfo(info, Math.max(EcContext.nowMicros(), cur.written() + 1));
                byte[] common = next.encodeCommon();
                EcSet set = ctx.setFor(bucket, key);
                var outs = ctx.onDrives(set.drives(), d -> {
                    Path file = objectDir(d, bucket, key).resolve(META);
                    byte[] prev = EcContext.readIfExists(file);
                    if (prev == null) {
                        throw new IOException("no record on this drive");
                    }
                    Bin.RecordFile rf = Bin.decodeRecord(EcObject.MAGIC, prev);
                    EcObject there = EcObject.decodeCommon(bucket, rf.common());
                    if (!there.dataId().equals(cur.dataId())) {
                        throw new IOException("stale record on this drive");
                    }
                    FsUtil.writeAtomically(file, Bin.encodeRecord(EcObject.MAGIC, common, rf.section()), d.layout.tmp,
                            ctx.fsync);
                    return new Prev(prev);
                });
                int q = cur.geometry().writeQuorum();
                if (EcContext.okCount(outs) < q) {
                    rollback(bucket, key, outs, null);
                    throw quorumFailure("metadata update of " + bucket + "/" + key, outs, q);
                }
                if (EcContext.okCount(outs) < set.n()) {
                    ctx.onDamage.accept(bucket, key);
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
        EcBucket b = ctx.bucket(bucket);
        EcContext.checkKey(key);
        return b.existing(key).info();
    }

    public void delete(String bucket, String key) {
        EcBucket b = ctx.bucket(bucket);
        EcContext.checkKey(key);
        Lock shared = b.lockShared();
        try {
            ReentrantLock keyLock = ctx.keyLocks.lock(b.name(), key);
            try {
                EcObject cur = b.index.get(key);
                if (cur == null) {
                    return;
                }
                EcSet set = ctx.setFor(bucket, key);
                var outs = ctx.onDrives(set.drives(), d -> {
                    Path dir = objectDir(d, bucket, key);
                    byte[] prev = EcContext.readIfExists(dir.resolve(META));
                    if (prev != null) {
                        Files.deleteIfExists(dir.resolve(META));
                        if (ctx.fsync) {
                            FsUtil.fsyncDir(dir);
                        }
                    } else if (!Files.isDirectory(d.layout.buckets)) {
                        throw new IOException("drive tree missing");
                    }
                    return new Prev(prev);
                });
                int q = cur.geometry().writeQuorum();
                if (EcContext.okCount(outs) < q) {
                    for (var o : outs) {
                        if (o.ok() && o.value().bytes() != null) {
                            try {
                                FsUtil.writeAtomically(objectDir(o.drive(), bucket, key).resolve(META),
                                        o.value().bytes(), o.drive().layout.tmp, ctx.fsync);
                            } catch (IOException e) {
                                LOG.log(System.Logger.Level.WARNING, "rollback of delete failed on " + o.drive());
                            }
                        }
                    }
                    throw quorumFailure("delete of " + bucket + "/" + key, outs, q);
                }
                b.index.remove(key);
                if (EcContext.okCount(outs) < set.n()) {
                    ctx.onDamage.accept(bucket, key);
                }
                retire(b, set, cur);
            } finally {
                keyLock.unlock();
            }
        } finally {
            shared.unlock();
        }
    }

    /** Removes a no-longer-current version's data folders now, or when its last reader closes. Under the key lock. */
    void retire(EcBucket b, EcSet set, EcObject old) {
        String key = old.key();
        Runnable deferred = () -> {
            ReentrantLock l = ctx.keyLocks.lock(b.name(), key);
            try {
                removeVersion(b.name(), set, old);
            } finally {
                l.unlock();
            }
        };
        if (ctx.pins.retire(old.dataId(), deferred)) {
            removeVersion(b.name(), set, old);
        }
    }

    private void removeVersion(String bucket, EcSet set, EcObject old) {
        for (Drive d : set.drives()) {
            Path dir = objectDir(d, bucket, old.key());
            if (!old.inline()) {
                FsUtil.deleteQuietly(dir.resolve(old.dataId()));
            }
            if (!Files.exists(dir.resolve(META))) {
                // Only the key's own folder (under its lock): its shard folder stays, because a commit of another
                // key of that shard, under another lock, may be creating its folder in it right now.
                FsUtil.deleteIfEmpty(dir);
            }
        }
    }

    /**
     * Opens the current version for reading. Only the records of the drives holding data shards are read (on this
     * thread, without the key lock); when one of them is missing, stale or corrupt (damage, or a commit of this key
     * racing with us), every drive's record is read again under the key lock, where no commit can run. An inline
     * object's block is decoded here, while its records are known to be this version's.
     */
    public ObjectReader open(String bucket, String key) {
        EcBucket b = ctx.bucket(bucket);
        EcContext.checkKey(key);
        EcSet set = ctx.setFor(bucket, key);
        for (int attempt = 0; ; attempt++) {
            EcObject o;
            ReentrantLock keyLock = ctx.keyLocks.lock(b.name(), key);
            try {
                o = b.existing(key);
                ctx.pins.pin(o.dataId());
            } finally {
                keyLock.unlock();
            }
            Runnable unpin = () -> {
                Runnable cleanup = ctx.pins.unpin(o.dataId());
                if (cleanup != null) {
                    cleanup.run();
                }
            };
            try {
                DriveRecords records = new DriveRecords(ctx, set, bucket, key, o);
                EcObjectReader reader = null;
                if (records.loadDataDrives()) {
                    reader = new EcObjectReader(ctx, set, o, records, unpin);
                    try {
                        reader.prime();
                    } catch (StorageException e) {
                        reader = null; // too few good shards, or parity records replaced by a racing commit
                    }
                }
                if (reader == null) {
                    ReentrantLock again = ctx.keyLocks.lock(b.name(), key);
                    try {
                        if (b.index.get(key) == o) {
                            records.loadAll();
                            reader = new EcObjectReader(ctx, set, o, records, unpin);
                            reader.prime();
                        }
                    } finally {
                        again.unlock();
                    }
                }
                if (b.index.get(key) != o && attempt < 20) {
                    unpin.run();
                    continue;
                }
                if (reader == null) {
                    reader = new EcObjectReader(ctx, set, o, records, unpin);
                }
                reader.reportRecordDamage();
                return reader;
            } catch (RuntimeException e) {
                unpin.run();
                if (b.index.get(key) != o && attempt < 20) {
                    continue;
                }
                throw e;
            }
        }
    }
}
