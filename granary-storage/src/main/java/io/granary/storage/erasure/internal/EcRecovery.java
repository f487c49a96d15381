package io.granary.storage.erasure.internal;

import io.granary.storage.BucketInfo;
import io.granary.storage.local.internal.FsUtil;
import io.granary.storage.local.internal.Layout;
import io.granary.storage.local.internal.MetaCodec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rebuilds the in-memory state at open by quorum over the drives, and removes what a crash leaves behind.
 *
 * <ul>
 *   <li>tmp/ of every drive is emptied (unfinished shard files, staged folders).</li>
 *   <li>A bucket exists when at least half of all drives hold its {@code bucket.meta}.</li>
 *   <li>Each object folder is resolved over its set: the copies of the record are grouped by their common bytes;
 *       the largest group (ties: newest {@code written}) is the live version when it has at least k copies and no
 *       fewer than the drives without a record. Data folders of other versions are removed. Drives that disagree are
 *       queued for healing. A version that can never reach k copies (even counting drives that could not be read) is
 *       removed as the leftover of an unacknowledged write.</li>
 *   <li>Uploads and their parts are resolved the same way; completed uploads are removed.</li>
 * </ul>
 */
public final class EcRecovery {

    private static final System.Logger LOG = System.getLogger(EcRecovery.class.getName());

    private final EcContext ctx;
    public final List<String[]> damaged = new ArrayList<>();

    public EcRecovery(EcContext ctx) {
        this.ctx = ctx;
    }

    public void run() {
        ctx.onDrives(ctx.drives, d -> {
            try {
                d.ensureTree(ctx.fsync);
                for (Path p : FsUtil.children(d.layout.tmp)) {
                    FsUtil.deleteRecursively(p);
                }
            } catch (IOException e) {
                d.offlineReason = "unusable at open: " + e;
                LOG.log(System.Logger.Level.WARNING, d + " " + d.offlineReason);
            }
            return true;
        });
        loadBuckets();
        for (EcBucket b : ctx.buckets.values()) {
            for (EcSet set : ctx.sets) {
                loadObjects(b, set);
                loadUploads(b, set);
            }
        }
    }

