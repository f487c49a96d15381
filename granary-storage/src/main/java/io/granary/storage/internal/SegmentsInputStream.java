package io.granary.storage.internal;

import io.granary.storage.ObjectReader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;

/** Reads a list of file regions in order with positional reads; the channels are not closed (the reader owns them). */
public final class SegmentsInputStream extends InputStream {
    private final List<ObjectReader.Segment> segments;
    private int index;
    private long done;

    public SegmentsInputStream(List<ObjectReader.Segment> segments) {
        this.segments = segments;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        while (index < segments.size()) {
            ObjectReader.Segment s = segments.get(index);
            long left = s.length() - done;
            if (left <= 0) {
                index++;
                done = 0;
                continue;
            }
            int n = s.channel().read(ByteBuffer.wrap(b, off, (int) Math.min(len, left)), s.position() + done);
            if (n < 0) throw new IOException("segment ended early");
            done += n;
            return n;
        }
        return -1;
    }
}
