package io.granary.it.sdk;

import io.granary.it.support.GranaryServerExtension;
import io.granary.it.support.GranaryServerExtension.Checksums;
import io.granary.it.support.GranaryServerExtension.SyncHttp;
import io.granary.it.support.S3Expect;
import io.granary.it.support.TamperingHttp;
import io.granary.it.support.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies corrupted on the wire after the SDK signed them / computed their checksums. Whatever the payload mode,
 * the server must refuse the upload and keep the previous state (no object, or the old object intact):
 * signed aws-chunked (sync) -> 403 SignatureDoesNotMatch; unsigned aws-chunked with a CRC32 trailer (async) ->
 * 400 BadDigest; UNSIGNED-PAYLOAD with Content-MD5 -> 400 BadDigest.
 */
class SdkIntegrityTest {

    @RegisterExtension
    static final GranaryServerExtension granary = new GranaryServerExtension();

    static final byte[] MARK = "<<GRANARY-MARKER-0>>".getBytes(StandardCharsets.US_ASCII);
    static final byte[] FLIP = "<<GRANARY-MARKER-1>>".getBytes(StandardCharsets.US_ASCII);
    static final List<AutoCloseable> OWNED = new ArrayList<>();

    @AfterAll
    static void closeClients() throws Exception {
        for (AutoCloseable c : OWNED) {
            c.close();
        }
    }

    static byte[] payload(int seed) {
        byte[] data = TestData.bytes(200_000, seed);
        System.arraycopy(MARK, 0, data, 100_000, MARK.length);
        return data;
    }

    static S3Client tamperingSync(Checksums c, byte[] from, byte[] to) {
        S3Client s3 = granary.s3Builder(c)
                .httpClient(TamperingHttp.sync(GranaryServerExtension.syncHttpClient(SyncHttp.APACHE), from, to))
                .build();
        OWNED.add(s3);
        return s3;
    }

    static S3AsyncClient tamperingAsync(Checksums c, byte[] from, byte[] to) {
        S3AsyncClient s3 = granary.asyncBuilder(c)
                .httpClient(TamperingHttp.async(GranaryServerExtension.asyncHttpClient(), from, to)).build();
        OWNED.add(s3);
        return s3;
    }

    private void assertNothingStored(String bucket, String key, byte[] previous) {
        if (previous == null) {
            S3Expect.error(granary, 404, null, () -> granary.s3().headObject(b -> b.bucket(bucket).key(key)));
        } else {
            assertThat(granary.s3().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray())
                    .as("previous version of %s must be intact", key).isEqualTo(previous);
        }
    }

    @Test
    void tamperedSignedChunkIsSignatureDoesNotMatch() {
        String bucket = granary.createBucket("tamper-signed");
        for (Checksums c : Checksums.values()) {
            S3Client s3 = tamperingSync(c, MARK, FLIP);
            String key = "signed-chunks-" + c;
            S3Expect.error(granary, 403, "SignatureDoesNotMatch",
                    () -> s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(payload(1))));
            assertNothingStored(bucket, key, null);
            // an existing object survives a refused overwrite
            byte[] old = "old".getBytes();
            granary.s3().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(old));
            S3Expect.error(granary, 403, "SignatureDoesNotMatch",
                    () -> s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(payload(2))));
            assertNothingStored(bucket, key, old);
        }
    }

    @Test
    void tamperedDataUnderCrc32TrailerIsBadDigest() {
        String bucket = granary.createBucket("tamper-trailer");
        S3AsyncClient s3 = tamperingAsync(Checksums.WHEN_SUPPORTED, MARK, FLIP);
        S3Expect.error(granary, 400, "BadDigest", () -> s3.putObject(b -> b.bucket(bucket).key("k"),
                AsyncRequestBody.fromBytes(payload(3))).join());
        assertNothingStored(bucket, "k", null);
    }

    @Test
    void wrongCrc32TrailerValueIsBadDigest() {
        String bucket = granary.createBucket("tamper-trailer-value");
        byte[] data = payload(4);
        String good = TestData.crc32Base64(data);
        String bad = TestData.crc32Base64("something else".getBytes());
        S3AsyncClient s3 = tamperingAsync(Checksums.WHEN_SUPPORTED,
                ("x-amz-checksum-crc32:" + good).getBytes(StandardCharsets.US_ASCII),
                ("x-amz-checksum-crc32:" + bad).getBytes(StandardCharsets.US_ASCII));
        S3Expect.error(granary, 400, "BadDigest", () -> s3.putObject(b -> b.bucket(bucket).key("k"),
                AsyncRequestBody.fromBytes(data)).join());
        assertNothingStored(bucket, "k", null);
        // the same upload untampered is accepted
        granary.async().putObject(b -> b.bucket(bucket).key("k"), AsyncRequestBody.fromBytes(data)).join();
        assertNothingStored(bucket, "k", data);
    }

    @Test
    void tamperedUnsignedPayloadWithContentMd5IsBadDigest() {
        String bucket = granary.createBucket("tamper-md5");
        byte[] data = payload(5);
        S3AsyncClient s3 = tamperingAsync(Checksums.WHEN_REQUIRED, MARK, FLIP);
        S3Expect.error(granary, 400, "BadDigest", () -> s3.putObject(b -> b.bucket(bucket).key("k")
                .contentMD5(TestData.md5Base64(data)), AsyncRequestBody.fromBytes(data)).join());
        assertNothingStored(bucket, "k", null);
    }

    @Test
    void tamperedUploadPartIsRejected() {
        String bucket = granary.createBucket("tamper-part");
        S3AsyncClient s3 = tamperingAsync(Checksums.WHEN_SUPPORTED, MARK, FLIP);
        String id = granary.s3().createMultipartUpload(b -> b.bucket(bucket).key("mp")
                .checksumAlgorithm(software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.CRC32)).uploadId();
        S3Expect.error(granary, 400, "BadDigest", () -> s3.uploadPart(b -> b.bucket(bucket).key("mp").uploadId(id)
                .partNumber(1).checksumAlgorithm(software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.CRC32),
                AsyncRequestBody.fromBytes(payload(6))).join());
        assertThat(granary.s3().listParts(b -> b.bucket(bucket).key("mp").uploadId(id)).parts())
                .as("a refused part is not listed").isEmpty();
    }
}
