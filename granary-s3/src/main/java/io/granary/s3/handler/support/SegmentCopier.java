package io.granary.s3.handler.support;

import io.granary.s3.checksum.StreamingChecksum;
import io.granary.storage.ObjectReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Copies a byte range of an open object into a sink (a storage writer) for CopyObject and UploadPartCopy, reading
 * the reader's file segments with positional {@code FileChannel} reads through one reused 64 KiB buffer: memory use
 * does not depend on the object size, and the reader's channels are neither moved nor closed.
 */
public final class SegmentCopier {
    private SegmentCopier() {}

    /**
     * Feeds bytes {@code [offset, offset + length)} of {@code reader} to every digest and then to {@code sink}.
     *
     * @return bytes copied (always {@code length}; a source shorter than promised is an I/O error)
     */
    public static long copy(ObjectReader reader, long offset, long length, Consumer<ByteBuffer> sink,
                            StreamingChecksum... digests) {
        ByteBuffer buf = ByteBuffer.allocate(PayloadIngest.BUFFER_SIZE);
        long copied = 0;
        try {
            for (ObjectReader.Segment seg : reader.segments(offset, length)) {
                long pos = seg.position();
                long end = seg.position() + seg.length();
                while (pos < end) {
                    buf.clear();
                    buf.limit((int) Math.min(buf.capacity(), end - pos));
                    int n = seg.channel().read(buf, pos);
                    if (n < 0) throw new IOException("object data ended early at " + pos);
                    pos += n;
                    copied += n;
                    buf.flip();
                    for (StreamingChecksum d : digests) d.update(buf);
                    sink.accept(buf);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (copied != length) throw new UncheckedIOException(new IOException("copied " + copied + " of " + length));
        return copied;
    }
}
