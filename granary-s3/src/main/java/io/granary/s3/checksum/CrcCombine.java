package io.granary.s3.checksum;

import io.granary.storage.ChecksumAlgorithm;

import java.util.List;

/**
 * Combines the CRCs of two adjacent blocks into the CRC of their concatenation, knowing only the second block's
 * length: {@code crc(A||B) = combine(crc(A), crc(B), len(B))}. For the full-object checksums of multipart uploads
 * (CRC32, CRC32C, CRC64NVME). Uses the GF(2) matrix method of zlib's crc32_combine, with the operators for
 * 2^k zero bytes precomputed, so a combine costs at most 64 matrix-vector products.
 */
public final class CrcCombine {
    private CrcCombine() {}

    private static final Operators CRC32 = new Operators(0xEDB88320L, 32);
    private static final Operators CRC32C = new Operators(0x82F63B78L, 32);
    private static final Operators CRC64NVME = new Operators(Crc64Nvme.POLY_REFLECTED, 64);

    /** Combines two CRC-32 (ISO-HDLC, java.util.zip.CRC32) values; {@code len2} is the second block's length. */
    public static long crc32(long crc1, long crc2, long len2) {
        return CRC32.combine(crc1, crc2, len2);
    }

    /** Combines two CRC-32C (Castagnoli) values. */
    public static long crc32c(long crc1, long crc2, long len2) {
        return CRC32C.combine(crc1, crc2, len2);
    }

    /** Combines two CRC-64/NVME values. */
    public static long crc64Nvme(long crc1, long crc2, long len2) {
        return CRC64NVME.combine(crc1, crc2, len2);
    }

    /** Whether {@code algorithm} supports combining (the CRCs do, the SHAs don't). */
    public static boolean supports(ChecksumAlgorithm algorithm) {
        return algorithm == ChecksumAlgorithm.CRC32 || algorithm == ChecksumAlgorithm.CRC32C
                || algorithm == ChecksumAlgorithm.CRC64NVME;
    }

    /** Combines raw big-endian CRC values as {@link Checksums} produces them. */
    public static byte[] combine(ChecksumAlgorithm algorithm, byte[] crc1, byte[] crc2, long len2) {
        Operators ops = operators(algorithm);
        int n = ops.width / 8;
        if (crc1.length != n || crc2.length != n) {
            throw new IllegalArgumentException(algorithm + " values must be " + n + " bytes");
        }
        return toBytes(ops.combine(fromBytes(crc1), fromBytes(crc2), len2), n);
    }

    /**
     * The full-object CRC of blocks (e.g. multipart parts) from their raw CRCs and lengths, in order.
     *
     * @throws IllegalArgumentException for an empty list, mismatched sizes or an algorithm that is not a CRC
     */
    public static byte[] combineAll(ChecksumAlgorithm algorithm, List<byte[]> crcs, List<Long> lengths) {
        if (crcs.isEmpty() || crcs.size() != lengths.size()) {
            throw new IllegalArgumentException("need one length per CRC, at least one");
        }
        byte[] acc = crcs.getFirst();
        for (int i = 1; i < crcs.size(); i++) acc = combine(algorithm, acc, crcs.get(i), lengths.get(i));
        return acc.clone();
    }

    private static Operators operators(ChecksumAlgorithm algorithm) {
        return switch (algorithm) {
            case CRC32 -> CRC32;
            case CRC32C -> CRC32C;
            case CRC64NVME -> CRC64NVME;
            default -> throw new IllegalArgumentException(algorithm + " cannot be combined");
        };
    }

    private static long fromBytes(byte[] b) {
        long v = 0;
        for (byte x : b) v = (v << 8) | (x & 0xFF);
        return v;
    }

    private static byte[] toBytes(long v, int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) out[i] = (byte) (v >>> (8 * (n - 1 - i)));
        return out;
    }

    /** The GF(2) operators "append 2^k zero bytes" for one reflected polynomial, k = 0..63. */
    private static final class Operators {
        final int width;
        final long mask;
        final long[][] zeroBytes = new long[64][];

        Operators(long poly, int width) {
            this.width = width;
            this.mask = width == 64 ? -1L : (1L << width) - 1;
            long[] oneBit = new long[width];
            oneBit[0] = poly;
            long row = 1;
            for (int n = 1; n < width; n++) {
                oneBit[n] = row;
                row <<= 1;
            }
            long[] op = square(square(square(oneBit))); // 8 zero bits = 1 zero byte
            for (int k = 0; k < 64; k++) {
                zeroBytes[k] = op;
                op = square(op);
            }
        }

        long combine(long crc1, long crc2, long len2) {
            if (len2 < 0) throw new IllegalArgumentException("len2 < 0");
            long c = crc1 & mask;
            for (int k = 0; len2 != 0; k++, len2 >>>= 1) {
                if ((len2 & 1) != 0) c = times(zeroBytes[k], c);
            }
            return (c ^ crc2) & mask;
        }

        private long[] square(long[] mat) {
            long[] sq = new long[width];
            for (int n = 0; n < width; n++) sq[n] = times(mat, mat[n]);
            return sq;
        }

        private static long times(long[] mat, long vec) {
            long sum = 0;
            for (int i = 0; vec != 0; i++, vec >>>= 1) {
                if ((vec & 1) != 0) sum ^= mat[i];
            }
            return sum;
        }
    }
}
