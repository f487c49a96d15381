package io.granary.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.List;

/**
 * An open object version. The bytes stay readable (and unchanged) until {@link #close}, even if the key is
 * overwritten or deleted meanwhile.
 */
public interface ObjectReader extends AutoCloseable {

    ObjectInfo info();

    /**
     * The file regions holding bytes {@code [offset, offset + length)} of the object, in order, so that a server can
     * send them with zero-copy transfers. The channels belong to this reader: do not close them.
     */
    List<Segment> segments(long offset, long length) throws IOException;

    /**
     * True when {@link #segments} are the stored bytes themselves (zero-copy sending pays off); false when the engine
     * has to produce the bytes (decode them), in which case {@link #stream} is the better way to read.
     */
    default boolean zeroCopy() {
        return true;
    }

    /**
     * Bytes {@code [offset, offset + length)} as a stream, valid until this reader closes. The default reads the
     * {@link #segments} with positional reads; engines that produce bytes (erasure decoding) stream them block by
     * block instead.
     */
    default java.io.InputStream stream(long offset, long length) throws IOException {
        return new io.granary.storage.internal.SegmentsInputStream(segments(offset, length));
    }

    @Override
    void close();

    /** {@code length} bytes of {@code channel} starting at {@code position}. */
    record Segment(FileChannel channel, long position, long length) {}
}
