package io.granary.erasure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Correctness of every kernel available in this JVM: known answers, agreement with an independent slow reference and
 * with PURE_JAVA, and reconstruction of every erasure pattern (exhaustively for small k+m, randomly for larger).
 * Properties are seeded JUnit parameters (SplittableRandom); every assertion message carries the seed.
 */
class ErasureCodecTest {

    static Stream<CodecKernel> kernels() {
        return KernelsUnderTest.available().stream();
    }

    static LongStream seeds() {
        return LongStream.range(0, 120);
    }

    static Stream<Arguments> kernelsAndSeeds() {
        List<Arguments> out = new ArrayList<>();
        for (CodecKernel kernel : KernelsUnderTest.available()) {
            for (long seed = 0; seed < 120; seed++) {
                out.add(Arguments.of(kernel, seed));
            }
        }
        return out.stream();
    }

    // ------------------------------------------------------------------ known answers

    /**
     * 2+2 worked by hand. V = [[1,0],[1,1],[1,2],[1,3]] (r^c), the top 2x2 is its own inverse over GF(2^8), so the
     * parity rows are [1,2]*inv = [3,2] and [1,3]*inv = [2,3]: p0 = 3*d0 ^ 2*d1, p1 = 2*d0 ^ 3*d1. With 0x11D:
     * 2*0x80 = 0x1D, 3*0x80 = 0x9D, 2*0xFF = 0xE3, 3*0xFF = 0x1C, 2*0x53 = 0xA6, 3*0x53 = 0xF5, 2*0x10 = 0x20,
     * 3*0x10 = 0x30.
     */
    @ParameterizedTest
    @MethodSource("kernels")
    void knownAnswerTwoPlusTwo(CodecKernel kernel) {
        byte[][] shards = {
            {0x01, (byte) 0x80, (byte) 0xFF},
            {0x02, 0x53, 0x10},
            new byte[3],
            new byte[3],
        };
        KernelsUnderTest.codec(kernel, 2, 2).encode(shards, 0, 3);
        assertArrayEquals(new byte[] {0x07, 0x3B, 0x3C}, shards[2], kernel + " p0");
        assertArrayEquals(new byte[] {0x04, (byte) 0xE8, (byte) 0xD3}, shards[3], kernel + " p1");
    }

    @Test
    void encodingMatrixMatchesIndependentReference() {
        for (int k = 1; k <= 20; k++) {
            for (int m = 0; m <= 8; m++) {
                byte[][] e = EncodingMatrix.build(k, m);
                int[][] ref = ReferenceRs.parityMatrix(k, m);
                for (int r = 0; r < k; r++) {
                    for (int c = 0; c < k; c++) {
                        assertEquals(r == c ? 1 : 0, e[r][c] & 0xFF, "identity top, k=" + k + " m=" + m);
                    }
                }
                for (int p = 0; p < m; p++) {
                    for (int c = 0; c < k; c++) {
                        assertEquals(ref[p][c], e[k + p][c] & 0xFF, "k=" + k + " m=" + m + " row " + (k + p));
                    }
                }
            }
        }
    }

