package io.granary.erasure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HighwayHash against the published golden outputs of the reference implementation (google/highwayhash,
 * highwayhash_test.cc: key = bytes 0..31, input of length n = bytes 0..n-1, n = 0..64), for the 256-bit result we use
 * and the 64-bit one (which shares all but the finalization).
 */
class BitrotHashTest {
    private static final byte[] KEY = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            KEY[i] = (byte) i;
        }
    }

    private static byte[] input(int n) {
        byte[] in = new byte[n];
        for (int i = 0; i < n; i++) {
            in[i] = (byte) i;
        }
        return in;
    }

    @Test
    void matchesPublishedHighwayHash256Vectors() {
        long[][] expected = HighwayHashVectors.EXPECTED_256;
        assertEquals(65, expected.length);
        for (int n = 0; n <= 64; n++) {
            byte[] hash = BitrotHash.hash(KEY, input(n), 0, n);
            ByteBuffer b = ByteBuffer.wrap(hash).order(ByteOrder.LITTLE_ENDIAN);
            long[] actual = {b.getLong(), b.getLong(), b.getLong(), b.getLong()};
            assertArrayEquals(expected[n], actual, "HighwayHash-256 of " + n + " bytes: " + hex(actual));
        }
    }

    @Test
    void matchesPublishedHighwayHash64Vectors() {
        for (int n = 0; n <= 64; n++) {
            assertEquals(HighwayHashVectors.EXPECTED_64[n], BitrotHash.hash64(KEY, input(n), 0, n),
                    "HighwayHash-64 of " + n + " bytes");
        }
    }

    static long[] seeds() {
        return java.util.stream.LongStream.range(0, 60).toArray();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void streamingEqualsOneShotForAnySplit(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] key = new byte[32];
        random.nextBytes(key);
        byte[] data = new byte[random.nextInt(3000)];
        random.nextBytes(data);
        int off = data.length == 0 ? 0 : random.nextInt(Math.min(40, data.length));
        int len = data.length - off;
        byte[] oneShot = BitrotHash.hash(key, data, off, len);
        BitrotHash.Hasher h = BitrotHash.newHasher(key);
        int at = off;
        while (at < off + len) {
            int piece = Math.min(off + len - at, random.nextInt(80));
            h.update(data, at, piece);
            at += piece;
        }
        assertArrayEquals(oneShot, h.finish(), "seed=" + seed + " len=" + len);
        if (len > 0) {
            byte[] flipped = data.clone();
            int pos = off + random.nextInt(len);
            flipped[pos] ^= (byte) (1 << random.nextInt(8));
            assertFalse(Arrays.equals(oneShot, BitrotHash.hash(key, flipped, off, len)),
                    "seed=" + seed + ": a flipped bit at " + pos + " must change the hash");
        }
    }

    /** The vector bulk loop (when this JVM has it) against the scalar path, over lengths around packet multiples. */
    @ParameterizedTest
    @MethodSource("seeds")
    void vectorPathEqualsScalarPath(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] key = new byte[32];
        random.nextBytes(key);
        int len = seed % 3 == 0 ? 32 * (8 + random.nextInt(200)) + random.nextInt(3) : random.nextInt(70_000);
        byte[] data = new byte[len + 5];
        random.nextBytes(data);
        int off = random.nextInt(6);
        len = Math.min(len, data.length - off);
        byte[] scalar = BitrotHash.hashScalar(key, data, off, len);
        assertArrayEquals(scalar, BitrotHash.hash(key, data, off, len),
                "seed=" + seed + " len=" + len + " implementation=" + BitrotHash.implementation());
        byte[] vector = BitrotHash.hashVector(key, data, off, len);
        if (vector != null) {
            assertArrayEquals(scalar, vector, "seed=" + seed + " len=" + len + " (vector bulk loop)");
        }
    }

    @Test
    void vectorImplementationIsUsedWhenTheModuleIsPresent() {
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        boolean wide = module && HighwayHashVector.supported();
        assertEquals(wide ? "vector-256" : "scalar", BitrotHash.implementation());
    }

    @Test
    void contract() {
        assertEquals("HighwayHash-256", BitrotHash.algorithmName());
        assertEquals(32, BitrotHash.hash(KEY, new byte[0], 0, 0).length);
        assertThrows(IllegalArgumentException.class, () -> BitrotHash.hash(new byte[16], new byte[1], 0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> BitrotHash.hash(KEY, new byte[4], 2, 3));
        BitrotHash.Hasher h = BitrotHash.newHasher(KEY);
        h.finish();
        assertThrows(IllegalStateException.class, h::finish);
        assertThrows(IllegalStateException.class, () -> h.update(new byte[1], 0, 1));
    }

    private static String hex(long[] lanes) {
        StringBuilder sb = new StringBuilder();
        for (long l : lanes) {
            sb.append(String.format("0x%016XL ", l));
        }
        return sb.toString();
    }
}
