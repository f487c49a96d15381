package io.granary.storage.erasure.internal;

import io.granary.erasure.BitrotHash;
import io.granary.erasure.ErasureCodec;
import io.granary.storage.StorageError;
import io.granary.storage.StorageException;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * Reads blocks of one shard-coded stream (a part) back from the drives of a set: each chunk's bitrot hash is checked
 * before its bytes are used; a chunk that is missing, short or fails its hash counts as a lost shard. Data shards are
 * read first (no decoding needed when all are good); parity shards only as needed to reach k good ones. Drives are
 * opened on first need, so a healthy read never touches the parity drives. {@link #readData} is the copy-free healthy
 * path: one data chunk straight into the caller's buffer, verified before it is accepted.
 */
public final class BlockDecoder {

    /** Random-access reads of one drive's shard stream. */
    public interface Source {
        /** Reads exactly {@code len} bytes at {@code position} into {@code dst[0..len)}, or throws. */
        void read(long position, byte[] dst, int len) throws IOException;

        /** Reads exactly {@code dst.remaining()} bytes at {@code position} into {@code dst}, or throws. */
        void read(long position, ByteBuffer dst) throws IOException;
    }

    public static Source of(byte[] bytes) {
        return new Source() {
            @Override
            public void read(long position, byte[] dst, int len) throws IOException {
                check(position, len);
                System.arraycopy(bytes, (int) position, dst, 0, len);
            }

            @Override
            public void read(long position, ByteBuffer dst) throws IOException {
                check(position, dst.remaining());
                dst.put(bytes, (int) position, dst.remaining());
            }

            private void check(long position, int len) throws EOFException {
                if (position < 0 || position + len > bytes.length) {
                    throw new EOFException("inline shard too short");
                }
            }
        };
    }

    public static Source of(FileChannel ch) {
        return new Source() {
            @Override
            public void read(long position, byte[] dst, int len) throws IOException {
                read(position, ByteBuffer.wrap(dst, 0, len));
            }

            @Override
            public void read(long position, ByteBuffer dst) throws IOException {
                long p = position;
                while (dst.hasRemaining()) {
                    int r = ch.read(dst, p);
                    if (r < 0) {
                        throw new EOFException("shard file too short");
                    }
                    p += r;
                }
            }
        };
    }

    /** Bytes hashed at a time when a chunk was read into memory the hash cannot address (a direct buffer). */
    private static final int BOUNCE = 64 * 1024;

    private final Geometry g;
    private final int rotation;
    private final long size;
    private final ErasureCodec codec;
    private final IntFunction<Source> opener;
    private final Source[] sources;
    private final boolean[] opened;
    /** Per drive position: a chunk of this stream was found missing or corrupt (only drives that were read). */
    public final boolean[] damaged;
    private byte[][] shards;
    private final boolean[] present;
    private final byte[] hashBuf = new byte[Geometry.HASH];
    private byte[] bounce;
    private byte[] padding;
    private final String what;

    /** A decoder over fixed sources by drive position (null: missing). */
    public BlockDecoder(EcContext ctx, Geometry g, int rotation, long size, Source[] sources, String what) {
        this(ctx, g, rotation, size, p -> sources[p], what);
    }

    /**
     * A decoder that asks {@code opener} for a drive position's source the first time it needs that drive (null:
     * missing), so a healthy read touches only the drives of the data shards.
     */
    public BlockDecoder(EcContext ctx, Geometry g, int rotation, long size, IntFunction<Source> opener, String what) {
        this.g = g;
        this.rotation = rotation;
        this.size = size;
        this.codec = ctx.codec(g);
        this.opener = opener;
        this.sources = new Source[g.n()];
        this.opened = new boolean[g.n()];
        this.damaged = new boolean[g.n()];
        this.present = new boolean[g.n()];
        this.what = what;
    }

    private Source source(int pos) {
        if (!opened[pos]) {
            opened[pos] = true;
            sources[pos] = opener.apply(pos);
        }
        if (sources[pos] == null) {
            damaged[pos] = true;
        }
        return sources[pos];
    }

    private byte[][] shards() {
        if (shards == null) {
            shards = new byte[g.n()][g.chunk((int) Math.min(g.blockSize(), Math.max(1, size)))];
        }
        return shards;
    }

    public long blocks() {
        return g.blocks(size);
    }

    public int blockLength(long j) {
        return g.blockLength(size, j);
    }

    private boolean tryRead(int shard, long j, int c) {
        int pos = g.driveOf(shard, rotation);
        Source src = source(pos);
        if (src == null) {
            return false;
        }
        long at = g.blockOffset(j);
        byte[] chunk = shards()[shard];
        try {
            src.read(at, hashBuf, Geometry.HASH);
            src.read(at + Geometry.HASH, chunk, c);
        } catch (IOException | RuntimeException e) {
            damaged[pos] = true;
            return false;
        }
        byte[] h = BitrotHash.hash(EcContext.BITROT_KEY, chunk, 0, c);
        if (!Arrays.equals(h, hashBuf)) {
            damaged[pos] = true;
            return false;
        }
        return true;
    }

    /** Number of object bytes data shard {@code shard} of block {@code j} holds (0 for a chunk of padding only). */
    public int dataBytes(long j, int shard) {
        int len = blockLength(j);
        int c = g.chunk(len);
        return Math.max(0, Math.min(c, len - shard * c));
    }

    /** Whether a read of data shard {@code shard} already failed (so a decode is the way to read it). */
    public boolean shardDamaged(int shard) {
        return damaged[g.driveOf(shard, rotation)];
    }

    /**
     * The healthy path of a systematic code: reads data shard {@code shard} of block {@code j} straight into
     * {@code dst} (its {@link #dataBytes} object bytes; the chunk's zero padding, if any, to scratch) and checks the
     * whole chunk's hash before accepting it. On success {@code dst} advances past the bytes and true is returned; on
     * a missing, short or corrupt chunk the drive is marked damaged, {@code dst}'s position is unchanged (the bytes
     * after it are garbage) and false is returned: the caller decodes the block instead.
     */
    public boolean readData(long j, int shard, ByteBuffer dst) {
        int c = chunkOf(j);
        int n = dataBytes(j, shard);
        if (dst.remaining() < n) {
            throw new IllegalArgumentException("room for " + dst.remaining() + " bytes, chunk holds " + n);
        }
        int pos = g.driveOf(shard, rotation);
        Source src = source(pos);
        if (src == null) {
            return false;
        }
        long at = g.blockOffset(j);
        ByteBuffer data = dst.slice(dst.position(), n);
        try {
            src.read(at, hashBuf, Geometry.HASH);
            src.read(at + Geometry.HASH, data);
            if (n < c) {
                if (padding == null || padding.length < c - n) {
                    padding = new byte[c - n];
                }
                src.read(at + Geometry.HASH + n, padding, c - n);
            }
        } catch (IOException | RuntimeException e) {
            damaged[pos] = true;
            return false;
        }
        BitrotHash.Hasher h = BitrotHash.newHasher(EcContext.BITROT_KEY);
        if (dst.hasArray()) {
            h.update(dst.array(), dst.arrayOffset() + dst.position(), n);
        } else {
            if (bounce == null) {
                bounce = new byte[BOUNCE];
            }
            for (int off = 0; off < n; off += BOUNCE) {
                int m = Math.min(BOUNCE, n - off);
                data.get(off, bounce, 0, m);
                h.update(bounce, 0, m);
            }
        }
        if (n < c) {
            h.update(padding, 0, c - n);
        }
        if (!Arrays.equals(h.finish(), hashBuf)) {
            damaged[pos] = true;
            return false;
        }
        dst.position(dst.position() + n);
        return true;
    }

    /** Decodes block {@code j} into {@code out[0..blockLength)}; returns its length. */
    public int decode(long j, byte[] out) {
        int len = blockLength(j);
        int c = g.chunk(len);
        Arrays.fill(present, false);
        int good = 0;
        for (int s = 0; s < g.k(); s++) {
            if (tryRead(s, j, c)) {
                present[s] = true;
                good++;
            }
        }
        if (good < g.k()) {
            for (int s = g.k(); s < g.n() && good < g.k(); s++) {
                if (tryRead(s, j, c)) {
                    present[s] = true;
                    good++;
                }
            }
            if (good < g.k()) {
                throw new StorageException(StorageError.INTERNAL, "cannot read " + what + " block " + j + ": only "
                        + good + " of " + g.n() + " shards are good, " + g.k() + " needed");
            }
            codec.reconstruct(shards(), present, 0, c);
        }
        for (int s = 0; s < g.k(); s++) {
            int from = s * c;
            int n = Math.min(c, len - from);
            if (n > 0) {
                System.arraycopy(shards[s], 0, out, from, n);
            }
        }
        return len;
    }

    /**
     * Reads every shard of block {@code j} (for a deep check), reconstructs the bad ones when at least k are good,
     * and returns all n chunks (by shard index; valid in [0, chunk)) with {@code goodOut[s]} telling which were good.
     * Null when fewer than k are good.
     */
    public byte[][] readAll(long j, boolean[] goodOut) {
        int len = blockLength(j);
        int c = g.chunk(len);
        int good = 0;
        for (int s = 0; s < g.n(); s++) {
            present[s] = tryRead(s, j, c);
            goodOut[s] = present[s];
            if (present[s]) {
                good++;
            }
        }
        if (good < g.k()) {
            return null;
        }
        if (good < g.n()) {
            codec.reconstruct(shards(), present, 0, c);
        }
        return shards();
    }

    public int chunkOf(long j) {
        return g.chunk(blockLength(j));
    }

    public boolean anyDamage() {
        for (boolean d : damaged) {
            if (d) {
                return true;
            }
        }
        return false;
    }
}
