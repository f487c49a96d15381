package io.granary.erasure;

import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The bulk packet loop of {@link BitrotHash} on the Vector API: HighwayHash's four 64-bit lanes are exactly one
 * 256-bit {@link LongVector}, and its zipper merge is one constant byte shuffle within each 128-bit half. Only used
 * after {@link BitrotHash} found {@code jdk.incubator.vector} in the boot layer and this class passed a self-test.
 */
final class HighwayHashVector {
    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_256;
    private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_256;
    private static final long LOW32 = 0xFFFFFFFFL;
    /**
     * Byte i of each 128-bit half of the merged vector comes from byte ZIPPER[i] of the same half: the scalar
     * zipLow/zipHigh of BitrotHash written as a permutation.
     */
    private static final VectorShuffle<Byte> ZIPPER = VectorShuffle.fromValues(BYTES,
            3, 12, 2, 5, 14, 1, 15, 0, 11, 4, 10, 13, 9, 6, 8, 7,
            19, 28, 18, 21, 30, 17, 31, 16, 27, 20, 26, 29, 25, 22, 24, 23);

    private HighwayHashVector() {}

    /**
     * Runs the update of {@code count} 32-byte packets starting at {@code data[off]} on {@code state} = v0[4], v1[4],
     * mul0[4], mul1[4] (16 longs, read and written back).
     */
    static void packets(long[] state, byte[] data, int off, int count) {
        LongVector v0 = LongVector.fromArray(LONGS, state, 0);
        LongVector v1 = LongVector.fromArray(LONGS, state, 4);
        LongVector mul0 = LongVector.fromArray(LONGS, state, 8);
        LongVector mul1 = LongVector.fromArray(LONGS, state, 12);
        for (int p = 0; p < count; p++, off += 32) {
            LongVector a = ByteVector.fromArray(BYTES, data, off).reinterpretAsLongs();
            v1 = v1.add(mul0).add(a);
            mul0 = mul0.lanewise(VectorOperators.XOR,
                    v1.and(LOW32).mul(v0.lanewise(VectorOperators.LSHR, 32)));
            v0 = v0.add(mul1);
            mul1 = mul1.lanewise(VectorOperators.XOR,
                    v0.and(LOW32).mul(v1.lanewise(VectorOperators.LSHR, 32)));
            v0 = v0.add(zipper(v1));
            v1 = v1.add(zipper(v0));
        }
        v0.intoArray(state, 0);
        v1.intoArray(state, 4);
        mul0.intoArray(state, 8);
        mul1.intoArray(state, 12);
    }

    private static LongVector zipper(LongVector v) {
        return v.reinterpretAsBytes().rearrange(ZIPPER).reinterpretAsLongs();
    }

    /**
     * Whether this loop runs as real SIMD here: 256-bit vectors in hardware (AVX2 and up; not 128-bit NEON, where the
     * Vector API would fall back to a much slower Java emulation) and a little-endian byte order.
     */
    static boolean supported() {
        return LongVector.SPECIES_PREFERRED.vectorBitSize() >= 256 && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    }
}
