package io.granary.storage.erasure.internal;

import io.granary.storage.BucketInfo;
import io.granary.storage.StorageError;
import io.granary.storage.StorageException;
import io.granary.storage.erasure.HealReport;
import io.granary.storage.erasure.HealResult;
import io.granary.storage.erasure.HealResult.State;
import io.granary.storage.local.internal.FsUtil;
import io.granary.storage.local.internal.Layout;
import io.granary.storage.local.internal.MetaCodec;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Healing. One object: under its key lock, every drive's record is compared with the live version's and every shard
 * block is read and bitrot-checked; drives with a missing, stale or corrupt record or shard get the shard rebuilt from
 * the good ones (written to tmp/, fsync'd, renamed into place) and the record rewritten. A bucket: its descriptor on
 * every drive, every object, and stray object folders. Everything: drive format files, buckets.
 */
public final class EcHeal {

    private static final System.Logger LOG = System.getLogger(EcHeal.class.getName());

    private final EcContext ctx;

    public EcHeal(EcContext ctx) {
        this.ctx = ctx;
    }

    public HealResult healObject(String bucket, String key) {
        EcBucket b = ctx.bucket(bucket);
        EcContext.checkKey(key);
        // First a check without the key lock (writers of the key are not held up while a large object is read);
        // only damage takes the lock, and is then judged again.
        EcObject seen = b.index.get(key);
        if (seen != null) {
            ctx.pins.pin(seen.dataId());
            try {
                HealResult r = heal(b, ctx.setFor(bucket, key), seen, false);
                if (r != null) {
                    return r;
                }
            } finally {
                Runnable cleanup = ctx.pins.unpin(seen.dataId());
                if (cleanup != null) {
                    cleanup.run();
                }
            }
        }
        Lock shared = b.lockShared();
        try {
            ReentrantLock keyLock = ctx.keyLocks.lock(b.name(), key);
            try {
                EcSet set = ctx.setFor(bucket, key);
                EcObject cur = b.index.get(key);
                if (cur == null) {
                    return cleanStray(bucket, key, set);
                }
                return heal(b, set, cur, true);
            } finally {
                keyLock.unlock();
            }
        } finally {
            shared.unlock();
        }
    }

    private HealResult cleanStray(String bucket, String key, EcSet set) {
        int cleaned = 0;
        for (Drive d : set.drives()) {
            Path dir = EcOps.objectDir(d, bucket, key);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try {
                Files.deleteIfExists(dir.resolve(EcOps.META));
                for (Path p : FsUtil.children(dir)) {
                    if (!ctx.pins.isPinned(p.getFileName().toString())) {
                        FsUtil.deleteRecursively(p);
                    }
                }
                FsUtil.deleteIfEmpty(dir);
                cleaned++;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot clean " + dir + ": " + e);
            }
        }
        return new HealResult(bucket, key, cleaned > 0 ? State.CLEANED : State.ABSENT, cleaned,
                cleaned > 0 ? "removed leftovers on " + cleaned + " drive(s)" : "no such object");
    }

    /** With {@code repair} false: HEALTHY, FAILED, or null when something needs repair (nothing is changed). */
    private HealResult heal(EcBucket b, EcSet set, EcObject cur, boolean repair) {
        String bucket = b.name();
        String key = cur.key();
        Geometry g = cur.geometry();
        int n = set.n();
        byte[] common = cur.encodeCommon();
        boolean[] metaBad = new boolean[n];
        byte[][] inline = cur.inline() ? new byte[n][] : null;
        // 1. records
        for (Drive d : set.drives()) {
            Path dir = EcOps.objectDir(d, bucket, key);
            try {
                d.checkOnline();
                byte[] bytes = EcContext.readIfExists(dir.resolve(EcOps.META));
                if (bytes == null) {
                    metaBad[d.pos] = true;
                    continue;
                }
                Bin.RecordFile rf = Bin.decodeRecord(EcObject.MAGIC, bytes);
                EcObject there = EcObject.decodeCommon(bucket, rf.common());
                EcObject.Section sec = EcObject.Section.decode(rf.section());
                boolean sameData = there.dataId().equals(cur.dataId()) && sec.shardIndex() == g.shardOf(d.pos,
                        cur.rotation());
                metaBad[d.pos] = !sameData || !Arrays.equals(rf.common(), common);
                if (inline != null && sameData) {
                    inline[d.pos] = sec.inlineShard();
                }
            } catch (IOException e) {
                metaBad[d.pos] = true;
            }
        }
        // 2. shards: verify every block of every part (one part's files open at a time)
        int parts = cur.parts().length;
        boolean[][] dataBad = new boolean[parts][n];
        PartOpener opener = i -> openPart(set, bucket, key, cur, i, inline);
        for (int i = 0; i < parts; i++) {
            try (PartReader pr = opener.open(i)) {
                boolean[] good = new boolean[n];
                for (long j = 0; j < pr.dec.blocks(); j++) {
                    if (pr.dec.readAll(j, good) == null) {
                        if (!repair) {
                            return null; // judged again under the lock
                        }
                        return new HealResult(bucket, key, State.FAILED, 0, "part " + (i + 1) + " block " + j
                                + " has fewer than " + g.k() + " good shards: cannot rebuild");
                    }
                }
                for (int p = 0; p < n; p++) {
                    dataBad[i][p] = pr.dec.damaged[p];
                }
            }
        }
        List<Integer> toFix = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            boolean bad = metaBad[p];
            for (int i = 0; i < parts; i++) {
                bad |= dataBad[i][p];
            }
            if (bad) {
                toFix.add(p);
            }
        }
        if (!repair) {
            return toFix.isEmpty() && !hasOtherVersions(bucket, key, set, cur)
                    ? new HealResult(bucket, key, State.HEALTHY, 0, "all " + n + " drives good") : null;
        }
        cleanOtherVersions(bucket, key, set, cur);
        if (toFix.isEmpty()) {
            return new HealResult(bucket, key, State.HEALTHY, 0, "all " + n + " drives good");
        }
        // 3. rebuild
        int repaired = 0;
        List<String> failures = new ArrayList<>();
        for (int p : toFix) {
            Drive d = set.drives().get(p);
            try {
                rebuildDrive(d, bucket, key, cur, common, opener, dataBad, inline);
                repaired++;
            } catch (IOException | RuntimeException e) {
                failures.add(d.root + ": " + e);
            }
        }
        if (failures.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "healed " + bucket + "/" + key + " on " + repaired + " drive(s)");
            return new HealResult(bucket, key, State.HEALED, repaired, "rebuilt on drive positions " + toFix);
        }
        return new HealResult(bucket, key, State.FAILED, repaired, "could not rewrite: " + failures);
    }

    /** One part's decoder over every drive's shard stream, and the files it opened. */
    private static final class PartReader implements AutoCloseable {
        final BlockDecoder dec;
        final List<FileChannel> channels;

        PartReader(BlockDecoder dec, List<FileChannel> channels) {
            this.dec = dec;
            this.channels = channels;
        }

        @Override
        public void close() {
            for (FileChannel c : channels) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // read-only
                }
            }
        }
    }

    @FunctionalInterface
    private interface PartOpener {
        PartReader open(int part);
    }

    private PartReader openPart(EcSet set, String bucket, String key, EcObject cur, int i, byte[][] inline) {
        Geometry g = cur.geometry();
        int n = set.n();
        List<FileChannel> open = new ArrayList<>();
        BlockDecoder.Source[] src = new BlockDecoder.Source[n];
        for (Drive d : set.drives()) {
            if (inline != null) {
                if (inline[d.pos] != null && inline[d.pos].length == g.shardLength(cur.parts()[i])) {
                    src[d.pos] = BlockDecoder.of(inline[d.pos]);
                }
                continue;
            }
            Path f = EcOps.objectDir(d, bucket, key).resolve(cur.dataId()).resolve(EcOps.partFile(i));
            try {
                d.checkOnline();
                FileChannel ch = FileChannel.open(f, StandardOpenOption.READ);
                open.add(ch);
                if (ch.size() != g.shardLength(cur.parts()[i])) {
                    continue; // wrong length: treat as missing
                }
                src[d.pos] = BlockDecoder.of(ch);
            } catch (IOException e) {
                // missing
            }
        }
        return new PartReader(new BlockDecoder(ctx, g, cur.rotation(), cur.parts()[i], src, bucket + "/" + key
                + " part " + (i + 1)), open);
    }

    private void rebuildDrive(Drive d, String bucket, String key, EcObject cur, byte[] common, PartOpener parts,
                              boolean[][] dataBad, byte[][] inline) throws IOException {
        if (d.online() && Files.isDirectory(d.root) && !Files.isDirectory(d.layout.tmp)) {
            healFormat(d); // the drive was emptied while running: format it again before refilling
        }
        // a drive folder that vanished altogether (unmounted?) is left alone here; heal-all or a restart recreates it
        d.checkOnline();
        Geometry g = cur.geometry();
        int shard = g.shardOf(d.pos, cur.rotation());
        Path dir = EcOps.objectDir(d, bucket, key);
        d.ensureTree(ctx.fsync);
        FsUtil.ensureDir(dir, ctx.fsync);
        byte[] inlineShard = null;
        if (cur.inline()) {
            if (dataBad[0][d.pos] || inline[d.pos] == null) {
                ShardEncoder.MemorySink sink = new ShardEncoder.MemorySink();
                try (PartReader pr = parts.open(0)) {
                    writeShard(pr.dec, shard, sink);
                }
                inlineShard = sink.bytes.toByteArray();
            } else {
                inlineShard = inline[d.pos];
            }
        } else {
            Path dataDir = dir.resolve(cur.dataId());
            FsUtil.ensureDir(dataDir, ctx.fsync);
            for (int i = 0; i < dataBad.length; i++) {
                Path target = dataDir.resolve(EcOps.partFile(i));
                if (!dataBad[i][d.pos] && Files.exists(target)) {
                    continue;
                }
                ShardEncoder.FileSink sink = new ShardEncoder.FileSink(d, ".heal");
                try (PartReader pr = parts.open(i)) {
                    writeShard(pr.dec, shard, sink);
                    sink.finish(ctx.fsync);
                    Files.move(sink.path, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    sink.discard();
                }
            }
            if (ctx.fsync) {
                FsUtil.fsyncDir(dataDir);
            }
        }
        byte[] file = Bin.encodeRecord(EcObject.MAGIC, common, new EcObject.Section(shard, inlineShard).encode());
        FsUtil.writeAtomically(dir.resolve(EcOps.META), file, d.layout.tmp, ctx.fsync);
    }

    private static void writeShard(BlockDecoder dec, int shard, ShardEncoder.Sink sink) throws IOException {
        boolean[] good = new boolean[shard + 1 + 16];
        for (long j = 0; j < dec.blocks(); j++) {
            byte[][] all = dec.readAll(j, good);
            if (all == null) {
                throw new IOException("block " + j + " no longer has enough good shards");
            }
            int c = dec.chunkOf(j);
            sink.write(io.granary.erasure.BitrotHash.hash(EcContext.BITROT_KEY, all[shard], 0, c), all[shard], c);
        }
    }

    /** Whether some drive holds entries besides the live record and data folder (not held by a reader). */
    private boolean hasOtherVersions(String bucket, String key, EcSet set, EcObject cur) {
        for (Drive d : set.drives()) {
            if (!d.online()) {
                continue;
            }
            try {
                for (Path p : FsUtil.children(EcOps.objectDir(d, bucket, key))) {
                    String name = p.getFileName().toString();
                    if (!name.equals(EcOps.META) && !(name.equals(cur.dataId()) && !cur.inline())
                            && !ctx.pins.isPinned(name)) {
                        return true;
                    }
                }
            } catch (IOException e) {
                // judged by the record and shard checks
            }
        }
        return false;
    }

    /** Removes data folders of versions other than the live one (unless a reader still holds them). */
    private void cleanOtherVersions(String bucket, String key, EcSet set, EcObject cur) {
        for (Drive d : set.drives()) {
            if (!d.online()) {
                continue;
            }
            Path dir = EcOps.objectDir(d, bucket, key);
            try {
                for (Path p : FsUtil.children(dir)) {
                    String name = p.getFileName().toString();
                    if (!name.equals(EcOps.META) && !(name.equals(cur.dataId()) && !cur.inline())
                            && !ctx.pins.isPinned(name)) {
                        FsUtil.deleteRecursively(p);
                    }
                }
            } catch (IOException e) {
                // the drive is unhappy; its state was already judged above
            }
        }
    }

    // ---- buckets and everything ----

    public HealReport healBucket(String bucket) {
        EcBucket b = ctx.bucket(bucket);
        healBucketRecord(b.info);
        List<HealResult> results = new ArrayList<>();
        for (String key = firstKey(b); key != null; key = b.index.higherKey(key)) {
            results.add(healSafely(bucket, key));
        }
        // stray folders: keys some drive holds that the index does not know
        for (EcSet set : ctx.sets) {
            for (Drive d : set.drives()) {
                if (!d.online()) {
                    continue;
                }
                try {
                    for (Path shard : FsUtil.children(d.layout.objectsDir(bucket))) {
                        for (Path obj : FsUtil.children(shard)) {
                            String strayKey = keyOf(bucket, obj);
                            if (strayKey != null && !b.index.containsKey(strayKey)) {
                                results.add(healSafely(bucket, strayKey));
                            } else if (strayKey == null && !hasLiveKey(b, obj)) {
                                removeUnnamed(obj);
                            }
                        }
                    }
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot scan " + bucket + " on " + d + ": " + e);
                }
            }
        }
        return HealReport.of(results);
    }

    private boolean hasLiveKey(EcBucket b, Path objDir) {
        // an unnamed folder (no readable record) may still be a live key's folder on a damaged drive: those are
        // rewritten by the key's heal above; only folders whose hash matches no live key are removed
        String hash = objDir.getFileName().toString();
        for (String k : b.index.keySet()) {
            if (Layout.keyHash(k).equals(hash)) {
                return true;
            }
        }
        return false;
    }

    private void removeUnnamed(Path objDir) {
        try {
            for (Path p : FsUtil.children(objDir)) {
                if (!ctx.pins.isPinned(p.getFileName().toString())) {
                    FsUtil.deleteRecursively(p);
                }
            }
            FsUtil.deleteIfEmpty(objDir);
        } catch (IOException ignored) {
            // best effort
        }
    }

    private static String keyOf(String bucket, Path objDir) {
        try {
            byte[] bytes = EcContext.readIfExists(objDir.resolve(EcOps.META));
            if (bytes == null) {
                return null;
            }
            return EcObject.decodeCommon(bucket, Bin.decodeRecord(EcObject.MAGIC, bytes).common()).key();
        } catch (IOException e) {
            return null;
        }
    }

    private HealResult healSafely(String bucket, String key) {
        try {
            return healObject(bucket, key);
        } catch (StorageException e) {
            if (e.error() == StorageError.NO_SUCH_BUCKET) {
                throw e;
            }
            return new HealResult(bucket, key, State.FAILED, 0, e.getMessage());
        } catch (RuntimeException e) {
            return new HealResult(bucket, key, State.FAILED, 0, e.toString());
        }
    }

    private static String firstKey(EcBucket b) {
        try {
            return b.index.firstKey();
        } catch (java.util.NoSuchElementException e) {
            return null;
        }
    }

    private void healBucketRecord(BucketInfo info) {
        byte[] bytes = MetaCodec.encodeBucket(info);
        for (Drive d : ctx.drives) {
            try {
                d.checkOnline();
                Path dir = d.layout.bucketDir(info.name());
                Path meta = dir.resolve(Layout.BUCKET_META);
                byte[] there = EcContext.readIfExists(meta);
                if (there != null && Arrays.equals(there, bytes)) {
                    continue;
                }
                d.ensureTree(ctx.fsync);
                FsUtil.ensureDir(d.layout.objectsDir(info.name()), ctx.fsync);
                FsUtil.writeAtomically(meta, bytes, d.layout.tmp, ctx.fsync);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot heal bucket " + info.name() + " on " + d + ": " + e);
            }
        }
    }

    public HealReport healAll() {
        for (Drive d : ctx.drives) {
            healFormat(d);
        }
        // bucket folders no bucket stands for (deleted while the drive was away)
        for (Drive d : ctx.drives) {
            if (!d.online()) {
                continue;
            }
            try {
                for (Path dir : FsUtil.children(d.layout.buckets)) {
                    if (!ctx.buckets.containsKey(dir.getFileName().toString())) {
                        FsUtil.removeTree(dir, d.layout.tmp, ctx.fsync);
                    }
                }
                for (Path dir : FsUtil.children(d.layout.multipart)) {
                    if (!ctx.buckets.containsKey(dir.getFileName().toString())) {
                        FsUtil.removeTree(dir, d.layout.tmp, ctx.fsync);
                    }
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot scan buckets of " + d + ": " + e);
            }
        }
        HealReport total = new HealReport(0, 0, 0, 0, 0);
        for (String name : new java.util.TreeSet<>(ctx.buckets.keySet())) {
            try {
                total = total.plus(healBucket(name));
            } catch (StorageException e) {
                if (e.error() != StorageError.NO_SUCH_BUCKET) {
                    throw e;
                }
            }
        }
        return total;
    }

    /** Rewrites a drive's format file if it is missing or corrupt (the folder was wiped or replaced). */
    public void healFormat(Drive d) {
        try {
            Format f = Format.read(d);
            if (f.deploymentId().equals(ctx.deploymentId) && f.set() == d.set && f.index() == d.pos) {
                d.ensureTree(ctx.fsync);
                return;
            }
            LOG.log(System.Logger.Level.WARNING, d + " holds another drive's format; not touching it");
        } catch (IOException e) {
            try {
                Format.rewrite(d, ctx.deploymentId, ctx.layout, ctx.fsync);
                d.offlineReason = null;
                LOG.log(System.Logger.Level.WARNING, d + " lost its format (" + e + "); re-formatted it");
            } catch (IOException e2) {
                LOG.log(System.Logger.Level.WARNING, d + " cannot be re-formatted: " + e2);
            }
        }
    }
}
