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

/**
 * Reads blocks of one shard-coded stream (a part) back from the drives of a set: each chunk's bitrot hash is checked
 * before its bytes are used; a chunk that is missing, short or fails its hash counts as a lost shard. Data shards are
 * read first (no decoding needed when all are good); parity shards only as needed to reach k good ones.
 */
public final class BlockDecoder {

    /** Random-access reads of one drive's shard stream. */
    public interface Source {
        /** Reads exactly {@code len} bytes at {@code position} into {@code dst[0..len)}, or throws. */
        void read(long position, byte[] dst, int len) throws IOException;
    }

    public static Source of(byte[] bytes) {
        return (position, dst, len) -> {
            if (position < 0 || position + len > bytes.length) {
                throw new EOFException("inline shard too short");
            }
            System.arraycopy(bytes, (int) position, dst, 0, len);
        };
    }

    public static Source of(FileChannel ch) {
        return (position, dst, len) -> {
            ByteBuffer b = ByteBuffer.wrap(dst, 0, len);
            long p = position;
            while (b.hasRemaining()) {
                int r = ch.read(b, p);
                if (r < 0) {
                    throw new EOFException("shard file too short");
                }
                p += r;
            }
        };
    }

    private final Geometry g;
    private final int rotation;
    private final long size;
    private final ErasureCodec codec;
    private final Source[] sources;
    /** Per drive position: a chunk of this stream was found missing or corrupt. */
    public final boolean[] damaged;
    private final byte[][] shards;
    private final boolean[] present;
    private final byte[] hashBuf = new byte[Geometry.HASH];
    private final String what;

    public BlockDecoder(EcContext ctx, Geometry g, int rotation, long size, Source[] sources, String what) {
        this.g = g;
        this.rotation = rotation;
        this.size = size;
        this.codec = ctx.codec(g);
        this.sources = sources;
        this.damaged = new boolean[g.n()];
        for (int p = 0; p < sources.length; p++) {
            if (sources[p] == null) {
                damaged[p] = true;
            }
        }
        this.shards = new byte[g.n()][g.chunk((int) Math.min(g.blockSize(), Math.max(1, size)))];
        this.present = new boolean[g.n()];
        this.what = what;
    }

    public long blocks() {
        return g.blocks(size);
    }

    public int blockLength(long j) {
        return g.blockLength(size, j);
    }

    private boolean tryRead(int shard, long j, int c) {
        int pos = g.driveOf(shard, rotation);
        Source src = sources[pos];
        if (src == null) {
            return false;
        }
        long at = g.blockOffset(j);
        try {
            src.read(at, hashBuf, Geometry.HASH);
            src.read(at + Geometry.HASH, shards[shard], c);
        } catch (IOException | RuntimeException e) {
            damaged[pos] = true;
            return false;
        }
        byte[] h = BitrotHash.hash(EcContext.BITROT_KEY, shards[shard], 0, c);
        if (!Arrays.equals(h, hashBuf)) {
            damaged[pos] = true;
            return false;
        }
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
            codec.reconstruct(shards, present, 0, c);
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
            codec.reconstruct(shards, present, 0, c);
        }
        return shards;
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
