package io.granary.erasure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The Vector kernel and the vector hash loop switch from their fallbacks once warm, with unchanged bytes. */
class WarmUpTest {
    @Test
    void vectorPathsBecomeWarmAndAgreeWithFallbacks() {
        assertTrue(ErasureCodecs.awaitWarmUp(Duration.ofSeconds(60)), "warm-up did not finish in 60 s");
        if (ErasureCodecs.kernel(CodecKernel.VECTOR) instanceof WarmingKernel w) {
            assertTrue(w.isWarm());
        }
        if (BitrotHash.implementation().equals("vector-256")) {
            assertTrue(BitrotHash.vectorWarm());
        }
        for (long seed = 0; seed < 20; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            int k = 1 + random.nextInt(12);
            int m = 1 + random.nextInt(4);
            int len = random.nextInt(5000);
            byte[][] a = ErasureCodecTest.randomShards(random, k, m, len);
            byte[][] b = ErasureCodecTest.deepCopy(a);
            ErasureCodec codec = ErasureCodecs.create(k, m, null);
            codec.encode(a, 0, len);
            ErasureCodecs.create(k, m, CodecKernel.PURE_JAVA).encode(b, 0, len);
            for (int i = 0; i < k + m; i++) {
                assertArrayEquals(b[i], a[i], "seed=" + seed + " kernel=" + codec.kernelName() + " shard " + i);
            }
            byte[] key = new byte[32];
            random.nextBytes(key);
            assertArrayEquals(BitrotHash.hashScalar(key, a[0], 0, len), BitrotHash.hash(key, a[0], 0, len),
                    "seed=" + seed);
        }
        assertEquals(ErasureCodecs.kernel(ErasureCodecs.choose(null).kernel()).name(),
                ErasureCodecs.create(4, 2, null).kernelName());
    }
}
