package io.granary.s3.checksum;

import java.nio.ByteBuffer;

/**
 * CRC-64/NVME (reflected polynomial 0x9A6C9329AC4BC9B5, init and xor-out all ones), as S3's CRC64NVME checksum.
 * The JDK has no CRC-64, hence this hand-written table-driven one.
 */
public final class Crc64Nvme implements StreamingChecksum {
    private static final long POLY_REFLECTED = 0x9A6C9329AC4BC9B5L;
    private static final long[] TABLE = new long[256];

    static {
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int j = 0; j < 8; j++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY_REFLECTED : crc >>> 1;
            }
            TABLE[i] = crc;
        }
    }

    private long crc = -1L;

    @Override
    public void update(ByteBuffer data) {
        long c = crc;
        for (int i = data.position(), end = data.limit(); i < end; i++) {
            c = TABLE[(int) ((c ^ data.get(i)) & 0xFF)] ^ (c >>> 8);
        }
        crc = c;
    }

    /** The current value (after xor-out). */
    public long value() {
        return ~crc;
    }

    @Override
    public byte[] finish() {
        long v = value();
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) out[i] = (byte) (v >>> (56 - 8 * i));
        return out;
    }
}
