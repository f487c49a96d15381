package io.granary.erasure;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernel on the incubating Vector API: the split-nibble table multiply. For a coefficient c, c*x = LO[x &amp; 15] XOR
 * HI[x &gt;&gt;&gt; 4] with two 16-entry tables (LO[i] = c*i, HI[i] = c*(i&lt;&lt;4)); both lookups are one byte
 * shuffle ({@code selectFrom}) over a byte vector (see SPECIES), the 16 entries repeated in every 128-bit lane.
 * The work is ordered coefficient by coefficient over 16 KiB chunks (multiply-accumulate into the output row, which
 * stays in L1), so the two table vectors live in registers for the whole inner loop.
 *
 * <p>With {@link HighwayHashVector}, the only classes that reference {@code jdk.incubator.vector}: {@link
 * ErasureCodecs} loads this one reflectively after finding the module in the boot layer.
 */
final class VectorKernel implements GfKernel {
    /**
     * The preferred species when it is 512 bits (AVX-512: a full-width byte permute), else 128 bits: with 256-bit
     * vectors the 16-entry lookup has to cross 128-bit lanes, which x86 emulates, and measured slower than 128-bit
     * (8+4 encode, best of 300 on this repo's AVX-512 dev machine limited with -XX:MaxVectorSize: 512-bit 11 GB/s,
     * 256-bit 5.8 GB/s, 128-bit 7.2 GB/s).
     */
    private static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_PREFERRED.vectorBitSize() >= 512
            ? ByteVector.SPECIES_PREFERRED : ByteVector.SPECIES_128;
    private static final int LANES = SPECIES.length();
    /** Bytes per shard worked before moving to the next chunk: the output chunk stays in L1, the inputs in L2. */
    private static final int CHUNK = 16 * 1024;

    private VectorKernel() {}

    /** Called reflectively by {@link ErasureCodecs}. */
    static GfKernel create() throws ErasureCodecs.Unavailable {
        if (ByteVector.SPECIES_PREFERRED.vectorBitSize() < 128) {
            throw new ErasureCodecs.Unavailable("preferred vector species is "
                    + ByteVector.SPECIES_PREFERRED.vectorBitSize() + " bits; the nibble shuffle needs 128+");
        }
        return new VectorKernel();
    }

    @Override
    public String name() {
        return "vector-" + SPECIES.vectorBitSize();
    }

    @Override
    public MatrixOp prepare(byte[][] coefficients) {
        int rows = coefficients.length;
        int cols = rows == 0 ? 0 : coefficients[0].length;
        // tables[r] holds, per column c, LO then HI, each LANES bytes (16 entries repeated).
        byte[][] tables = new byte[rows][cols * 2 * LANES];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int coef = coefficients[r][c] & 0xFF;
                int at = c * 2 * LANES;
                for (int j = 0; j < LANES; j++) {
                    tables[r][at + j] = (byte) Gf256.mul(coef, j & 15);
                    tables[r][at + LANES + j] = (byte) Gf256.mul(coef, (j & 15) << 4);
                }
            }
        }
        byte[][] scalar = new byte[rows][];
        for (int r = 0; r < rows; r++) {
            scalar[r] = coefficients[r].clone();
        }
        return (inputs, outputs, off, len) -> apply(tables, scalar, inputs, outputs, off, len);
    }

    private static void apply(byte[][] tables, byte[][] coef, byte[][] in, byte[][] out, int off, int len) {
        int end = off + len;
        int vectorEnd = off + SPECIES.loopBound(len);
        int rows = out.length;
        int cols = in.length;
        for (int base = off; base < vectorEnd; base += CHUNK) {
            int stop = Math.min(vectorEnd, base + CHUNK);
            for (int r = 0; r < rows; r++) {
                byte[] table = tables[r];
                byte[] o = out[r];
                for (int c = 0; c < cols; c++) {
                    multiplyAdd(table, c * 2 * LANES, in[c], o, base, stop, c == 0);
                }
            }
        }
        if (vectorEnd < end) {
            for (int r = 0; r < rows; r++) {
                byte[] o = out[r];
                for (int i = vectorEnd; i < end; i++) {
                    int acc = 0;
                    for (int c = 0; c < cols; c++) {
                        acc ^= Gf256.MUL[coef[r][c] & 0xFF][in[c][i] & 0xFF];
                    }
                    o[i] = (byte) acc;
                }
            }
        }
    }

    /**
     * {@code x >>> 4} per byte, as a 16-bit-lane shift and a mask: x86 has no byte shift, and this form measured about
     * 1.5x faster overall than a byte-lane LSHR.
     */
    private static ByteVector highNibbles(ByteVector v) {
        return v.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes().and((byte) 0x0F);
    }

    /**
     * {@code out[from..to) (^)= coefficient * in[from..to)} with the coefficient's two nibble tables held in registers
     * for the whole loop (this loop order measured about 2.5x faster than accumulating all columns per position, whose
     * table vectors had to be reloaded for every product).
     */
    private static void multiplyAdd(byte[] table, int at, byte[] in, byte[] out, int from, int to, boolean first) {
        ByteVector lowTable = ByteVector.fromArray(SPECIES, table, at);
        ByteVector highTable = ByteVector.fromArray(SPECIES, table, at + LANES);
        if (first) {
            for (int i = from; i < to; i += LANES) {
                ByteVector v = ByteVector.fromArray(SPECIES, in, i);
                ByteVector product = v.and((byte) 0x0F).selectFrom(lowTable)
                        .lanewise(VectorOperators.XOR, highNibbles(v).selectFrom(highTable));
                product.intoArray(out, i);
            }
        } else {
            for (int i = from; i < to; i += LANES) {
                ByteVector v = ByteVector.fromArray(SPECIES, in, i);
                ByteVector product = v.and((byte) 0x0F).selectFrom(lowTable)
                        .lanewise(VectorOperators.XOR, highNibbles(v).selectFrom(highTable));
                ByteVector.fromArray(SPECIES, out, i).lanewise(VectorOperators.XOR, product).intoArray(out, i);
            }
        }
    }
}