    private void loadBuckets() {
        Map<String, List<BucketInfo>> found = new LinkedHashMap<>();
        for (Drive d : ctx.drives) {
            if (!d.online()) {
                continue;
            }
            try {
                for (Path dir : FsUtil.children(d.layout.buckets)) {
                    String name = dir.getFileName().toString();
                    if (!Layout.isSafeBucketName(name)) {
                        continue;
                    }
                    byte[] bytes = EcContext.readIfExists(dir.resolve(Layout.BUCKET_META));
                    if (bytes == null) {
                        continue;
                    }
                    try {
                        BucketInfo info = MetaCodec.decodeBucket(bytes);
                        if (info.name().equals(name)) {
                            found.computeIfAbsent(name, x -> new ArrayList<>()).add(info);
                        }
                    } catch (MetaCodec.CorruptMetadataException e) {
                        LOG.log(System.Logger.Level.WARNING, "corrupt bucket record " + dir + " on " + d + ": " + e);
                    }
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot list buckets of " + d + ": " + e);
            }
        }
        for (var e : found.entrySet()) {
            if (e.getValue().size() * 2 >= ctx.drives.size()) {
                ctx.buckets.put(e.getKey(), new EcBucket(e.getValue().getFirst()));
            } else {
                LOG.log(System.Logger.Level.WARNING, "bucket " + e.getKey() + " is on only " + e.getValue().size()
                        + " of " + ctx.drives.size() + " drives: ignored (heal-all removes it)");
            }
        }
    }

    /** Votes of the drives of a set for one record file. */
    record Vote<T>(T value, byte[] common) {}

    static final class Tally<T> {
        final Map<ByteBuffer, List<Integer>> groups = new HashMap<>();
        final Map<ByteBuffer, T> values = new HashMap<>();
        int absent;
        int unknown;

        void add(int pos, Vote<T> v) {
            ByteBuffer key = ByteBuffer.wrap(v.common());
            groups.computeIfAbsent(key, x -> new ArrayList<>()).add(pos);
            values.putIfAbsent(key, v.value());
        }
    }

    private void loadObjects(EcBucket b, EcSet set) {
        Set<String> hashes = new TreeSet<>();
        for (Drive d : set.drives()) {
            if (!d.online()) {
                continue;
            }
            try {
                for (Path shard : FsUtil.children(d.layout.objectsDir(b.name()))) {
                    for (Path obj : FsUtil.children(shard)) {
                        hashes.add(shard.getFileName() + "/" + obj.getFileName());
                    }
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot list " + b.name() + " on " + d + ": " + e);
            }
        }
        for (String h : hashes) {
            resolveObject(b, set, h);
        }
    }

    private void resolveObject(EcBucket b, EcSet set, String rel) {
        String hash = rel.substring(rel.indexOf('/') + 1);
        Tally<EcObject> t = new Tally<>();
        for (Drive d : set.drives()) {
            if (!d.online()) {
                t.unknown++;
                continue;
            }
            Path dir = d.layout.objectsDir(b.name()).resolve(rel);
            try {
                byte[] bytes = EcContext.readIfExists(dir.resolve(EcOps.META));
                if (bytes == null) {
                    t.absent++;
                    continue;
                }
                Bin.RecordFile rf = Bin.decodeRecord(EcObject.MAGIC, bytes);
                EcObject o = EcObject.decodeCommon(b.name(), rf.common());
                if (!Layout.keyHash(o.key()).equals(hash) || !hash.startsWith(rel.substring(0, 2))
                        || ctx.setFor(b.name(), o.key()) != set) {
                    throw new MetaCodec.CorruptMetadataException("record in the wrong folder");
                }
                t.add(d.pos, new Vote<>(o, rf.common()));
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "unreadable record " + dir + ": " + e);
                t.unknown++;
            }
        }
        ByteBuffer best = null;
        for (var e : t.groups.entrySet()) {
            if (best == null || e.getValue().size() > t.groups.get(best).size()
                    || (e.getValue().size() == t.groups.get(best).size()
                        && t.values.get(e.getKey()).written() > t.values.get(best).written())) {
                best = e.getKey();
            }
        }
        int count = best == null ? 0 : t.groups.get(best).size();
        EcObject o = best == null ? null : t.values.get(best);
        if (o != null && count >= o.geometry().k() && count >= t.absent) {
            b.index.put(o.key(), o);
            if (count < set.n()) {
                damaged.add(new String[] {b.name(), o.key()});
            }
            for (Drive d : set.drives()) {
                if (d.online()) {
                    removeOtherData(d.layout.objectsDir(b.name()).resolve(rel), o.inline() ? null : o.dataId());
                }
            }
            return;
        }
        int otherVotes = 0;
        for (var g : t.groups.values()) {
            otherVotes = Math.max(otherVotes, g.size());
        }
        int k = o == null ? 1 : o.geometry().k();
        if (otherVotes + t.unknown < k) {
            // no version can ever be read: leftovers of unacknowledged writes or of a delete
            for (Drive d : set.drives()) {
                if (d.online()) {
                    FsUtil.deleteQuietly(d.layout.objectsDir(b.name()).resolve(rel));
                }
            }
        } else {
            LOG.log(System.Logger.Level.WARNING, "object " + b.name() + "/" + (o == null ? rel : o.key())
                    + " has only " + count + " readable copies of its record (" + t.unknown + " drives unreadable);"
                    + " not listed until more drives are back");
        }
    }

    /** Removes every entry of an object folder except its record and the live data folder. */
    private static void removeOtherData(Path dir, String keepDataId) {
        try {
            for (Path p : FsUtil.children(dir)) {
                String n = p.getFileName().toString();
                if (!n.equals(EcOps.META) && !n.equals(keepDataId)) {
                    FsUtil.deleteRecursively(p);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot clean " + dir + ": " + e);
        }
    }

    private void loadUploads(EcBucket b, EcSet set) {
        Set<String> ids = new TreeSet<>();
        for (Drive d : set.drives()) {
            if (!d.online()) {
                continue;
            }
            try {
                for (Path p : FsUtil.children(d.layout.uploadsDir(b.name()))) {
                    ids.add(p.getFileName().toString());
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot list uploads on " + d + ": " + e);
            }
        }
        for (String id : ids) {
            resolveUpload(b, set, id);
        }
    }

    private void resolveUpload(EcBucket b, EcSet set, String id) {
        if (!io.granary.storage.local.internal.Ids.isUploadId(id)) {
            for (Drive d : set.drives()) {
                FsUtil.deleteQuietly(d.layout.uploadsDir(b.name()).resolve(id));
            }
            return;
        }
        Tally<EcUpload.Decoded> t = new Tally<>();
        for (Drive d : set.drives()) {
            if (!d.online()) {
                t.unknown++;
                continue;
            }
            try {
                byte[] bytes = EcContext.readIfExists(d.layout.uploadDir(b.name(), id).resolve(Layout.UPLOAD_META));
                if (bytes == null) {
                    t.absent++;
                    continue;
                }
                Bin.RecordFile rf = Bin.decodeRecord(EcUpload.MAGIC, bytes);
                t.add(d.pos, new Vote<>(EcUpload.decodeCommon(rf.common()), rf.common()));
            } catch (IOException e) {
                t.unknown++;
            }
        }
        ByteBuffer best = null;
        for (var e : t.groups.entrySet()) {
            if (best == null || e.getValue().size() > t.groups.get(best).size()) {
                best = e.getKey();
            }
        }
        EcUpload.Decoded u = best == null ? null : t.values.get(best);
        int count = best == null ? 0 : t.groups.get(best).size();
        boolean valid = u != null && count >= u.geometry().k() && u.upload().uploadId().equals(id)
                && u.upload().bucket().equals(b.name()) && ctx.setFor(b.name(), u.upload().key()) == set
                && u.geometry().n() == set.n();
        EcObject current = u == null ? null : b.index.get(u.upload().key());
        boolean completed = current != null && id.equals(current.origin());
        if (!valid || completed) {
            if (completed || u == null || count + t.unknown < u.geometry().k()) {
                for (Drive d : set.drives()) {
                    if (d.online()) {
                        FsUtil.deleteQuietly(d.layout.uploadDir(b.name(), id));
                    }
                }
            }
            return;
        }
        EcUpload up = new EcUpload(u.upload(), u.geometry(), u.rotation(), set);
        // parts
        Set<Integer> numbers = new TreeSet<>();
        for (Drive d : set.drives()) {
            if (!d.online()) {
                continue;
            }
            try {
                for (Path p : FsUtil.children(d.layout.uploadDir(b.name(), id))) {
                    String n = p.getFileName().toString();
                    if (n.startsWith("part-") && n.endsWith(".meta")) {
                        try {
                            numbers.add(Integer.parseInt(n.substring(5, n.length() - 5)));
                        } catch (NumberFormatException ignored) {
                            // not ours
                        }
                    }
                }
            } catch (IOException ignored) {
                // counted as unknown below
            }
        }
        for (int n : numbers) {
            Tally<EcPart> pt = new Tally<>();
            for (Drive d : set.drives()) {
                if (!d.online()) {
                    continue;
                }
                try {
                    byte[] bytes = EcContext.readIfExists(d.layout.uploadDir(b.name(), id)
                            .resolve(EcPart.metaFileName(n)));
                    if (bytes != null) {
                        Bin.RecordFile rf = Bin.decodeRecord(EcPart.MAGIC, bytes);
                        pt.add(d.pos, new Vote<>(EcPart.decodeCommon(rf.common()), rf.common()));
                    }
                } catch (IOException ignored) {
                    // not a vote
                }
            }
            ByteBuffer pb = null;
            for (var e : pt.groups.entrySet()) {
                if (pb == null || e.getValue().size() > pt.groups.get(pb).size()
                        || (e.getValue().size() == pt.groups.get(pb).size() && pt.values.get(e.getKey()).info()
                            .lastModified().isAfter(pt.values.get(pb).info().lastModified()))) {
                    pb = e.getKey();
                }
            }
            if (pb != null && pt.groups.get(pb).size() >= up.geometry.k()) {
                EcPart p = pt.values.get(pb);
                if (p.info().partNumber() == n && p.geometry().equals(up.geometry) && p.rotation() == up.rotation) {
                    up.parts.put(n, p);
                }
            }
        }
        Set<String> keep = new HashSet<>();
        keep.add(Layout.UPLOAD_META);
        for (EcPart p : up.parts.values()) {
            keep.add(EcPart.metaFileName(p.info().partNumber()));
            keep.add(p.shardFileName());
        }
        for (Drive d : set.drives()) {
            if (!d.online()) {
                continue;
            }
            try {
                for (Path p : FsUtil.children(d.layout.uploadDir(b.name(), id))) {
                    if (!keep.contains(p.getFileName().toString())) {
                        FsUtil.deleteRecursively(p);
                    }
                }
            } catch (IOException ignored) {
                // best effort
            }
        }
        b.uploads.put(id, up);
    }
}
