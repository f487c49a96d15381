package io.granary.storage.erasure.internal;

import io.granary.storage.ObjectInfo;
import io.granary.storage.erasure.StreamingObjectReader;
import io.granary.storage.StorageError;
import io.granary.storage.StorageException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one pinned object version by decoding its shards block by block (bitrot-checked). {@link #stream} decodes
 * lazily; {@link #segments} (the zero-copy shape the S3 layer uses today) decodes the range into a temp file in a
 * drive's tmp/ that is deleted at {@link #close}. A lost or corrupt shard queues the object for healing.
 */
public final class EcObjectReader implements StreamingObjectReader {

    private final EcContext ctx;
    private final EcSet set;
    private final EcObject object;
    private final byte[][] inline;
    private final Runnable onClose;
    private final long[] starts;
    private final int partCount;
    /** The decoder of the part being read and its shard channels (one part open at a time). */
    private BlockDecoder decoder;
    private int decoderPart = -1;
    private final List<FileChannel> partChannels = new ArrayList<>();
    /** Channels of decoded temp files handed out by {@link #segments}; open until {@link #close}. */
    private final List<FileChannel> channels = new ArrayList<>();
    private final List<Path> temps = new ArrayList<>();
    private byte[] block;
    private int cachedPart = -1;
    private long cachedBlock = -1;
    private int cachedLen;
    private boolean damageReported;
    private boolean closed;

    EcObjectReader(EcContext ctx, EcSet set, EcObject object, EcOps.Records records, Runnable onClose) {
        byte[][] inline = records.inline();
        this.ctx = ctx;
        this.set = set;
        this.object = object;
        this.inline = inline;
        this.onClose = onClose;
        long[] parts = object.parts();
        this.starts = new long[parts.length + 1];
        for (int i = 0; i < parts.length; i++) {
            starts[i + 1] = starts[i] + parts[i];
        }
        this.partCount = parts.length;
        if (inline != null) {
            int have = 0;
            for (byte[] s : inline) {
                if (s != null) {
                    have++;
                }
            }
            if (have < object.geometry().k() && object.size() > 0) {
                throw new StorageException(StorageError.INTERNAL, "cannot read " + what() + ": only " + have + " of "
                        + set.n() + " drives hold its record, " + object.geometry().k() + " needed");
            }
        }
        if (records.damaged()) {
            reportDamage();
        }
    }

    private String what() {
        return object.info().bucket() + "/" + object.key();
    }

    @Override
    public ObjectInfo info() {
        return object.info();
    }

    @Override
    public synchronized InputStream stream(long offset, long length) {
        checkRange(offset, length);
        return new InputStream() {
            long pos = offset;
            final long end = offset + length;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (pos >= end) {
                    return -1;
                }
                int n = (int) Math.min(len, end - pos);
                try {
                    n = copyOut(pos, b, off, n);
                } catch (io.granary.storage.StorageException e) {
                    throw new IOException(e.getMessage(), e);
                }
                pos += n;
                return n;
            }
        };
    }

    /** Copies up to {@code len} bytes at object offset {@code pos} (stopping at a block end); returns the count. */
    private synchronized int copyOut(long pos, byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("reader is closed");
        }
        int part = partAt(pos);
        long local = pos - starts[part];
        int bs = object.geometry().blockSize();
        long j = local / bs;
        if (part != cachedPart || j != cachedBlock) {
            BlockDecoder dec = decoder(part);
            if (block == null) {
                block = new byte[(int) Math.min(bs, Math.max(1, object.size()))];
            }
            if (block.length < dec.blockLength(j)) {
                block = new byte[bs];
            }
            try {
                cachedLen = dec.decode(j, block);
            } finally {
                if (dec.anyDamage()) {
                    reportDamage();
                }
            }
            cachedPart = part;
            cachedBlock = j;
        }
        int in = (int) (local - j * bs);
        int n = Math.min(len, cachedLen - in);
        System.arraycopy(block, in, b, off, n);
        return n;
    }

    private void reportDamage() {
        if (!damageReported) {
            damageReported = true;
            ctx.onDamage.accept(object.info().bucket(), object.key());
        }
    }

    /** Index of the part holding byte {@code pos} (skipping empty parts). */
    private int partAt(long pos) {
        int i = java.util.Arrays.binarySearch(starts, pos);
        if (i < 0) {
            return -i - 2;
        }
        while (i < partCount - 1 && starts[i + 1] == pos) {
            i++;
        }
        return Math.min(i, partCount - 1);
    }

    private BlockDecoder decoder(int part) {
        if (decoderPart != part) {
            closePartChannels();
            Geometry g = object.geometry();
            BlockDecoder.Source[] sources = new BlockDecoder.Source[set.n()];
            for (int p = 0; p < set.n(); p++) {
                if (inline != null) {
                    sources[p] = inline[p] == null ? null : BlockDecoder.of(inline[p]);
                } else {
                    Drive d = set.drives().get(p);
                    if (!d.online()) {
                        continue;
                    }
                    Path f = EcOps.objectDir(d, object.info().bucket(), object.key()).resolve(object.dataId())
                            .resolve(EcOps.partFile(part));
                    try {
                        FileChannel ch = FileChannel.open(f, StandardOpenOption.READ);
                        partChannels.add(ch);
                        sources[p] = BlockDecoder.of(ch);
                    } catch (IOException | RuntimeException e) {
                        sources[p] = null;
                    }
                }
            }
            decoder = new BlockDecoder(ctx, g, object.rotation(), object.parts()[part], sources,
                    what() + " part " + (part + 1));
            decoderPart = part;
        }
        return decoder;
    }

    private void closePartChannels() {
        for (FileChannel c : partChannels) {
            try {
                c.close();
            } catch (IOException ignored) {
                // read-only
            }
        }
        partChannels.clear();
        decoder = null;
        decoderPart = -1;
    }

    private void checkRange(long offset, long length) {
        if (closed) {
            throw new IllegalStateException("reader is closed");
        }
        long size = object.size();
        if (offset < 0 || length < 0 || offset > size || length > size - offset) {
            throw new IllegalArgumentException("range [" + offset + ", +" + length + ") outside object of " + size);
        }
    }

    @Override
    public synchronized List<Segment> segments(long offset, long length) throws IOException {
        checkRange(offset, length);
        List<Segment> out = new ArrayList<>();
        if (length == 0) {
            return out;
        }
        Path tmp = ctx.scratchDir().resolve(io.granary.storage.local.internal.Ids.random() + ".get");
        temps.add(tmp);
        FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        channels.add(ch);
        try {
            Files.deleteIfExists(tmp); // unlinked at once: the channel keeps it readable, a crash leaves nothing
            temps.remove(tmp);
        } catch (IOException ignored) {
            // removed at close
        }
        byte[] buf = new byte[(int) Math.min(object.geometry().blockSize(), length)];
        long pos = offset;
        long end = offset + length;
        long written = 0;
        while (pos < end) {
            int n = copyOut(pos, buf, 0, (int) Math.min(buf.length, end - pos));
            ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
            while (bb.hasRemaining()) {
                written += ch.write(bb, written);
            }
            pos += n;
        }
        out.add(new Segment(ch, 0, length));
        return out;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            closePartChannels();
            for (FileChannel c : channels) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // read-only or scratch
                }
            }
            for (Path t : temps) {
                try {
                    Files.deleteIfExists(t);
                } catch (IOException ignored) {
                    // tmp/ is cleared at open
                }
            }
        }
        onClose.run();
    }
}
