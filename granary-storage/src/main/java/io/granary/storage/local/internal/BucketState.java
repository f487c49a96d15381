package io.granary.storage.local.internal;

import io.granary.storage.BucketInfo;
import io.granary.storage.StorageError;
import io.granary.storage.StorageException;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One bucket in memory: its sorted key index and its uploads. Mutations of its content hold the read lock;
 * deleting the bucket holds the write lock, so it never races with a commit.
 */
public final class BucketState {
    public final BucketInfo info;
    public final ConcurrentSkipListMap<String, StoredObject> index = new ConcurrentSkipListMap<>(Utf8Order.COMPARATOR);
    public final ConcurrentHashMap<String, UploadState> uploads = new ConcurrentHashMap<>();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean deleted;

    public BucketState(BucketInfo info) {
        this.info = info;
    }

    public String name() {
        return info.name();
    }

    /** Takes the shared lock, failing with NO_SUCH_BUCKET if the bucket was deleted meanwhile. */
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

    /** Call with the exclusive lock held. */
    public void markDeleted() {
        deleted = true;
    }
}
