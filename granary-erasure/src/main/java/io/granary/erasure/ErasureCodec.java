package io.granary.erasure;

/**
 * A systematic Reed-Solomon erasure codec over GF(2^8): {@code k} data shards and {@code m} parity shards, any
 * {@code k} of the {@code k+m} shards reconstruct the rest.
 *
 * <p>Thread-safe and stateless per call: one instance may be shared by all threads. Every kernel produces identical
 * bytes for the same {@code (k, m)} (the encoding matrix is fixed, see {@link ErasureCodecs}), so shards written with
 * one kernel are read with any other.
 */
public interface ErasureCodec {
    /** {@code k}, the number of data shards. */
    int dataShards();

    /** {@code m}, the number of parity shards. */
    int parityShards();

    /** The kernel doing the arithmetic: {@code "pure-java"}, {@code "vector-256"}, {@code "isa-l"}, ... */
    String kernelName();

    /**
     * Computes the parity shards. {@code shards.length == k+m}, each shard at least {@code offset+len} bytes; reads
     * {@code shards[0..k)} and overwrites {@code shards[k..k+m)} in the range {@code [offset, offset+len)}.
     *
     * @throws IllegalArgumentException on a wrong shard count, a null shard or a shard shorter than offset+len
     */
    void encode(byte[][] shards, int offset, int len);

    /**
     * Rebuilds every missing shard (data and parity) in place. {@code present[i]} tells which shards hold valid data;
     * a missing shard must still be a non-null array of at least {@code offset+len} bytes (its content is ignored and
     * overwritten). Present shards are only read. {@code present} itself is not modified.
     *
     * @throws IllegalArgumentException if fewer than {@code k} shards are present, or on a wrong shard count, a null
     *     shard or a shard shorter than offset+len
     */
    void reconstruct(byte[][] shards, boolean[] present, int offset, int len);
}
