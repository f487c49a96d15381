package io.granary.storage.internal;

import io.granary.storage.BucketInfo;
import io.granary.storage.StorageError;
import io.granary.storage.StorageException;
import io.granary.storage.local.internal.Utf8Order;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * One bucket in memory, shared by both engines: its sorted key index (UTF-8 byte order) and its uploads in
 * progress. Mutations of its content hold the shared lock; deleting the bucket holds the exclusive lock, so it
 * never races with a commit.
 *
 * @param <O> the engine's object record
 * @param <U> the engine's upload record
 */
public abstract class BucketIndex<O, U extends UploadEntry<?>> {
    public final BucketInfo info;
    public final ConcurrentSkipListMap<String, O> index = new ConcurrentSkipListMap<>(Utf8Order.COMPARATOR);
    public final ConcurrentHashMap<String, U> uploads = new ConcurrentHashMap<>();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean deleted;

    protected BucketIndex(BucketInfo info) {
        this.info = info;
    }

    public String name() {
        return info.name();
    }

    /** The current object of {@code key}, or NO_SUCH_KEY. */
    public O existing(String key) {
        O o = index.get(key);
        if (o == null) {
            throw new StorageException(StorageError.NO_SUCH_KEY, "no such key: " + key);
        }
        return o;
    }

    /** The live upload {@code uploadId} of {@code key}, or NO_SUCH_UPLOAD (unknown id, other key, finished). */
    public U liveUpload(String key, String uploadId) {
        U u = uploadId == null ? null : uploads.get(uploadId);
        if (u == null || !u.key().equals(key) || u.finished) {
            throw new StorageException(StorageError.NO_SUCH_UPLOAD, "no such upload: " + uploadId);
        }
        return u;
    }

    /**
     * Runs {@code action} on the live upload {@code uploadId} of {@code key} holding the bucket's shared lock and the
     * upload's lock; NO_SUCH_UPLOAD if there is no such upload or it finished meanwhile.
     */
    public <R> R withLiveUpload(String key, String uploadId, Function<U, R> action) {
        Lock shared = lockShared();
        try {
            U u = liveUpload(key, uploadId);
            u.lock.lock();
            try {
                if (u.finished) {
                    throw new StorageException(StorageError.NO_SUCH_UPLOAD, "upload finished: " + uploadId);
                }
                return action.apply(u);
            } finally {
                u.lock.unlock();
            }
        } finally {
            shared.unlock();
        }
    }

    /** Takes the shared lock, failing with NO_SUCH_BUCKET if the bucket was deleted meanwhile. */
    public Lock lockShared() {
        return lockOrFail(lock.readLock());
    }

    /** Takes the exclusive lock, failing with NO_SUCH_BUCKET if the bucket was deleted meanwhile. */
    public Lock lockExclusive() {
        return lockOrFail(lock.writeLock());
    }

    private Lock lockOrFail(Lock l) {
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
