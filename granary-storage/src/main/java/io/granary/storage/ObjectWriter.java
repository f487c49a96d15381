package io.granary.storage;

import java.nio.ByteBuffer;

/**
 * Streams one object's bytes to durable storage. Memory use does not depend on the object size.
 * Exactly one of {@link #commit} or {@link #abort} ends it; {@link #close} aborts if neither happened.
 * Not thread-safe: one writer thread at a time.
 */
public interface ObjectWriter extends AutoCloseable {

    /** Appends all remaining bytes of {@code src}. */
    void write(ByteBuffer src);

    /** Bytes written so far. */
    long size();

    /**
     * Makes the object durable and visible, replacing any current version, if {@code condition} holds
     * (else {@link StorageError#PRECONDITION_FAILED} and nothing changes).
     */
    ObjectInfo commit(ObjectMetadata metadata, WriteCondition condition);

    /** Discards everything written; idempotent. */
    void abort();

    @Override
    default void close() {
        abort();
    }
}
