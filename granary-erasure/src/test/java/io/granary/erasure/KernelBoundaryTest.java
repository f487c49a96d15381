package io.granary.erasure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kernels' loop edges, compared byte for byte with PURE_JAVA and the slow reference: lengths around every vector
 * size (16, 32, 64 bytes), around the paired loop's 3-vector steps and the 16 KiB chunks, tiny shards, k = 1, m = 1,
 * odd and even m (paired rows plus a lone row) and 16+16, each encoded and then reconstructed from a seeded random
 * erasure pattern. The module's pom also runs this class with {@code -XX:MaxVectorSize=16} and {@code =32}, so each
 * species the JVM offers here is covered; {@code granary.erasure.maxVectorBits} tells the test which limit is set.
 */
class KernelBoundaryTest {
    private static final int[][] SHAPES = {{1, 1}, {1, 4}, {2, 1}, {3, 3}, {4, 2}, {5, 5}, {8, 3}, {8, 4}, {4, 7}, {16, 16}};

    static List<Integer> lengths() {
        List<Integer> out = new ArrayList<>(List.of(0, 1, 2, 3, 7));
        for (int vector : new int[] {16, 32, 64}) {
            for (int multiple : new int[] {1, 2, 3, 4, 6, 7}) {
                for (int delta = -1; delta <= 1; delta++) {
                    out.add(vector * multiple + delta);
                }
            }
        }
        for (int chunk : new int[] {16 * 1024, 32 * 1024}) {
            out.addAll(List.of(chunk - 1, chunk, chunk + 1, chunk + 191));
        }
        return out.stream().distinct().sorted().toList();
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (CodecKernel kernel : KernelsUnderTest.optional()) {
            for (int[] shape : SHAPES) {
                out.add(Arguments.of(kernel, shape[0], shape[1]));
            }
        }
        if (out.isEmpty()) {
            out.add(Arguments.of(CodecKernel.PURE_JAVA, 3, 2)); // no optional kernel in this JVM: still run the loop
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void everyBoundaryLengthMatchesPureJavaAndReference(CodecKernel kernel, int k, int m) {
        ErasureCodec codec = KernelsUnderTest.codec(kernel, k, m);
        ErasureCodec pure = ErasureCodecs.create(k, m, CodecKernel.PURE_JAVA);
        long seed = 1000L * k + m;
        SplittableRandom random = new SplittableRandom(seed);
        for (int len : lengths()) {
            int off = random.nextInt(2) == 0 ? 0 : 1 + random.nextInt(70);
            int capacity = off + len + random.nextInt(3);
            String what = codec.kernelName() + " seed=" + seed + " " + k + "+" + m + " off=" + off + " len=" + len;
            byte[][] shards = ErasureCodecTest.randomShards(random, k, m, capacity);
            byte[][] expected = ErasureCodecTest.deepCopy(shards);
            codec.encode(shards, off, len);
            pure.encode(expected, off, len);
            for (int i = 0; i < k + m; i++) {
                assertArrayEquals(expected[i], shards[i],
                        what + " shard " + i + " vs pure-java (bytes outside the range stay untouched)");
            }
            if (len <= 300) {
                byte[][] reference = ReferenceRs.encode(k, m, shards, off, len);
                for (int p = 0; p < m; p++) {
                    assertArrayEquals(Arrays.copyOfRange(reference[p], off, off + len),
                            Arrays.copyOfRange(shards[k + p], off, off + len), what + " parity " + p + " vs reference");
                }
            }
            boolean[] present = ErasureCodecTest.randomPattern(random, k, m);
            byte[][] damaged = ErasureCodecTest.damage(shards, present, random);
            codec.reconstruct(damaged, present, off, len);
            for (int i = 0; i < k + m; i++) {
                assertArrayEquals(Arrays.copyOfRange(shards[i], off, off + len),
                        Arrays.copyOfRange(damaged[i], off, off + len),
                        what + " reconstructed shard " + i + " pattern " + Arrays.toString(present));
            }
        }
    }

    /**
     * Guards the forked runs: with the module present the Vector kernel must have passed its self-test (else the
     * cases above would silently cover the other kernels only), on vectors no wider than the limit the pom set.
     */
    @Test
    void vectorKernelRunsWithinTheConfiguredVectorLimit() {
        String limit = System.getProperty("granary.erasure.maxVectorBits");
        if (limit == null || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return;
        }
        GfKernel vector = ErasureCodecs.rawKernel(CodecKernel.VECTOR);
        assertNotNull(vector, String.valueOf(ErasureCodecs.probe()));
        int bits = Integer.parseInt(vector.name().substring("vector-".length()));
        assertTrue(bits >= 128 && bits <= Integer.parseInt(limit),
                vector.name() + " with a limit of " + limit + " bits");
    }

    /**
     * Once C2 has compiled them, the Vector kernel's loops keep their vectors in registers: a call allocates nothing.
     * (Interpreted, or where C2 gives up inlining part of a loop, every vector operation boxes its result: megabytes
     * per call and some 50x slower, with the same bytes.) Covers each loop: groups of four (8+4), pairs (4+2), a lone row
     * (8+3: a pair and one row), and the partial last vector (lengths not a multiple of any vector size).
     */
    @Test
    void compiledVectorKernelDoesNotAllocate() {
        GfKernel vector = ErasureCodecs.rawKernel(CodecKernel.VECTOR);
        if (vector == null
                || !(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)
                || !threads.isThreadAllocatedMemorySupported()) {
            return;
        }
        threads.setThreadAllocatedMemoryEnabled(true);
        for (int[] shape : new int[][] {{8, 4}, {4, 2}, {8, 3}}) {
            int k = shape[0];
            int m = shape[1];
            int len = 64 * 1024 + 37;
            GfKernel.MatrixOp op = vector.prepare(EncodingMatrix.parityRows(k, m));
            byte[][] in = ErasureCodecTest.randomShards(new SplittableRandom(k), k, 0, len);
            byte[][] out = new byte[m][len];
            long deadline = System.nanoTime() + 60_000_000_000L;
            long allocated;
            do {
                long before = threads.getCurrentThreadAllocatedBytes();
                op.apply(in, out, 0, len);
                allocated = threads.getCurrentThreadAllocatedBytes() - before;
            } while (allocated > 0 && System.nanoTime() < deadline);
            assertEquals(0, allocated, vector.name() + " " + k + "+" + m + ": bytes allocated by one call after 60 s"
                    + " of calls (vectors boxed: the loop was not compiled to registers)");
        }
    }
}
