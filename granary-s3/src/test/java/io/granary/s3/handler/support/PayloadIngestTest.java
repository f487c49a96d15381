package io.granary.s3.handler.support;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.S3PayloadException;
import io.granary.storage.ChecksumAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

import static io.granary.s3.handler.support.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PayloadIngestTest {
    private static final byte[] DATA = "123456789".getBytes(StandardCharsets.US_ASCII);

    /** Reference values for "123456789", computed independently of the production code. */
    static String expected(ChecksumAlgorithm alg, byte[] data) throws Exception {
        return switch (alg) {
            case CRC32 -> { CRC32 c = new CRC32(); c.update(data); yield b64int(c.getValue()); }
            case CRC32C -> { CRC32C c = new CRC32C(); c.update(data); yield b64int(c.getValue()); }
            // CRC-64/NVME check value of "123456789" from the CRC catalogue.
            case CRC64NVME -> Base64.getEncoder().encodeToString(java.util.Arrays.equals(data, DATA)
                    ? HexFormat.of().parseHex("ae8b14860a799888") : new byte[8]);
            case SHA1 -> Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(data));
            case SHA256 -> Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(data));
        };
    }

    private static String b64int(long v) {
        return Base64.getEncoder().encodeToString(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }

    private static String md5b64(byte[] d) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(d));
    }

    private static String header(ChecksumAlgorithm a) {
        return "x-amz-checksum-" + a.name().toLowerCase();
    }

    private static PayloadIngest.IngestResult ingest(TestRequests req, ByteArrayOutputStream sink) {
        return PayloadIngest.ingest(req.build(), bb -> {
            byte[] b = new byte[bb.remaining()];
            bb.get(b);
            sink.writeBytes(b);
        });
    }

    private static PayloadIngest.IngestResult ingest(TestRequests req) {
        return ingest(req, new ByteArrayOutputStream());
    }

    @Test
    void plainBodyGivesSizeMd5AndNoChecksum() throws Exception {
        byte[] big = new byte[200_000];
        new Random(1).nextBytes(big);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        var r = ingest(request("PUT", "b", "k").body(big), sink);
        assertThat(r.size()).isEqualTo(big.length);
        assertThat(r.md5Hex()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(big)));
        assertThat(r.checksumAlgorithm()).isNull();
        assertThat(r.checksumBase64()).isNull();
        assertThat(sink.toByteArray()).isEqualTo(big);
    }

    @Test
    void emptyBody() {
        var r = ingest(request("PUT", "b", "k").body(new byte[0]));
        assertThat(r.size()).isZero();
        assertThat(r.md5Hex()).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
    }

    @Test
    void contentMd5RightWrongMalformed() throws Exception {
        assertThat(ingest(request("PUT", "b", "k").body(DATA).header("Content-MD5", md5b64(DATA))).size()).isEqualTo(9);
        assertError(() -> ingest(request("PUT", "b", "k").body(DATA).header("Content-MD5", md5b64("x".getBytes()))),
                S3Error.BAD_DIGEST);
        assertError(() -> ingest(request("PUT", "b", "k").body(DATA).header("Content-MD5", "not base64!")),
                S3Error.INVALID_DIGEST);
        assertError(() -> ingest(request("PUT", "b", "k").body(DATA).header("Content-MD5",
                Base64.getEncoder().encodeToString(new byte[15]))), S3Error.INVALID_DIGEST);
        assertError(() -> ingest(request("PUT", "b", "k").body(DATA).header("Content-MD5", "")), S3Error.INVALID_DIGEST);
    }

    @ParameterizedTest
    @EnumSource(ChecksumAlgorithm.class)
    void checksumHeaderRight(ChecksumAlgorithm alg) throws Exception {
        var r = ingest(request("PUT", "b", "k").body(DATA).header(header(alg), expected(alg, DATA)));
        assertThat(r.checksumAlgorithm()).isEqualTo(alg);
        assertThat(r.checksumBase64()).isEqualTo(expected(alg, DATA));
    }

    @ParameterizedTest
    @EnumSource(ChecksumAlgorithm.class)
    void checksumHeaderWrong(ChecksumAlgorithm alg) throws Exception {
        String wrong = expected(alg, "other".getBytes());
        assertThatThrownBy(() -> ingest(request("PUT", "b", "k").body(DATA).header(header(alg), wrong)))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.error()).isEqualTo(S3Error.BAD_DIGEST);
                    assertThat(e.getMessage()).isEqualTo("The " + alg.name() + " you specified did not match the calculated checksum.");
                });
    }

    @ParameterizedTest
    @EnumSource(ChecksumAlgorithm.class)
    void checksumHeaderMalformed(ChecksumAlgorithm alg) {
        for (String bad : new String[] {"%%%", "AAAA", Base64.getEncoder().encodeToString(new byte[40]), ""}) {
            assertThatThrownBy(() -> ingest(request("PUT", "b", "k").body(DATA).header(header(alg), bad)))
                    .isInstanceOfSatisfying(S3Exception.class, e -> {
                        assertThat(e.error()).isEqualTo(S3Error.INVALID_REQUEST);
                        assertThat(e.getMessage()).isEqualTo("Value for " + header(alg) + " header is invalid.");
                    });
        }
    }

    @ParameterizedTest
    @EnumSource(ChecksumAlgorithm.class)
    void sdkAlgorithmAloneIsComputed(ChecksumAlgorithm alg) throws Exception {
        var r = ingest(request("PUT", "b", "k").body(DATA).header("x-amz-sdk-checksum-algorithm", alg.name().toLowerCase()));
        assertThat(r.checksumAlgorithm()).isEqualTo(alg);
        assertThat(r.checksumBase64()).isEqualTo(expected(alg, DATA));
    }

    @ParameterizedTest
    @EnumSource(ChecksumAlgorithm.class)
    void trailerChecksumRightAndWrong(ChecksumAlgorithm alg) throws Exception {
        var r = ingest(request("PUT", "b", "k").body(DATA).awsChunked().header("x-amz-trailer", header(alg))
                .header("x-amz-sdk-checksum-algorithm", alg.name()).trailer(header(alg), expected(alg, DATA)));
        assertThat(r.checksumBase64()).isEqualTo(expected(alg, DATA));
        assertError(() -> ingest(request("PUT", "b", "k").body(DATA).awsChunked().header("x-amz-trailer", header(alg))
                .trailer(header(alg), expected(alg, "x".getBytes()))), S3Error.BAD_DIGEST);
        assertError(() -> ingest(request("PUT", "b", "k").body(DATA).awsChunked().header("x-amz-trailer", header(alg))
                .trailer(header(alg), "!!")), S3Error.INVALID_REQUEST);
    }

    @Test
    void unknownAlgorithmsAreInvalidRequest() {
        assertError(() -> ingest(request("PUT", "b", "k").body(DATA).header("x-amz-checksum-foo", "AAAAAA==")),
                S3Error.INVALID_REQUEST);
        assertError(() -> ingest(request("PUT", "b", "k").body(DATA).header("x-amz-sdk-checksum-algorithm", "FOO")),
                S3Error.INVALID_REQUEST);
        assertError(() -> ingest(request("PUT", "b", "k").body(DATA).header("x-amz-trailer", "x-amz-checksum-foo")),
                S3Error.INVALID_REQUEST);
        assertError(() -> ingest(request("PUT", "b", "k").body(DATA).header("x-amz-trailer", "x-amz-meta-foo")),
                S3Error.INVALID_REQUEST);
    }

    @Test
    void twoChecksumsAreInvalidRequest() throws Exception {
        assertError(() -> ingest(request("PUT", "b", "k").body(DATA)
                .header("x-amz-checksum-crc32", expected(ChecksumAlgorithm.CRC32, DATA))
                .header("x-amz-checksum-sha1", expected(ChecksumAlgorithm.SHA1, DATA))), S3Error.INVALID_REQUEST);
        assertError(() -> ingest(request("PUT", "b", "k").body(DATA)
                .header("x-amz-checksum-crc32", expected(ChecksumAlgorithm.CRC32, DATA))
                .header("x-amz-trailer", "x-amz-checksum-crc32c")), S3Error.INVALID_REQUEST);
        assertError(() -> ingest(request("PUT", "b", "k").body(DATA)
                .header("x-amz-checksum-crc32", expected(ChecksumAlgorithm.CRC32, DATA))
                .header("x-amz-sdk-checksum-algorithm", "SHA256")), S3Error.INVALID_REQUEST);
    }

    @Test
    void nonChecksumHeadersWithTheSamePrefixAreIgnored() {
        var r = ingest(request("PUT", "b", "k").body(DATA).header("x-amz-checksum-mode", "ENABLED")
                .header("x-amz-checksum-type", "FULL_OBJECT"));
        assertThat(r.checksumAlgorithm()).isNull();
    }

    @Test
    void lengthMismatchIsIncompleteBody() {
        assertError(() -> ingest(request("PUT", "b", "k").body(DATA).decodedLength(20)), S3Error.INCOMPLETE_BODY);
    }

    @Test
    void declaredLengthAboveLimitIsEntityTooLarge() {
        assertError(() -> PayloadIngest.ingest(request("PUT", "b", "k").body(DATA).build(), bb -> {}, 5),
                S3Error.ENTITY_TOO_LARGE);
        assertError(() -> PayloadIngest.ingest(request("PUT", "b", "k").body(new java.io.ByteArrayInputStream(DATA), -1)
                .build(), bb -> {}, 5), S3Error.ENTITY_TOO_LARGE);
    }

    @Test
    void unknownLengthIsAccepted() {
        var r = PayloadIngest.ingest(request("PUT", "b", "k").body(new java.io.ByteArrayInputStream(DATA), -1).build(),
                bb -> bb.position(bb.limit()));
        assertThat(r.size()).isEqualTo(9);
    }

    @Test
    void payloadErrorsSurfaceAsTheirS3Error() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new S3PayloadException(S3Error.SIGNATURE_DOES_NOT_MATCH, "bad chunk");
            }
        };
        assertError(() -> ingest(request("PUT", "b", "k").body(failing, 10)), S3Error.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void sinkFailurePropagates() {
        RuntimeException boom = new RuntimeException("disk");
        assertThatThrownBy(() -> PayloadIngest.ingest(request("PUT", "b", "k").body(DATA).build(), bb -> {
            throw boom;
        })).isSameAs(boom);
    }

    @Test
    void sinkSeesSegmentsOfAtMostTheBufferSize() {
        byte[] big = new byte[PayloadIngest.BUFFER_SIZE * 3 + 7];
        int[] max = {0};
        PayloadIngest.ingest(request("PUT", "b", "k").body(big).build(), (ByteBuffer bb) -> {
            max[0] = Math.max(max[0], bb.remaining());
            bb.position(bb.limit());
        });
        assertThat(max[0]).isLessThanOrEqualTo(PayloadIngest.BUFFER_SIZE);
    }

    static void assertError(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, S3Error error) {
        assertThatThrownBy(call).isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isEqualTo(error));
    }
}
