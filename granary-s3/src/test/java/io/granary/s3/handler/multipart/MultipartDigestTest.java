package io.granary.s3.handler.multipart;

import io.granary.storage.ChecksumAlgorithm;
import io.granary.storage.ChecksumType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MultipartDigestTest {

    static byte[] md5(byte[] data) throws Exception {
        return MessageDigest.getInstance("MD5").digest(data);
    }

    static byte[] crc32(byte[] data) {
        CRC32 c = new CRC32();
        c.update(data);
        long v = c.getValue();
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    @Test
    void etagIsMd5OfConcatenatedBinaryPartMd5sWithCount() throws Exception {
        List<byte[]> parts = List.of("part one".getBytes(StandardCharsets.UTF_8),
                "part two".getBytes(StandardCharsets.UTF_8), new byte[5 * 1024 * 1024]);
        ByteArrayOutputStream concat = new ByteArrayOutputStream();
        MultipartDigest d = new MultipartDigest(null, null);
        for (byte[] p : parts) {
            byte[] m = md5(p);
            concat.writeBytes(m);
            d.add(HexFormat.of().formatHex(m), null, p.length);
        }
        String expected = HexFormat.of().formatHex(md5(concat.toByteArray())) + "-3";
        assertThat(d.etag()).isEqualTo(expected);
        assertThat(d.checksum()).isNull();
    }

    @Test
    void knownValueForOnePartOfEmptyData() {
        // md5("") = d41d8cd98f00b204e9800998ecf8427e; md5 of its 16 raw bytes:
        MultipartDigest d = new MultipartDigest(null, null);
        d.add("d41d8cd98f00b204e9800998ecf8427e", null, 0);
        assertThat(d.etag()).isEqualTo("59adb24ef3cdbe0297f05b395827453f-1");
    }

    @Test
    void compositeChecksumIsChecksumOfRawPartChecksums() {
        byte[] a = "hello ".getBytes(StandardCharsets.UTF_8);
        byte[] b = "world".getBytes(StandardCharsets.UTF_8);
        MultipartDigest d = new MultipartDigest(ChecksumAlgorithm.CRC32, ChecksumType.COMPOSITE);
        d.add("00000000000000000000000000000000", Base64.getEncoder().encodeToString(crc32(a)), a.length);
        d.add("11111111111111111111111111111111", Base64.getEncoder().encodeToString(crc32(b)), b.length);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.writeBytes(crc32(a));
        raw.writeBytes(crc32(b));
        assertThat(d.checksum()).isEqualTo(Base64.getEncoder().encodeToString(crc32(raw.toByteArray())) + "-2");
    }

    @Test
    void fullObjectCrcsCombineToTheCrcOfTheWholeObject() {
        byte[] a = "The quick brown fox ".getBytes(StandardCharsets.UTF_8);
        byte[] b = new byte[0];
        byte[] c = "jumps over the lazy dog".getBytes(StandardCharsets.UTF_8);
        byte[] whole = "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8);

        MultipartDigest crc32 = new MultipartDigest(ChecksumAlgorithm.CRC32, ChecksumType.FULL_OBJECT);
        MultipartDigest nvme = new MultipartDigest(ChecksumAlgorithm.CRC64NVME, ChecksumType.FULL_OBJECT);
        for (byte[] part : List.of(a, b, c)) {
            crc32.add("00000000000000000000000000000000", Base64.getEncoder().encodeToString(crc32(part)), part.length);
            nvme.add("00000000000000000000000000000000", Base64.getEncoder().encodeToString(nvme(part)), part.length);
        }
        assertThat(crc32.checksum()).isEqualTo(Base64.getEncoder().encodeToString(crc32(whole)));
        assertThat(nvme.checksum()).isEqualTo(Base64.getEncoder().encodeToString(nvme(whole)));
    }

    static byte[] nvme(byte[] data) {
        io.granary.s3.checksum.Crc64Nvme c = new io.granary.s3.checksum.Crc64Nvme();
        c.update(java.nio.ByteBuffer.wrap(data));
        return c.finish();
    }

    @Test
    void compositeWithAMissingPartChecksumIsUnknown() {
        MultipartDigest d = new MultipartDigest(ChecksumAlgorithm.SHA256, ChecksumType.COMPOSITE);
        d.add("00000000000000000000000000000000", null, 1);
        assertThat(d.checksum()).isNull();
    }

    @Test
    void rejectsEtagsThatAreNotMd5() {
        MultipartDigest d = new MultipartDigest(null, null);
        assertThatThrownBy(() -> d.add("abc", null, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.add("zz000000000000000000000000000000", null, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
