package io.granary.storage.local.internal;

import io.granary.storage.StorageError;
import io.granary.storage.StorageException;

import java.util.concurrent.ConcurrentHashMap;

/** State shared by the parts of one open store. */
public final class StoreContext {
    public final Layout layout;
    /** Every flush to stable storage goes through it ({@link Flusher#NONE} when fsync is off). */
    public final Flusher flusher;
    /** Objects up to this many bytes live inside their metadata file; 0: never. */
    public final int inlineThreshold;
    /** Whether (and with which buffers) large data files are written with direct I/O. */
    public final DirectWrites directWrites;
    public final KeyLocks keyLocks = new KeyLocks(1024);
    public final VersionPins pins = new VersionPins();
    public final ConcurrentHashMap<String, BucketState> buckets = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public StoreContext(Layout layout, Flusher flusher, int inlineThreshold, DirectWrites directWrites) {
        this.layout = layout;
        this.flusher = flusher;
        this.inlineThreshold = inlineThreshold;
        this.directWrites = directWrites;
    }

    /** The bucket, or NO_SUCH_BUCKET. */
    public BucketState bucket(String name) {
        checkOpen();
        BucketState b = name == null ? null : buckets.get(name);
        if (b == null) {
            throw new StorageException(StorageError.NO_SUCH_BUCKET, "no such bucket: " + name);
        }
        return b;
    }

    public void checkOpen() {
        if (closed) {
            throw new StorageException(StorageError.INTERNAL, "store is closed");
        }
    }

    public void markClosed() {
        closed = true;
    }

    public static void checkKey(String key) {
        if (!Utf8Order.isValidKey(key)) {
            throw new StorageException(StorageError.INVALID_KEY, "key must be 1..1024 bytes of valid UTF-8");
        }
    }
}
