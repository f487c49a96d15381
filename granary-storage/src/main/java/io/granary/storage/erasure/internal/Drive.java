package io.granary.storage.erasure.internal;

import io.granary.storage.local.internal.FsUtil;
import io.granary.storage.local.internal.Layout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * One drive folder. Below its root the tree is the single-folder engine's {@link Layout} (tmp/, buckets/, multipart/)
 * plus the format file; see docs/FORMAT.md.
 */
public final class Drive {
    public final int index;
    public final int set;
    public final int pos;
    public final Path root;
    public final Layout layout;
    /** Non-null while the drive was found unusable at open (not a folder, unreadable); operations skip it. */
    public volatile String offlineReason;

    public Drive(int index, int set, int pos, Path root) {
        this.index = index;
        this.set = set;
        this.pos = pos;
        this.root = root;
        this.layout = new Layout(root);
    }

    public boolean online() {
        return offlineReason == null;
    }

    /**
     * Throws if the drive is known offline or its tree is gone (folder wiped or unmounted while running), so callers
     * treat it like an I/O failure. Never recreating a vanished tree from a write keeps an unmounted drive's mount
     * point clean; healing re-formats it.
     */
    public void checkOnline() throws IOException {
        String r = offlineReason;
        if (r != null) {
            throw new IOException("drive " + root + " is offline: " + r);
        }
        if (!Files.isDirectory(layout.tmp, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("drive " + root + " has no tmp/ folder (wiped, replaced or unmounted?)");
        }
    }

    public Path formatFile() {
        return root.resolve(Format.FILE_NAME);
    }

    /** Creates root, tmp/, buckets/ and multipart/ if missing. */
    public void ensureTree(boolean fsync) throws IOException {
        if (Files.exists(root, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(root + " is not a folder");
        }
        FsUtil.ensureDir(root, fsync);
        FsUtil.ensureDir(layout.tmp, fsync);
        FsUtil.ensureDir(layout.buckets, fsync);
        FsUtil.ensureDir(layout.multipart, fsync);
    }

    @Override
    public String toString() {
        return "drive " + index + " (set " + set + ", position " + pos + ", " + root + ")";
    }
}
