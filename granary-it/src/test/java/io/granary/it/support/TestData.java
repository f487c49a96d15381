package io.granary.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/** Deterministic payloads and independent checksum implementations (never the SDK's own) for assertions. */
public final class TestData {
    private TestData() {
    }

    public static final int MIB = 1024 * 1024;

    /** Pseudo-random bytes from a seed: the same call always gives the same bytes. */
    public static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        SplittableRandom r = new SplittableRandom(seed);
        int i = 0;
        while (i + 8 <= size) {
            long v = r.nextLong();
            for (int k = 0; k < 8; k++) {
                b[i++] = (byte) (v >>> (8 * k));
            }
        }
        while (i < size) {
            b[i++] = (byte) r.nextInt();
        }
        return b;
    }

    public static Path writeFile(Path file, byte[] content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // -------------------------------------------------------------------------------------------- digests

    public static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(digest("SHA-256", data));
    }

    public static String md5Hex(byte[] data) {
        return HexFormat.of().formatHex(digest("MD5", data));
    }

    public static String md5Base64(byte[] data) {
        return b64(digest("MD5", data));
    }

    /** The ETag S3 gives a single-part upload: the quoted hex MD5. */
    public static String etagOf(byte[] data) {
        return "\"" + md5Hex(data) + "\"";
    }

    /** The ETag S3 gives a completed multipart upload: quoted hex MD5 of the concatenated part MD5s, "-" count. */
    public static String multipartEtag(List<byte[]> parts) {
        try {
            MessageDigest all = MessageDigest.getInstance("MD5");
            for (byte[] p : parts) {
                all.update(digest("MD5", p));
            }
            return "\"" + HexFormat.of().formatHex(all.digest()) + "-" + parts.size() + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String b64(byte[] raw) {
        return Base64.getEncoder().encodeToString(raw);
    }

    public static String crc32Base64(byte[] data) {
        return b64(crc32Raw(data));
    }

    public static byte[] crc32Raw(byte[] data) {
        CRC32 c = new CRC32();
        c.update(data);
        return ByteBuffer.allocate(4).putInt((int) c.getValue()).array();
    }

    public static String crc32cBase64(byte[] data) {
        CRC32C c = new CRC32C();
        c.update(data);
        return b64(ByteBuffer.allocate(4).putInt((int) c.getValue()).array());
    }

    public static String sha1Base64(byte[] data) {
        return b64(digest("SHA-1", data));
    }

    public static String sha256Base64(byte[] data) {
        return b64(digest("SHA-256", data));
    }

    public static String crc64nvmeBase64(byte[] data) {
        return b64(ByteBuffer.allocate(8).putLong(crc64nvme(data)).array());
    }

    private static final long[] CRC64_NVME_TABLE = new long[256];

    static {
        long poly = 0x9a6c9329ac4bc9b5L; // reflected 0xad93d23594c93659
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ poly : crc >>> 1;
            }
            CRC64_NVME_TABLE[i] = crc;
        }
    }

    /** CRC-64/NVME (reflected, init and xorout all ones): check value of "123456789" is 0xae8b14860a799888. */
    public static long crc64nvme(byte[] data) {
        long crc = ~0L;
        for (byte b : data) {
            crc = CRC64_NVME_TABLE[(int) ((crc ^ b) & 0xff)] ^ (crc >>> 8);
        }
        return ~crc;
    }
}
