package io.granary.s3.checksum;

import io.granary.storage.ChecksumAlgorithm;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/** Factory and encoding helpers for every checksum S3 knows, plus MD5 for ETags and Content-MD5. */
public final class Checksums {
    private Checksums() {}

    public static StreamingChecksum newChecksum(ChecksumAlgorithm algorithm) {
        return switch (algorithm) {
            case CRC32 -> crc(new CRC32());
            case CRC32C -> crc(new CRC32C());
            case CRC64NVME -> new Crc64Nvme();
            case SHA1 -> digest("SHA-1");
            case SHA256 -> digest("SHA-256");
        };
    }

    public static StreamingChecksum md5() {
        return digest("MD5");
    }

    /** Length in bytes of the algorithm's raw value. */
    public static int length(ChecksumAlgorithm algorithm) {
        return switch (algorithm) {
            case CRC32, CRC32C -> 4;
            case CRC64NVME -> 8;
            case SHA1 -> 20;
            case SHA256 -> 32;
        };
    }

    /** "crc32" for the header x-amz-checksum-crc32 and friends. */
    public static String headerName(ChecksumAlgorithm algorithm) {
        return "x-amz-checksum-" + algorithm.name().toLowerCase(Locale.ROOT);
    }

    /** Parses an algorithm name as S3 spells it (case-insensitive), or null if unknown. */
    public static ChecksumAlgorithm parseAlgorithm(String name) {
        if (name == null) return null;
        try {
            return ChecksumAlgorithm.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public static String base64(byte[] value) {
        return Base64.getEncoder().encodeToString(value);
    }

    /** One-shot checksum of {@code data}. */
    public static byte[] compute(ChecksumAlgorithm algorithm, byte[] data) {
        StreamingChecksum c = newChecksum(algorithm);
        c.update(ByteBuffer.wrap(data));
        return c.finish();
    }

    /**
     * Decodes a base64 checksum value as sent in x-amz-checksum-* headers or trailers; null when it is not valid
     * base64 of the algorithm's length (the caller answers InvalidRequest / BadDigest).
     */
    public static byte[] decodeBase64(ChecksumAlgorithm algorithm, String value) {
        if (value == null) return null;
        try {
            byte[] raw = Base64.getDecoder().decode(value.strip());
            return raw.length == length(algorithm) ? raw : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public static String hex(byte[] value) {
        return HexFormat.of().formatHex(value);
    }

    private static StreamingChecksum crc(Checksum crc) {
        return new StreamingChecksum() {
            @Override
            public void update(ByteBuffer data) {
                crc.update(data.duplicate());
            }

            @Override
            public byte[] finish() {
                long v = crc.getValue();
                return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
            }
        };
    }

    private static StreamingChecksum digest(String name) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + name, e);
        }
        return new StreamingChecksum() {
            @Override
            public void update(ByteBuffer data) {
                md.update(data.duplicate());
            }

            @Override
            public byte[] finish() {
                return md.digest();
            }
        };
    }
}
