package io.granary.storage.erasure.internal;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;

/**
 * The per-drive records of one object version, as a reader sees them: read on demand, drive by drive.
 *
 * <p>A healthy read needs only the drives holding the {@code k} data shards, so {@link #loadDataDrives} reads just
 * those, on the calling thread (a few small files in the page cache cost less than a thread hop per drive). The other
 * drives' records are read when a decode needs their shards ({@link #inlineShard}), or all at once under the key lock
 * ({@link #loadAll}) once damage was seen. A drive's record is <em>usable</em> when it names this version's data and
 * this drive's shard; it is <em>current</em> when its common bytes equal the version's. Any record read that is not
 * current counts as damage (the object is queued for healing); records never read are judged by the background
 * scanner, or by a later read that needs them.
 *
 * <p>Not thread-safe on its own: used by one opening thread, then under the reader's lock.
 */
final class DriveRecords {

    private static final byte UNREAD = 0;
    private static final byte CURRENT = 1;
    private static final byte USABLE = 2;
    private static final byte BAD = 3;

    private final EcContext ctx;
    private final EcSet set;
    private final String bucket;
    private final String key;
    private final EcObject object;
    private final byte[] want;
    private final byte[] state;
    private final byte[][] inline;

    DriveRecords(EcContext ctx, EcSet set, String bucket, String key, EcObject object) {
        this.ctx = ctx;
        this.set = set;
        this.bucket = bucket;
        this.key = key;
        this.object = object;
        this.want = object.encodeCommon();
        this.state = new byte[set.n()];
        this.inline = new byte[set.n()][];
    }

    /** Reads the records of the drives holding data shards (calling thread); true if all of them are current. */
    boolean loadDataDrives() {
        Geometry g = object.geometry();
        boolean allCurrent = true;
        for (int s = 0; s < g.k(); s++) {
            int pos = g.driveOf(s, object.rotation());
            loadIfUnread(pos);
            allCurrent &= state[pos] == CURRENT;
        }
        return allCurrent;
    }

    /** Forgets everything and reads every drive's record again, in parallel. */
    void loadAll() {
        Arrays.fill(state, UNREAD);
        Arrays.fill(inline, null);
        for (var o : ctx.onDrives(set.drives(), this::read)) {
            apply(o.drive().pos, o.ok() ? o.value() : null);
        }
    }

    /** Whether a record read so far was missing, stale or corrupt. */
    boolean damaged() {
        for (byte s : state) {
            if (s == USABLE || s == BAD) {
                return true;
            }
        }
        return false;
    }

    /** Drive {@code pos}'s inline shard stream (its record read now if it was not yet), or null if unusable. */
    byte[] inlineShard(int pos) {
        loadIfUnread(pos);
        return inline[pos];
    }

    private void loadIfUnread(int pos) {
        if (state[pos] == UNREAD) {
            Drive d = set.drives().get(pos);
            try {
                d.checkOnline();
                apply(pos, read(d));
            } catch (IOException | RuntimeException e) {
                apply(pos, null);
            }
        }
    }

    private void apply(int pos, Found f) {
        if (f == null) {
            state[pos] = BAD;
            inline[pos] = null;
        } else {
            state[pos] = f.current() ? CURRENT : USABLE;
            inline[pos] = f.inlineShard();
        }
    }

    private record Found(boolean current, byte[] inlineShard) {}

    private Found read(Drive d) throws IOException {
        byte[] bytes = EcContext.readIfExists(EcOps.objectDir(d, bucket, key).resolve(EcOps.META));
        if (bytes == null) {
            throw new NoSuchFileException("no record");
        }
        Bin.RecordFile rf = Bin.decodeRecord(EcObject.MAGIC, bytes);
        EcObject.Section sec = EcObject.Section.decode(rf.section());
        boolean current = Arrays.equals(rf.common(), want);
        EcObject there = current ? object : EcObject.decodeCommon(bucket, rf.common());
        if (!there.dataId().equals(object.dataId())
                || sec.shardIndex() != object.geometry().shardOf(d.pos, object.rotation())) {
            throw new IOException("stale record");
        }
        return new Found(current, sec.inlineShard());
    }
}
