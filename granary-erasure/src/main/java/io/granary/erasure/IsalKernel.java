package io.granary.erasure;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;
import java.util.Optional;

/**
 * Kernel on Intel ISA-L ({@code libisal.so.2}) through the Foreign Function &amp; Memory API. {@code ec_init_tables}
 * expands our own coefficient matrix (never ISA-L's generator, so the bytes are identical to the other kernels) into
 * ISA-L's 32-byte-per-coefficient tables, and {@code gf_vect_mad} ({@code dest ^= c * src}, ISA-L's best SIMD code for
 * this CPU: AVX-512/GFNI, AVX2, SSE, NEON...) applies them.
 *
 * <p>Why {@code gf_vect_mad} and not {@code ec_encode_data}: the latter takes arrays of native pointers, which cannot
 * point into the Java heap, so it needs every input copied to native memory and every output copied back (measured at
 * about a third of this throughput). {@code gf_vect_mad} takes one source and one destination pointer, so it is bound
 * as a critical downcall ({@link Linker.Option#critical(boolean) critical(true)}) that reads and writes the heap
 * arrays in place. Loaded reflectively by {@link ErasureCodecs}, only when native access is enabled.
 */
final class IsalKernel implements GfKernel {
    /** Bytes per shard per pass: the output chunk stays in L1/L2 while all inputs are multiplied into it. */
    private static final int CHUNK = 32 * 1024;
    /** ISA-L's SIMD mad wants at least 64 bytes; the {@code len % 64} tail is done in Java. */
    private static final int MAD_BLOCK = 64;

    private final MethodHandle initTables;
    private final MethodHandle vectMad;
    private final String library;

    private IsalKernel(String library, MethodHandle initTables, MethodHandle vectMad) {
        this.library = library;
        this.initTables = initTables;
        this.vectMad = vectMad;
    }

    /** Called reflectively by {@link ErasureCodecs}. */
    static GfKernel create() throws ErasureCodecs.Unavailable {
        String configured = System.getProperty("granary.erasure.isal.library");
        String[] names = configured != null ? new String[] {configured} : new String[] {"libisal.so.2", "libisal.so"};
        SymbolLookup lookup = null;
        String loaded = null;
        StringBuilder failures = new StringBuilder();
        for (String name : names) {
            try {
                lookup = SymbolLookup.libraryLookup(name, Arena.global());
                loaded = name;
                break;
            } catch (IllegalArgumentException e) {
                failures.append(failures.isEmpty() ? "" : "; ").append(e.getMessage());
            }
        }
        if (lookup == null) {
            throw new ErasureCodecs.Unavailable("cannot load ISA-L (" + failures
                    + "); install libisal2 (Debian/Ubuntu) or set -Dgranary.erasure.isal.library=PATH");
        }
        Linker linker = Linker.nativeLinker();
        MemorySegment init = find(lookup, loaded, "ec_init_tables");
        MethodHandle initHandle = linker.downcallHandle(init, FunctionDescriptor.ofVoid(
                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        MethodHandle madHandle = linker.downcallHandle(find(lookup, loaded, "gf_vect_mad"), FunctionDescriptor.ofVoid(
                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS), Linker.Option.critical(true));
        return new IsalKernel(loaded, initHandle, madHandle);
    }

    private static MemorySegment find(SymbolLookup lookup, String library, String symbol)
            throws ErasureCodecs.Unavailable {
        Optional<MemorySegment> found = lookup.find(symbol);
        if (found.isEmpty()) {
            throw new ErasureCodecs.Unavailable(library + " has no symbol " + symbol);
        }
        return found.get();
    }

    @Override
    public String name() {
        return "isa-l";
    }

    @Override
    public String toString() {
        return "isa-l (" + library + ")";
    }

    @Override
    public MatrixOp prepare(byte[][] coefficients) {
        int rows = coefficients.length;
        int cols = rows == 0 ? 0 : coefficients[0].length;
        if (rows == 0) {
            return (inputs, outputs, off, len) -> {};
        }
        // Auto arena: the tables live as long as the prepared op (cached decoders are dropped with their codec).
        MemorySegment tables = Arena.ofAuto().allocate(32L * cols * rows, 64);
        try (Arena temp = Arena.ofConfined()) {
            MemorySegment matrix = temp.allocate((long) rows * cols);
            for (int r = 0; r < rows; r++) {
                MemorySegment.copy(coefficients[r], 0, matrix, ValueLayout.JAVA_BYTE, (long) r * cols, cols);
            }
            initTables.invokeExact(cols, rows, matrix, tables);
        } catch (Throwable t) {
            throw new IllegalStateException("ec_init_tables failed", t);
        }
        byte[][] coef = new byte[rows][];
        for (int r = 0; r < rows; r++) {
            coef[r] = coefficients[r].clone();
        }
        return (inputs, outputs, off, len) -> applyInPlace(tables, coef, rows, cols, inputs, outputs, off, len);
    }

    /**
     * Zero-copy: {@code gf_vect_mad} (dest ^= c * src for one coefficient) straight on the heap arrays through a
     * critical downcall, coefficient by coefficient over 32 KiB chunks so the output chunk stays in L1/L2. ISA-L's
     * SIMD versions want at least 64 bytes, so the last {@code len % 64} bytes are done in Java.
     */
    private void applyInPlace(MemorySegment tables, byte[][] coef, int rows, int cols, byte[][] in, byte[][] out,
                              int off, int len) {
        int simdLen = len - len % MAD_BLOCK;
        try {
            for (int base = off, end = off + simdLen; base < end; base += CHUNK) {
                int n = Math.min(CHUNK, end - base);
                for (int r = 0; r < rows; r++) {
                    Arrays.fill(out[r], base, base + n, (byte) 0);
                    MemorySegment rowTables = tables.asSlice(32L * cols * r, 32L * cols);
                    MemorySegment dest = MemorySegment.ofArray(out[r]).asSlice(base, n);
                    for (int c = 0; c < cols; c++) {
                        MemorySegment src = MemorySegment.ofArray(in[c]).asSlice(base, n);
                        vectMad.invokeExact(n, cols, c, rowTables, src, dest);
                    }
                }
            }
        } catch (Throwable t) {
            throw new IllegalStateException("gf_vect_mad failed", t);
        }
        for (int r = 0; r < rows; r++) {
            byte[] o = out[r];
            for (int i = off + simdLen; i < off + len; i++) {
                int acc = 0;
                for (int c = 0; c < cols; c++) {
                    acc ^= Gf256.MUL[coef[r][c] & 0xFF][in[c][i] & 0xFF];
                }
                o[i] = (byte) acc;
            }
        }
    }
}
