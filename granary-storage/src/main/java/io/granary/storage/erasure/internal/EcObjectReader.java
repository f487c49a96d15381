package io.granary.storage.erasure.internal;

import io.granary.storage.ObjectInfo;
import io.granary.storage.erasure.StreamingObjectReader;
import io.granary.storage.StorageError;
import io.granary.storage.StorageException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one pinned object version block by block, every chunk bitrot-checked before use. {@link #stream} reads lazily;
 * {@link #segments} (the zero-copy shape the single-folder engine serves) decodes the range into a temp file in a
 * drive's tmp/ that is deleted at {@link #close}. A lost or corrupt shard queues the object for healing.
 *
 * <p>Implementation notes: a healthy read of this systematic code decodes nothing. When the caller's buffer has room
 * for whole data chunks, each chunk is read from its drive straight into that buffer and its hash checked there
 * ({@link BlockDecoder#readData}); the stream is also a {@link ReadableByteChannel}, so a server can pass its own
 * (direct) buffer and no byte is copied in between. Only a partial chunk (a range starting mid-chunk, a small buffer)
 * or a bad chunk goes through {@link BlockDecoder#decode} into a one-block cache. Drives and records are touched on
 * first need, so a healthy read uses the k data-shard drives only.
 */
public final class EcObjectReader implements StreamingObjectReader {

    private final EcContext ctx;
    private final EcSet set;
    private final EcObject object;
    private final DriveRecords records;
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

    EcObjectReader(EcContext ctx, EcSet set, EcObject object, DriveRecords records, Runnable onClose) {
        this.ctx = ctx;
        this.set = set;
        this.object = object;
        this.records = records;
        this.onClose = onClose;
        long[] parts = object.parts();
        this.starts = new long[parts.length + 1];
        for (int i = 0; i < parts.length; i++) {
            starts[i + 1] = starts[i] + parts[i];
        }
        this.partCount = parts.length;
    }

    /**
     * For an inline object, decodes its one block now, while the records just read are known to belong to this
     * version (a later overwrite replaces the records, and with them inline shards not yet read). Returns whether
     * damage was seen so far; throws if fewer than k good shards were found.
     */
    synchronized boolean prime() {
        if (object.inline() && object.size() > 0) {
            decodeIntoCache(0, 0);
        }
        return records.damaged() || (decoder != null && decoder.anyDamage());
    }

    /** Queues the object for healing if the records read showed damage. */
    void reportRecordDamage() {
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
        return new Stream(offset, offset + length);
    }

    /** A range of the object as a stream and as a channel: {@code read(ByteBuffer)} fills the caller's buffer. */
    private final class Stream extends InputStream implements ReadableByteChannel {
        private long pos;
        private final long end;
        private boolean open = true;

        Stream(long pos, long end) {
            this.pos = pos;
            this.end = end;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            return read(ByteBuffer.wrap(b, off, len));
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (pos >= end) {
                return -1;
            }
            int room = (int) Math.min(dst.remaining(), end - pos);
            if (room == 0) {
                return 0;
            }
            int n;
            try {
                n = readAt(pos, dst.slice(dst.position(), room));
            } catch (StorageException e) {
                throw new IOException(e.getMessage(), e);
            }
            dst.position(dst.position() + n);
            pos += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }

    /**
     * Reads object bytes at {@code pos} into {@code dst} (at least one, stopping at a block end); returns the count.
     * Whole data chunks go straight into {@code dst}; anything else is copied from the decoded block.
     */
    private synchronized int readAt(long pos, ByteBuffer dst) throws IOException {
        if (closed) {
            throw new IOException("reader is closed");
        }
        int part = partAt(pos);
        long local = pos - starts[part];
        int bs = object.geometry().blockSize();
        long j = local / bs;
        int in = (int) (local - j * bs);
        if (part != cachedPart || j != cachedBlock) {
            int n = readChunks(decoder(part), j, in, dst);
            if (n > 0) {
                return n;
            }
            decodeIntoCache(part, j);
        }
        int n = Math.min(dst.remaining(), cachedLen - in);
        dst.put(block, in, n);
        return n;
    }

    /** The healthy path: whole, good data chunks of block {@code j} from byte {@code in} into {@code dst}. */
    private int readChunks(BlockDecoder dec, long j, int in, ByteBuffer dst) {
        int c = dec.chunkOf(j);
        if (in % c != 0) {
            return 0;
        }
        int start = dst.position();
        try {
            for (int s = in / c; s < object.geometry().k(); s++) {
                int n = dec.dataBytes(j, s);
                if (n == 0 || n > dst.remaining() || dec.shardDamaged(s) || !dec.readData(j, s, dst)) {
                    break;
                }
            }
        } finally {
            if (dec.anyDamage()) {
                reportDamage();
            }
        }
        return dst.position() - start;
    }

    private void decodeIntoCache(int part, long j) {
        BlockDecoder dec = decoder(part);
        int bs = object.geometry().blockSize();
        if (block == null) {
            block = new byte[(int) Math.min(bs, Math.max(1, object.size()))];
        }
        if (block.length < dec.blockLength(j)) {
            block = new byte[bs];
        }
        cachedPart = -1;
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
            decoder = new BlockDecoder(ctx, object.geometry(), object.rotation(), object.parts()[part],
                    p -> open(part, p), what() + " part " + (part + 1));
            decoderPart = part;
        }
        return decoder;
    }

    /** Drive {@code p}'s shard stream of {@code part}, or null if it is missing. */
    private BlockDecoder.Source open(int part, int p) {
        if (object.inline()) {
            byte[] shard = records.inlineShard(p);
            return shard == null ? null : BlockDecoder.of(shard);
        }
        Drive d = set.drives().get(p);
        if (!d.online()) {
            return null;
        }
        Path f = EcOps.objectDir(d, object.info().bucket(), object.key()).resolve(object.dataId())
                .resolve(EcOps.partFile(part));
        try {
            FileChannel ch = FileChannel.open(f, StandardOpenOption.READ);
            partChannels.add(ch);
            return BlockDecoder.of(ch);
        } catch (IOException | RuntimeException e) {
            return null;
        }
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
            int n = readAt(pos, ByteBuffer.wrap(buf, 0, (int) Math.min(buf.length, end - pos)));
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
