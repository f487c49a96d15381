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

    @Override
    void close();

    /** {@code length} bytes of {@code channel} starting at {@code position}. */
    record Segment(FileChannel channel, long position, long length) {}
}
