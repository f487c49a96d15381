package io.granary.storage;

import java.nio.ByteBuffer;

/** Streams one multipart part to disk; like {@link ObjectWriter}, nothing is visible before {@link #commit}. */
public interface PartWriter extends AutoCloseable {
    void write(ByteBuffer src);

    long size();

    /**
     * Stores the part, replacing an earlier part with the same number.
     *
     * @param etag           hex MD5 of the part, without quotes
     * @param checksumValue  base64 value of the upload's checksum algorithm over this part, or null
     */
    PartInfo commit(String etag, String checksumValue);

    void abort();

    @Override
    default void close() {
        abort();
    }
}
