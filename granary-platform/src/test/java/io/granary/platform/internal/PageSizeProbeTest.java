package io.granary.platform.internal;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class PageSizeProbeTest {
    private static byte[] auxv(int word, ByteOrder order, long... pairs) {
        ByteBuffer b = ByteBuffer.allocate(pairs.length * word).order(order);
        for (long v : pairs) {
            if (word == 8) b.putLong(v); else b.putInt((int) v);
        }
        return b.array();
    }

    @Test
    void finds16kIn64BitLittleEndian() {
        byte[] a = auxv(8, ByteOrder.LITTLE_ENDIAN, 33, 0x7fff0000L, 16, 0xbfebfbffL, 6, 16384, 17, 100, 0, 0);
        assertThat(PageSizeProbe.parseAuxv(a, 8, ByteOrder.LITTLE_ENDIAN, 6)).hasValue(16384);
    }

    @Test
    void finds64kIn64BitBigEndian() {
        byte[] a = auxv(8, ByteOrder.BIG_ENDIAN, 3, 0x400040, 6, 65536, 0, 0);
        assertThat(PageSizeProbe.parseAuxv(a, 8, ByteOrder.BIG_ENDIAN, 6)).hasValue(65536);
        assertThat(PageSizeProbe.parseAuxv(a, 8, ByteOrder.LITTLE_ENDIAN, 6)).isEmpty();
    }

    @Test
    void handles32BitWords() {
        byte[] a = auxv(4, ByteOrder.LITTLE_ENDIAN, 6, 4096, 0, 0);
        assertThat(PageSizeProbe.parseAuxv(a, 4, ByteOrder.LITTLE_ENDIAN, 6)).hasValue(4096);
    }

    @Test
    void stopsAtAtNullAndToleratesTruncation() {
        byte[] a = auxv(8, ByteOrder.LITTLE_ENDIAN, 0, 0, 6, 4096);
        assertThat(PageSizeProbe.parseAuxv(a, 8, ByteOrder.LITTLE_ENDIAN, 6)).isEmpty();
        byte[] cut = java.util.Arrays.copyOf(auxv(8, ByteOrder.LITTLE_ENDIAN, 6, 4096), 12);
        assertThat(PageSizeProbe.parseAuxv(cut, 8, ByteOrder.LITTLE_ENDIAN, 6)).isEqualTo(OptionalLong.empty());
        assertThat(PageSizeProbe.parseAuxv(new byte[0], 8, ByteOrder.LITTLE_ENDIAN, 6)).isEmpty();
    }
}
