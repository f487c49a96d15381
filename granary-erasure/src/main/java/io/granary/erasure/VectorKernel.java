package io.granary.erasure;

import static jdk.incubator.vector.VectorOperators.XOR;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernel on the incubating Vector API: the split-nibble table multiply. For a coefficient c, c*x = LO[x &amp; 15] XOR
 * HI[x &gt;&gt;&gt; 4] with two 16-entry tables (LO[i] = c*i, HI[i] = c*(i&lt;&lt;4)); both lookups are one byte
 * shuffle ({@code selectFrom}) over a byte vector of the preferred species, the 16 entries repeated in every 16 lanes.
 *
 * <p>Implementation notes:
 * <ul>
 *   <li>No nibble masks: {@code selectFrom} wraps its indexes to the vector length, and as the tables repeat every
 *       16 lanes only the low 4 bits of an index matter. The low-nibble index is the data byte itself, the high one
 *       the data shifted right by 4 in 16-bit lanes (x86 has no byte shift), whose stray upper bits do not matter.
 *   <li>With 256-bit vectors and wider, output rows are worked position by position in groups: four rows at a time
 *       with 512-bit vectors (AVX-512: 32 registers), two otherwise, and a lone last row on its own. A step loads
 *       TILE vectors of each input once, derives their high-nibble indexes once, and accumulates the group's products
 *       in (rows x TILE) registers over all inputs; each output vector is written exactly once. The tables come from
 *       one flat array in that order (L1-resident, loaded per use). The final step is moved back to end exactly at
 *       the end of the range (it recomputes a few already written vectors with the same values), so only ranges
 *       shorter than one vector run scalar.
 *   <li>With 128-bit vectors every row runs coefficient by coefficient over 16 KiB chunks instead (multiply-accumulate
 *       into the output row, which stays in L1), the coefficient's two table vectors in registers: there the grouped
 *       loop's per-input bookkeeping (array loads, bounds checks) weighs 4x more per byte: it measured 10-40% slower
 *       than this order. Its last partial vector is computed as the vector ending at the end of the range.
 * </ul>
 * Measurements behind these choices: docs/PERFORMANCE-erasure.md.
 *
 * <p>With {@link HighwayHashVector}, the only classes that reference {@code jdk.incubator.vector}: {@link
 * ErasureCodecs} loads this one reflectively after finding the module in the boot layer.
 */
final class VectorKernel implements GfKernel {
    private static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** Vectors per row and step of the grouped loop. */
    private static final int TILE = 3;
    /**
     * Rows per table group: 4 with 512-bit vectors (measured 10-25% faster than pairs for m = 4 on AVX-512, whose 32
     * registers hold the 4 x 3 accumulators), else 2 (2 x 3 accumulators also fit AVX2's 16 registers).
     */
    private static final int GROUP = LANES >= 64 ? 4 : 2;
    /** Table bytes per input column and group: LO and HI of the group's first row, then of the next, and so on. */
    private static final int GROUP_STRIDE = GROUP * 2 * LANES;
    /** Whether rows are worked in groups, position by position (256-bit vectors and wider), see the class. */
    private static final boolean GROUPED = LANES >= 32;
    /** Bytes per shard per chunk of the coefficient loop (an output chunk stays in L1). */
    private static final int CHUNK = 16 * 1024;

    private VectorKernel() {}

