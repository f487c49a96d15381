package io.granary.storage.local.internal;

import io.granary.storage.ObjectInfo;
import io.granary.storage.ObjectReader;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads one version. A version in data files is pinned: objects with up to {@link #EAGER_LIMIT} segments open every
 * file at once; larger ones open files on first use (the version is pinned, so its files stay until {@link #close}).
 * An inline version is one region of its {@code meta} file, opened by the caller; the open descriptor keeps those
 * bytes even after the name is replaced or deleted, so it needs no pin. Channels handed out stay open until
 * {@link #close}, so a caller may still be transferring from them asynchronously.
 */
public final class LocalObjectReader implements ObjectReader {

    static final int EAGER_LIMIT = 64;
    private static final Runnable NOTHING = () -> { };

    private final StoredObject object;
    private final Path dir;
    private final long[] starts;
    private final FileChannel[] channels;
    /** Where byte 0 of the object is in its channel: 0 for data files, the data position for an inline version. */
    private final long base;
    private final Runnable onClose;
    private boolean closed;

    LocalObjectReader(StoredObject object, Path dir, Runnable onClose) throws IOException {
        this(object, dir, object.segments(), new FileChannel[object.segments().length], 0, onClose);
        if (channels.length <= EAGER_LIMIT) {
            try {
                for (int i = 0; i < channels.length; i++) {
                    channel(i);
                }
            } catch (IOException e) {
                closeChannels();
                throw e;
            }
        }
    }

    private LocalObjectReader(StoredObject object, Path dir, long[] lengths, FileChannel[] channels, long base,
                              Runnable onClose) {
        this.object = object;
        this.dir = dir;
        this.onClose = onClose;
        this.starts = new long[lengths.length + 1];
        for (int i = 0; i < lengths.length; i++) {
            starts[i + 1] = starts[i] + lengths[i];
        }
        this.channels = channels;
        this.base = base;
    }

    /** A reader of inline version {@code object}, whose bytes start at {@code position} of {@code meta} (owned now). */
    static LocalObjectReader inline(StoredObject object, FileChannel meta, long position) {
        return new LocalObjectReader(object, null, new long[] {object.size()}, new FileChannel[] {meta}, position,
                NOTHING);
    }

    @Override
    public ObjectInfo info() {
        return object.info();
    }

    @Override
    public synchronized List<Segment> segments(long offset, long length) throws IOException {
        if (closed) {
            throw new IllegalStateException("reader is closed");
        }
        long size = object.size();
        if (offset < 0 || length < 0 || offset > size || length > size - offset) {
            throw new IllegalArgumentException("range [" + offset + ", +" + length + ") outside object of " + size);
        }
        List<Segment> out = new ArrayList<>();
        if (length == 0) {
            return out;
        }
        int first = segmentAt(offset);
        long end = offset + length;
        int last = first;
        for (int i = first; i < channels.length && starts[i] < end; i++) {
            last = i;
        }
        for (int i = first; i <= last; i++) {
            long from = Math.max(offset, starts[i]);
            long to = Math.min(end, starts[i + 1]);
            if (to > from) {
                out.add(new Segment(channel(i), base + from - starts[i], to - from));
            }
        }
        return out;
    }

    /** Index of the segment holding byte {@code offset} (skipping empty segments). */
    private int segmentAt(long offset) {
        int i = Arrays.binarySearch(starts, offset);
        if (i < 0) {
            return -i - 2;
        }
        while (i < channels.length - 1 && starts[i + 1] == offset) {
            i++;
        }
        return Math.min(i, channels.length - 1);
    }

    private FileChannel channel(int i) throws IOException {
        if (channels[i] == null) {
            channels[i] = FileChannel.open(dir.resolve(Layout.dataFileName(object.version(), i)),
                    StandardOpenOption.READ);
        }
        return channels[i];
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            closeChannels();
        }
        onClose.run();
    }

    private void closeChannels() {
        for (int i = 0; i < channels.length; i++) {
            if (channels[i] != null) {
                try {
                    channels[i].close();
                } catch (IOException ignored) {
                    // read-only channel
                }
                channels[i] = null;
            }
        }
    }
}
