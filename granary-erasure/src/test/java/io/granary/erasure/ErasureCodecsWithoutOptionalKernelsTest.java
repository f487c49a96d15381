package io.granary.erasure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Runs in its own surefire execution on a plain JVM (no {@code --add-modules jdk.incubator.vector}, no native
 * access): the probe must report both optional kernels unavailable with a reason, and forcing them must fall back to
 * PURE_JAVA without throwing.
 */
class ErasureCodecsWithoutOptionalKernelsTest {
    @Test
    void optionalKernelsFallBackToPureJava() {
        boolean plain = Boolean.getBoolean("granary.erasure.expectPlainJvm");
        KernelProbe vector = ErasureCodecs.probe().get(CodecKernel.VECTOR.ordinal());
        KernelProbe isal = ErasureCodecs.probe().get(CodecKernel.ISA_L.ordinal());
        assertTrue(ErasureCodecs.probe().get(CodecKernel.PURE_JAVA.ordinal()).available());
        if (plain) {
            assertFalse(vector.available());
            assertTrue(vector.unavailabilityCause().contains("--add-modules jdk.incubator.vector"),
                    vector.unavailabilityCause());
            assertFalse(isal.available());
            assertTrue(isal.unavailabilityCause().contains("--enable-native-access"), isal.unavailabilityCause());
            assertEquals(CodecKernel.PURE_JAVA, ErasureCodecs.choose(null).kernel());
            assertEquals("scalar", BitrotHash.implementation());
            byte[] big = new byte[100_000];
            assertEquals(32, BitrotHash.hash(new byte[32], big, 0, big.length).length);
        }
        for (CodecKernel forced : CodecKernel.values()) {
            ErasureCodec codec = ErasureCodecs.create(4, 2, forced);
            KernelProbe probe = ErasureCodecs.probe().get(forced.ordinal());
            if (!probe.available()) {
                assertEquals("pure-java", codec.kernelName());
                assertTrue(ErasureCodecs.choose(forced).reason().contains(probe.unavailabilityCause()));
            }
            byte[][] shards = new byte[6][100];
            for (int i = 0; i < 4; i++) {
                java.util.Arrays.fill(shards[i], (byte) (i + 1));
            }
            codec.encode(shards, 0, 100);
            boolean[] present = {false, true, true, false, true, true};
            shards[0] = new byte[100];
            shards[3] = new byte[100];
            codec.reconstruct(shards, present, 0, 100);
            assertEquals(1, shards[0][99]);
            assertEquals(4, shards[3][0]);
        }
    }
}