    /** Called reflectively by {@link ErasureCodecs}. */
    static GfKernel create() throws ErasureCodecs.Unavailable {
        if (SPECIES.vectorBitSize() < 128) {
            throw new ErasureCodecs.Unavailable("preferred vector species is " + SPECIES.vectorBitSize()
                    + " bits; the nibble shuffle needs 128+");
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
        byte[] tables = new byte[(rows + GROUP - 1) / GROUP * cols * GROUP_STRIDE];
        byte[][] scalar = new byte[rows][];
        for (int r = 0; r < rows; r++) {
            scalar[r] = coefficients[r].clone();
            for (int c = 0; c < cols; c++) {
                int coef = coefficients[r][c] & 0xFF;
                int at = tableAt(r, c, cols);
                for (int j = 0; j < LANES; j++) {
                    tables[at + j] = (byte) Gf256.mul(coef, j & 15);
                    tables[at + LANES + j] = (byte) Gf256.mul(coef, (j & 15) << 4);
                }
            }
        }
        return (inputs, outputs, off, len) -> apply(tables, scalar, inputs, outputs, off, len);
    }

    private static void apply(byte[] tables, byte[][] coef, byte[][] in, byte[][] out, int off, int len) {
        int rows = out.length;
        int end = off + len;
        if (len < LANES) {
            for (int r = 0; r < rows; r++) {
                multiplyScalar(coef[r], in, out[r], off, end);
            }
            return;
        }
        if (!GROUPED) {
            multiplyRows(tables, in, out, off, end);
            return;
        }
        for (int r = 0; r < rows; ) {
            int base = tableAt(r, 0, in.length);
            if (GROUP == 4 && rows - r >= 4) {
                multiplyQuad(tables, base, in, out, r, off, end);
                r += 4;
            } else {
                boolean two = rows - r >= 2;
                multiplyPair(tables, base, two, in, out[r], two ? out[r + 1] : null, off, end);
                r += two ? 2 : 1;
            }
        }
    }

    /** Where row r's LO table for input column c starts (HI follows). */
    private static int tableAt(int r, int c, int cols) {
        return ((r / GROUP) * cols + c) * GROUP_STRIDE + (r % GROUP) * 2 * LANES;
    }

    /**
     * {@code x >>> 4} per byte in the low 4 bits, garbage above (the shuffles ignore it), as a 16-bit-lane shift: x86
     * has no byte shift.
     */
    private static ByteVector highNibbles(ByteVector x) {
        return x.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes();
    }

    /** c*x for the byte vector x, its {@link #highNibbles} h and c's two table vectors. */
    private static ByteVector product(ByteVector x, ByteVector h, ByteVector low, ByteVector high) {
        return x.selectFrom(low).lanewise(XOR, h.selectFrom(high));
    }

    /**
     * Rows first..first+3 (tables at base) over [off, end), end - off &gt;= LANES: position by position, see the class.
     * Kept apart from {@link #multiplyPair} on purpose: one method with a flag for the second pair measured 10% slower
     * for two rows, and a helper taking vectors may not be inlined in a method this size (C2's node count cutoff),
     * which would box every vector (see KernelBoundaryTest). So the products and stores are written out.
     */
    private static void multiplyQuad(byte[] tables, int base, byte[][] in, byte[][] out, int first, int off, int end) {
        int lastVector = end - LANES;
        for (int i = off; i < end; i += TILE * LANES) {
            int p0 = Math.min(i, lastVector);
            int p1 = Math.min(i + LANES, lastVector);
            int p2 = Math.min(i + 2 * LANES, lastVector);
            ByteVector a0 = ByteVector.zero(SPECIES), a1 = a0, a2 = a0, b0 = a0, b1 = a0, b2 = a0;
            ByteVector c0 = a0, c1 = a0, c2 = a0, d0 = a0, d1 = a0, d2 = a0;
            for (int col = 0; col < in.length; col++) {
                byte[] src = in[col];
                int at = base + col * GROUP_STRIDE;
                ByteVector x0 = ByteVector.fromArray(SPECIES, src, p0), h0 = highNibbles(x0);
                ByteVector x1 = ByteVector.fromArray(SPECIES, src, p1), h1 = highNibbles(x1);
                ByteVector x2 = ByteVector.fromArray(SPECIES, src, p2), h2 = highNibbles(x2);
                ByteVector low = ByteVector.fromArray(SPECIES, tables, at);
                ByteVector high = ByteVector.fromArray(SPECIES, tables, at + LANES);
                a0 = a0.lanewise(XOR, x0.selectFrom(low).lanewise(XOR, h0.selectFrom(high)));
                a1 = a1.lanewise(XOR, x1.selectFrom(low).lanewise(XOR, h1.selectFrom(high)));
                a2 = a2.lanewise(XOR, x2.selectFrom(low).lanewise(XOR, h2.selectFrom(high)));
                low = ByteVector.fromArray(SPECIES, tables, at + 2 * LANES);
                high = ByteVector.fromArray(SPECIES, tables, at + 3 * LANES);
                b0 = b0.lanewise(XOR, x0.selectFrom(low).lanewise(XOR, h0.selectFrom(high)));
                b1 = b1.lanewise(XOR, x1.selectFrom(low).lanewise(XOR, h1.selectFrom(high)));
                b2 = b2.lanewise(XOR, x2.selectFrom(low).lanewise(XOR, h2.selectFrom(high)));
                low = ByteVector.fromArray(SPECIES, tables, at + 4 * LANES);
                high = ByteVector.fromArray(SPECIES, tables, at + 5 * LANES);
                c0 = c0.lanewise(XOR, x0.selectFrom(low).lanewise(XOR, h0.selectFrom(high)));
                c1 = c1.lanewise(XOR, x1.selectFrom(low).lanewise(XOR, h1.selectFrom(high)));
                c2 = c2.lanewise(XOR, x2.selectFrom(low).lanewise(XOR, h2.selectFrom(high)));
                low = ByteVector.fromArray(SPECIES, tables, at + 6 * LANES);
                high = ByteVector.fromArray(SPECIES, tables, at + 7 * LANES);
                d0 = d0.lanewise(XOR, x0.selectFrom(low).lanewise(XOR, h0.selectFrom(high)));
                d1 = d1.lanewise(XOR, x1.selectFrom(low).lanewise(XOR, h1.selectFrom(high)));
                d2 = d2.lanewise(XOR, x2.selectFrom(low).lanewise(XOR, h2.selectFrom(high)));
            }
            byte[] row = out[first];
            a0.intoArray(row, p0);
            a1.intoArray(row, p1);
            a2.intoArray(row, p2);
            row = out[first + 1];
            b0.intoArray(row, p0);
            b1.intoArray(row, p1);
            b2.intoArray(row, p2);
            row = out[first + 2];
            c0.intoArray(row, p0);
            c1.intoArray(row, p1);
            c2.intoArray(row, p2);
            row = out[first + 3];
            d0.intoArray(row, p0);
            d1.intoArray(row, p1);
            d2.intoArray(row, p2);
        }
    }

    /**
     * Row first and, if two, first+1 (tables at base) over [off, end), end - off &gt;= LANES: position by position.
     */
    private static void multiplyPair(byte[] tables, int base, boolean two, byte[][] in, byte[] out0, byte[] out1,
            int off, int end) {
        int lastVector = end - LANES;
        for (int i = off; i < end; i += TILE * LANES) {
            int p0 = Math.min(i, lastVector);
            int p1 = Math.min(i + LANES, lastVector);
            int p2 = Math.min(i + 2 * LANES, lastVector);
            ByteVector a0 = ByteVector.zero(SPECIES), a1 = a0, a2 = a0, b0 = a0, b1 = a0, b2 = a0;
            for (int col = 0; col < in.length; col++) {
                byte[] src = in[col];
                int at = base + col * GROUP_STRIDE;
                ByteVector x0 = ByteVector.fromArray(SPECIES, src, p0), h0 = highNibbles(x0);
                ByteVector x1 = ByteVector.fromArray(SPECIES, src, p1), h1 = highNibbles(x1);
                ByteVector x2 = ByteVector.fromArray(SPECIES, src, p2), h2 = highNibbles(x2);
                ByteVector low = ByteVector.fromArray(SPECIES, tables, at);
                ByteVector high = ByteVector.fromArray(SPECIES, tables, at + LANES);
                a0 = a0.lanewise(XOR, product(x0, h0, low, high));
                a1 = a1.lanewise(XOR, product(x1, h1, low, high));
                a2 = a2.lanewise(XOR, product(x2, h2, low, high));
                if (two) {
                    low = ByteVector.fromArray(SPECIES, tables, at + 2 * LANES);
                    high = ByteVector.fromArray(SPECIES, tables, at + 3 * LANES);
                    b0 = b0.lanewise(XOR, product(x0, h0, low, high));
                    b1 = b1.lanewise(XOR, product(x1, h1, low, high));
                    b2 = b2.lanewise(XOR, product(x2, h2, low, high));
                }
            }
            a0.intoArray(out0, p0);
            a1.intoArray(out0, p1);
            a2.intoArray(out0, p2);
            if (two) {
                b0.intoArray(out1, p0);
                b1.intoArray(out1, p1);
                b2.intoArray(out1, p2);
            }
        }
    }

    /**
     * All rows over [off, end), end - off &gt;= LANES: coefficient by coefficient per chunk, then the vector ending
     * exactly at end position by position.
     */
    private static void multiplyRows(byte[] tables, byte[][] in, byte[][] out, int off, int end) {
        int cols = in.length;
        int vectorEnd = off + SPECIES.loopBound(end - off);
        for (int from = off; from < vectorEnd; from += CHUNK) {
            int to = Math.min(vectorEnd, from + CHUNK);
            for (int r = 0; r < out.length; r++) {
                for (int c = 0; c < cols; c++) {
                    multiplyAdd(tables, tableAt(r, c, cols), in[c], out[r], from, to, c == 0);
                }
            }
        }
        if (vectorEnd < end) {
            int last = end - LANES;
            for (int r = 0; r < out.length; r++) {
                ByteVector acc = ByteVector.zero(SPECIES);
                for (int c = 0; c < cols; c++) {
                    ByteVector x = ByteVector.fromArray(SPECIES, in[c], last);
                    acc = acc.lanewise(XOR, product(x, highNibbles(x),
                            ByteVector.fromArray(SPECIES, tables, tableAt(r, c, cols)),
                            ByteVector.fromArray(SPECIES, tables, tableAt(r, c, cols) + LANES)));
                }
                acc.intoArray(out[r], last);
            }
        }
    }

    /** {@code out[from..to) (^)= coefficient * in[from..to)}, the coefficient's two table vectors in registers. */
    private static void multiplyAdd(byte[] tables, int at, byte[] in, byte[] out, int from, int to, boolean first) {
        ByteVector low = ByteVector.fromArray(SPECIES, tables, at);
        ByteVector high = ByteVector.fromArray(SPECIES, tables, at + LANES);
        if (first) {
            for (int i = from; i < to; i += LANES) {
                ByteVector x = ByteVector.fromArray(SPECIES, in, i);
                product(x, highNibbles(x), low, high).intoArray(out, i);
            }
        } else {
            for (int i = from; i < to; i += LANES) {
                ByteVector x = ByteVector.fromArray(SPECIES, in, i);
                ByteVector sum = ByteVector.fromArray(SPECIES, out, i).lanewise(XOR,
                        product(x, highNibbles(x), low, high));
                sum.intoArray(out, i);
            }
        }
    }

    /** Ranges shorter than one vector. */
    private static void multiplyScalar(byte[] coef, byte[][] in, byte[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            int acc = 0;
            for (int c = 0; c < in.length; c++) {
                acc ^= Gf256.MUL[coef[c] & 0xFF][in[c][i] & 0xFF];
            }
            out[i] = (byte) acc;
        }
    }
}
