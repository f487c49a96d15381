package io.granary.storage.erasure.internal;

import io.granary.storage.BucketInfo;
import io.granary.storage.StorageError;
import io.granary.storage.StorageException;
import io.granary.storage.local.internal.Utf8Order;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One bucket in memory: the sorted index of its live objects over all sets (each entry resolved by quorum over its
 * set's drives at open, and kept current by quorum commits) and its uploads in progress.
 */
public final class EcBucket {
    public final BucketInfo info;
    public final ConcurrentSkipListMap<String, EcObject> index = new ConcurrentSkipListMap<>(Utf8Order.COMPARATOR);
    public final ConcurrentHashMap<String, EcUpload> uploads = new ConcurrentHashMap<>();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean deleted;

    public EcBucket(BucketInfo info) {
        this.info = info;
    }

    public String name() {
        return info.name();
    }

    public Lock lockShared() {
        Lock l = lock.readLock();
        l.lock();
        if (deleted) {
            l.unlock();
            throw new StorageException(StorageError.NO_SUCH_BUCKET, "bucket deleted: " + name());
        }
        return l;
    }

    public Lock lockExclusive() {
        Lock l = lock.writeLock();
        l.lock();
        if (deleted) {
            l.unlock();
            throw new StorageException(StorageError.NO_SUCH_BUCKET, "bucket deleted: " + name());
        }
        return l;
    }

    public void markDeleted() {
        deleted = true;
    }
}
