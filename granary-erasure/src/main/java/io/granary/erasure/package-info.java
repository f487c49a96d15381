/**
 * Erasure coding and bitrot hashing for Granary's erasure-coded storage engine. JDK only.
 *
 * <pre>{@code
 * ErasureCodec codec = ErasureCodecs.create(8, 4, null);       // fastest kernel here; log ErasureCodecs.choose(null)
 * byte[][] shards = new byte[12][shardSize];                    // fill shards[0..8) with data
 * codec.encode(shards, 0, shardSize);                           // writes shards[8..12)
 * boolean[] present = ...;                                      // false for lost or bitrot-corrupt shards
 * codec.reconstruct(shards, present, 0, shardSize);             // rebuilds every missing shard in place
 * byte[] sum = BitrotHash.hash(key32, block, 0, block.length);  // 32 bytes, HighwayHash-256
 * }</pre>
 *
 * <p>Kernels ({@link io.granary.erasure.CodecKernel}): PURE_JAVA always; VECTOR with {@code --add-modules
 * jdk.incubator.vector}; ISA_L with {@code libisal.so.2} and {@code --enable-native-access=ALL-UNNAMED}. All produce
 * identical bytes: the encoding matrix (see {@code EncodingMatrix}) is part of the on-disk format. The Vector kernel
 * and the vector hash loop start on their fallbacks and switch once a background warm-up got them compiled ({@link
 * io.granary.erasure.ErasureCodecs#awaitWarmUp}).
 */
package io.granary.erasure;
