package io.granary.storage.erasure;

import io.granary.storage.ObjectReader;

import java.io.IOException;
import java.io.InputStream;

/**
 * An {@link ObjectReader} whose bytes are produced (decoded) as they are read rather than lying in a file. Proposed for
 * the storage API as {@code ObjectReader.stream(long, long)} (with a default implementation over {@link #segments}):
 * a server should prefer it over {@code segments} for such readers, which otherwise must decode the whole range into
 * a temp file before the first byte can be sent.
 */
public interface StreamingObjectReader extends ObjectReader {

    /**
     * The object's bytes {@code [offset, offset + length)}, decoded block by block as they are read (one block in
     * memory). Reads fail with an {@link IOException} if too few good shards remain. Valid until this reader closes;
     * close the stream when done (it holds nothing but its position).
     */
    @Override
    InputStream stream(long offset, long length) throws IOException;

    /** Decoded bytes: sending them through a temp file would cost a full extra write and read. */
    @Override
    default boolean zeroCopy() {
        return false;
    }
}