    @Test
    void gfTablesMatchBitwiseMultiply() {
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                assertEquals(ReferenceRs.mul(a, b), Gf256.mul(a, b), a + "*" + b);
                assertEquals(ReferenceRs.mul(a, b), Gf256.MUL[a][b] & 0xFF, a + "*" + b);
            }
            if (a != 0) {
                assertEquals(1, Gf256.mul(a, Gf256.inv(a)), "inverse of " + a);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernelsAndSeeds")
    void encodeMatchesSlowReference(CodecKernel kernel, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int k = 1 + random.nextInt(12);
        int m = 1 + random.nextInt(6);
        int off = random.nextInt(9);
        int len = random.nextInt(300);
        byte[][] shards = randomShards(random, k, m, off + len + random.nextInt(3));
        KernelsUnderTest.codec(kernel, k, m).encode(shards, off, len);
        byte[][] expected = ReferenceRs.encode(k, m, shards, off, len);
        String what = kernel + " seed=" + seed + " k=" + k + " m=" + m + " off=" + off + " len=" + len;
        for (int p = 0; p < m; p++) {
            assertArrayEquals(Arrays.copyOfRange(expected[p], off, off + len),
                    Arrays.copyOfRange(shards[k + p], off, off + len), what + " parity " + p);
        }
    }

    // ------------------------------------------------------------------ kernels agree with PURE_JAVA

    static Stream<Arguments> optionalKernelsAndSeeds() {
        List<Arguments> out = new ArrayList<>();
        for (CodecKernel kernel : KernelsUnderTest.optional()) {
            for (long seed = 0; seed < 150; seed++) {
                out.add(Arguments.of(kernel, seed));
            }
        }
        if (out.isEmpty()) {
            out.add(Arguments.of(CodecKernel.PURE_JAVA, 0L)); // keeps the test meaningful-but-trivial without options
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("optionalKernelsAndSeeds")
    void kernelProducesSameBytesAsPureJava(CodecKernel kernel, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int k;
        int m;
        if (seed % 10 == 0) {
            k = 12;
            m = 4;
        } else {
            k = 1 + random.nextInt(16);
            m = 1 + random.nextInt(Math.min(8, 20 - k));
        }
        int len = switch ((int) (seed % 5)) {
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> 1 + 2 * random.nextInt(5000); // odd
            case 3 -> seed % 30 == 3 ? 1 << 20 : random.nextInt(70_000);
            default -> random.nextInt(1000);
        };
        int off = random.nextInt(64);
        int capacity = off + len + random.nextInt(5);
        String what = kernel + " seed=" + seed + " k=" + k + " m=" + m + " off=" + off + " len=" + len;

        byte[][] a = randomShards(random, k, m, capacity);
        byte[][] b = deepCopy(a);
        KernelsUnderTest.codec(kernel, k, m).encode(a, off, len);
        ErasureCodecs.create(k, m, CodecKernel.PURE_JAVA).encode(b, off, len);
        for (int i = 0; i < k + m; i++) {
            assertArrayEquals(b[i], a[i], what + " shard " + i + " (bytes outside [off, off+len) must be untouched)");
        }

        // reconstruct a random pattern of up to m erasures with both kernels
        boolean[] present = randomPattern(random, k, m);
        byte[][] damagedA = damage(a, present, random);
        byte[][] damagedB = damage(b, present, new SplittableRandom(seed));
        KernelsUnderTest.codec(kernel, k, m).reconstruct(damagedA, present, off, len);
        ErasureCodecs.create(k, m, CodecKernel.PURE_JAVA).reconstruct(damagedB, present, off, len);
        for (int i = 0; i < k + m; i++) {
            assertArrayEquals(Arrays.copyOfRange(b[i], off, off + len), Arrays.copyOfRange(damagedA[i], off, off + len),
                    what + " reconstructed shard " + i + " pattern " + Arrays.toString(present));
            assertArrayEquals(Arrays.copyOfRange(damagedB[i], off, off + len),
                    Arrays.copyOfRange(damagedA[i], off, off + len), what + " vs pure-java, shard " + i);
        }
    }

    // ------------------------------------------------------------------ reconstruction

    static Stream<Arguments> smallShapes() {
        List<Arguments> out = new ArrayList<>();
        for (CodecKernel kernel : KernelsUnderTest.available()) {
            for (int k = 1; k <= 6; k++) {
                for (int m = 1; m <= 4 && k + m <= 8; m++) {
                    out.add(Arguments.of(kernel, k, m));
                }
            }
            out.add(Arguments.of(kernel, 4, 4));
            out.add(Arguments.of(kernel, 8, 4));
            out.add(Arguments.of(kernel, 12, 4));
        }
        return out.stream();
    }

    /** Every subset of up to m missing shards, for small k+m and for 8+4 and 12+4 (C(16,4) = 1820 patterns). */
    @ParameterizedTest
    @MethodSource("smallShapes")
    void everyErasurePatternReconstructs(CodecKernel kernel, int k, int m) {
        long seed = 31L * k + m;
        SplittableRandom random = new SplittableRandom(seed);
        int n = k + m;
        int len = 67;
        int off = 5;
        byte[][] original = randomShards(random, k, m, off + len);
        ErasureCodec codec = KernelsUnderTest.codec(kernel, k, m);
        codec.encode(original, off, len);
        int patterns = 0;
        for (int mask = 0; mask < (1 << n); mask++) {
            if (Integer.bitCount(mask) > m) {
                continue;
            }
            boolean[] present = new boolean[n];
            for (int i = 0; i < n; i++) {
                present[i] = (mask & (1 << i)) == 0;
            }
            byte[][] shards = damage(original, present, random);
            codec.reconstruct(shards, present, off, len);
            for (int i = 0; i < n; i++) {
                assertArrayEquals(Arrays.copyOfRange(original[i], off, off + len),
                        Arrays.copyOfRange(shards[i], off, off + len),
                        kernel + " seed=" + seed + " k=" + k + " m=" + m + " missing mask=" + Integer.toBinaryString(mask)
                                + " shard " + i);
            }
            patterns++;
        }
        assertTrue(patterns > 0);
    }

    @ParameterizedTest
    @MethodSource("kernelsAndSeeds")
    void randomErasuresOfLargeSetsReconstruct(CodecKernel kernel, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int k = 1 + random.nextInt(16);
        int m = 1 + random.nextInt(Math.min(8, 20 - k));
        int len = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : random.nextInt(9000);
        int off = random.nextInt(16);
        byte[][] original = randomShards(random, k, m, off + len);
        ErasureCodec codec = KernelsUnderTest.codec(kernel, k, m);
        codec.encode(original, off, len);
        for (int round = 0; round < 5; round++) {
            boolean[] present = randomPattern(random, k, m);
            byte[][] shards = damage(original, present, random);
            codec.reconstruct(shards, present, off, len);
            for (int i = 0; i < k + m; i++) {
                assertArrayEquals(Arrays.copyOfRange(original[i], off, off + len),
                        Arrays.copyOfRange(shards[i], off, off + len),
                        kernel + " seed=" + seed + " round=" + round + " k=" + k + " m=" + m + " len=" + len
                                + " pattern=" + Arrays.toString(present) + " shard " + i);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void oneMebibyteEightPlusFourRoundTrip(CodecKernel kernel) {
        SplittableRandom random = new SplittableRandom(42);
        byte[][] original = randomShards(random, 8, 4, 1 << 20);
        ErasureCodec codec = KernelsUnderTest.codec(kernel, 8, 4);
        codec.encode(original, 0, 1 << 20);
        boolean[] present = new boolean[12];
        Arrays.fill(present, true);
        present[1] = present[5] = present[8] = present[11] = false;
        byte[][] shards = damage(original, present, random);
        codec.reconstruct(shards, present, 0, 1 << 20);
        for (int i = 0; i < 12; i++) {
            assertArrayEquals(original[i], shards[i], kernel + " seed=42 shard " + i);
        }
    }

    // ------------------------------------------------------------------ contract

    @ParameterizedTest
    @MethodSource("kernels")
    void fewerThanKPresentIsRejected(CodecKernel kernel) {
        ErasureCodec codec = KernelsUnderTest.codec(kernel, 4, 2);
        byte[][] shards = new byte[6][10];
        boolean[] present = {true, false, true, false, true, false};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> codec.reconstruct(shards, present, 0, 10));
        assertTrue(e.getMessage().contains("need at least k = 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> codec.reconstruct(shards, new boolean[6], 0, 10));
    }

    @Test
    void invalidArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ErasureCodecs.create(0, 2, null));
        assertThrows(IllegalArgumentException.class, () -> ErasureCodecs.create(4, -1, null));
        assertThrows(IllegalArgumentException.class, () -> ErasureCodecs.create(200, 57, null));
        ErasureCodec codec = ErasureCodecs.create(4, 2, null);
        assertEquals(4, codec.dataShards());
        assertEquals(2, codec.parityShards());
        assertThrows(IllegalArgumentException.class, () -> codec.encode(new byte[5][10], 0, 10));
        assertThrows(IllegalArgumentException.class, () -> codec.encode(new byte[6][10], 1, 10));
        assertThrows(IllegalArgumentException.class, () -> codec.encode(new byte[6][10], -1, 5));
        byte[][] withNull = new byte[6][10];
        withNull[5] = null;
        assertThrows(IllegalArgumentException.class, () -> codec.encode(withNull, 0, 10));
        byte[][] aliased = new byte[6][10];
        aliased[4] = aliased[0];
        assertThrows(IllegalArgumentException.class, () -> codec.encode(aliased, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> codec.reconstruct(new byte[6][10], new boolean[5], 0, 10));
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void nothingMissingLeavesShardsAlone(CodecKernel kernel) {
        byte[][] shards = randomShards(new SplittableRandom(7), 3, 2, 50); // parity deliberately not computed
        byte[][] before = deepCopy(shards);
        boolean[] present = {true, true, true, true, true};
        KernelsUnderTest.codec(kernel, 3, 2).reconstruct(shards, present, 0, 50);
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(before[i], shards[i], kernel + " shard " + i);
        }
    }

    @Test
    void zeroParityIsANoOp() {
        byte[][] shards = randomShards(new SplittableRandom(3), 3, 0, 20);
        byte[][] before = deepCopy(shards);
        ErasureCodec codec = ErasureCodecs.create(3, 0, null);
        codec.encode(shards, 0, 20);
        codec.reconstruct(shards, new boolean[] {true, true, true}, 0, 20);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(before[i], shards[i]);
        }
    }

    @Test
    void codecIsThreadSafe() throws Exception {
        ErasureCodec codec = ErasureCodecs.create(6, 3, null);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            long seed = t;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    SplittableRandom random = new SplittableRandom(seed);
                    for (int round = 0; round < 50; round++) {
                        byte[][] original = randomShards(random, 6, 3, 40_000);
                        codec.encode(original, 0, 40_000);
                        boolean[] present = randomPattern(random, 6, 3);
                        byte[][] shards = damage(original, present, random);
                        codec.reconstruct(shards, present, 0, 40_000);
                        for (int i = 0; i < 9; i++) {
                            assertArrayEquals(original[i], shards[i], "thread seed=" + seed + " round " + round);
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(failures.isEmpty(), () -> failures.toString());
    }

    // ------------------------------------------------------------------ helpers

    static byte[][] randomShards(SplittableRandom random, int k, int m, int capacity) {
        byte[][] shards = new byte[k + m][capacity];
        for (byte[] s : shards) {
            random.nextBytes(s);
        }
        return shards;
    }

    static byte[][] deepCopy(byte[][] shards) {
        byte[][] out = new byte[shards.length][];
        for (int i = 0; i < shards.length; i++) {
            out[i] = shards[i].clone();
        }
        return out;
    }

    /** Random present[] with between 0 and m shards missing. */
    static boolean[] randomPattern(SplittableRandom random, int k, int m) {
        int n = k + m;
        boolean[] present = new boolean[n];
        Arrays.fill(present, true);
        int missing = random.nextInt(m + 1);
        for (int dropped = 0; dropped < missing; ) {
            int i = random.nextInt(n);
            if (present[i]) {
                present[i] = false;
                dropped++;
            }
        }
        return present;
    }

    /** A copy where every missing shard is overwritten with garbage. */
    static byte[][] damage(byte[][] shards, boolean[] present, SplittableRandom random) {
        byte[][] out = deepCopy(shards);
        for (int i = 0; i < out.length; i++) {
            if (!present[i]) {
                random.nextBytes(out[i]);
            }
        }
        return out;
    }
}
