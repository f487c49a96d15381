package io.granary.s3.checksum;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * CRC-64/NVME (reflected polynomial 0x9A6C9329AC4BC9B5, init and xor-out all ones), as S3's CRC64NVME checksum.
 * The JDK has no CRC-64, hence this hand-written one: slice-by-8 over little-endian longs, byte-wise for the tail.
 * Check value: CRC64NVME("123456789") = 0xAE8B14860A799888.
 */
public final class Crc64Nvme implements StreamingChecksum {
    /** The reflected polynomial. */
    public static final long POLY_REFLECTED = 0x9A6C9329AC4BC9B5L;
    /** Slice-by-8 tables, flattened: entry {@code k * 256 + b} is byte b's contribution k bytes further on. */
    private static final long[] T = new long[8 * 256];
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static {
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int j = 0; j < 8; j++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY_REFLECTED : crc >>> 1;
            }
            T[i] = crc;
        }
        for (int k = 1; k < 8; k++) {
            for (int i = 0; i < 256; i++) {
                long prev = T[(k - 1) * 256 + i];
                T[k * 256 + i] = (prev >>> 8) ^ T[(int) (prev & 0xFF)];
            }
        }
    }

    private long crc = -1L;

    @Override
    public void update(ByteBuffer data) {
        if (data.hasArray()) {
            int base = data.arrayOffset();
            crc = update(crc, data.array(), base + data.position(), base + data.limit());
        } else {
            ByteBuffer d = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            crc = update(crc, d, data.position(), data.limit());
        }
    }

    public void update(byte[] data, int off, int len) {
        Objects.checkFromIndexSize(off, len, data.length);
        crc = update(crc, data, off, off + len);
    }

    private static long update(long c, byte[] d, int i, int end) {
        final long[] t = T;
        for (int last = end - 8; i <= last; i += 8) {
            c ^= (long) LONG_LE.get(d, i);
            c = fold(t, c);
        }
        for (; i < end; i++) {
            c = t[(int) ((c ^ d[i]) & 0xFF)] ^ (c >>> 8);
        }
        return c;
    }

    private static long update(long c, ByteBuffer d, int i, int end) {
        final long[] t = T;
        for (int last = end - 8; i <= last; i += 8) {
            c ^= d.getLong(i);
            c = fold(t, c);
        }
        for (; i < end; i++) {
            c = t[(int) ((c ^ d.get(i)) & 0xFF)] ^ (c >>> 8);
        }
        return c;
    }

    private static long fold(long[] t, long c) {
        return t[7 * 256 + (int) (c & 0xFF)] ^ t[6 * 256 + (int) ((c >>> 8) & 0xFF)]
                ^ t[5 * 256 + (int) ((c >>> 16) & 0xFF)] ^ t[4 * 256 + (int) ((c >>> 24) & 0xFF)]
                ^ t[3 * 256 + (int) ((c >>> 32) & 0xFF)] ^ t[2 * 256 + (int) ((c >>> 40) & 0xFF)]
                ^ t[256 + (int) ((c >>> 48) & 0xFF)] ^ t[(int) (c >>> 56)];
    }

    /** The current value (after xor-out). */
    public long value() {
        return ~crc;
    }

    /** Starts over. */
    public void reset() {
        crc = -1L;
    }

    @Override
    public byte[] finish() {
        long v = value();
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) out[i] = (byte) (v >>> (56 - 8 * i));
        return out;
    }
}
