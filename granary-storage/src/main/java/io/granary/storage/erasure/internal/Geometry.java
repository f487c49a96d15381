package io.granary.storage.erasure.internal;

import io.granary.erasure.BitrotHash;

/**
 * Shape of the erasure coding of one stream of bytes (a single-part object or one part): blocks of
 * {@code blockSize} bytes, each split into {@code k} data chunks of {@code ceil(blockLength / k)} bytes (the last
 * zero-padded) plus {@code m} parity chunks. A shard stream is, per block, the 32-byte bitrot hash of the chunk then
 * the chunk.
 */
public record Geometry(int k, int m, int blockSize) {

    public static final int HASH = BitrotHash.HASH_LENGTH;

    public int n() {
        return k + m;
    }

    public int chunk(int blockLength) {
        return (blockLength + k - 1) / k;
    }

    public long blocks(long size) {
        return (size + blockSize - 1) / blockSize;
    }

    public int blockLength(long size, long block) {
        return (int) Math.min(blockSize, size - block * blockSize);
    }

    /** Where block {@code j}'s hash starts in the shard stream. */
    public long blockOffset(long j) {
        return j * (HASH + (long) chunk(blockSize));
    }

    /** Length of one shard stream for {@code size} bytes of data. */
    public long shardLength(long size) {
        long nb = blocks(size);
        if (nb == 0) {
            return 0;
        }
        return blockOffset(nb - 1) + HASH + chunk(blockLength(size, nb - 1));
    }

    /** Write quorum: k drives, k+1 when k == m. */
    public int writeQuorum() {
        return k == m ? k + 1 : k;
    }

    /** Drive position (in its set) of shard {@code shard} under rotation {@code rot}. */
    public int driveOf(int shard, int rot) {
        return (shard + rot) % n();
    }

    /** Shard held by drive position {@code pos} under rotation {@code rot}. */
    public int shardOf(int pos, int rot) {
        return Math.floorMod(pos - rot, n());
    }
}
