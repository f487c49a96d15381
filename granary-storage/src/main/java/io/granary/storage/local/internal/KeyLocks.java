package io.granary.storage.local.internal;

import java.util.concurrent.locks.ReentrantLock;

/** Striped per-key locks: commits, deletes and opens of one key serialize; different keys rarely contend. */
public final class KeyLocks {
    private final ReentrantLock[] stripes;

    public KeyLocks(int count) {
        int n = Integer.highestOneBit(Math.max(1, count - 1)) << 1;
        stripes = new ReentrantLock[n];
        for (int i = 0; i < n; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    public ReentrantLock lockFor(String bucket, String key) {
        int h = bucket.hashCode() * 31 + key.hashCode();
        h ^= (h >>> 16);
        return stripes[h & (stripes.length - 1)];
    }

    /** Locks and returns the stripe of {@code (bucket, key)}. */
    public ReentrantLock lock(String bucket, String key) {
        ReentrantLock l = lockFor(bucket, key);
        l.lock();
        return l;
    }
}
