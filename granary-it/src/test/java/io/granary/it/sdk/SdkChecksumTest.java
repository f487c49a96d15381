package io.granary.it.sdk;

import io.granary.it.support.GranaryServerExtension;
import io.granary.it.support.GranaryServerExtension.Checksums;
import io.granary.it.support.GranaryServerExtension.SyncHttp;
import io.granary.it.support.S3Expect;
import io.granary.it.support.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upload integrity: the SDK's default CRC32 trailers (aws-chunked), WHEN_REQUIRED plain bodies, every
 * x-amz-checksum-* algorithm, Content-MD5, for sync and async (Netty) clients.
 */
class SdkChecksumTest {

    @RegisterExtension
    static final GranaryServerExtension granary = new GranaryServerExtension();

    static String bucket;

    private static synchronized String bucket() {
        if (bucket == null) {
            bucket = granary.createBucket("checksums");
        }
        return bucket;
    }

    enum Api { SYNC, ASYNC }

    static Stream<Arguments> modes() {
        List<Arguments> out = new ArrayList<>();
        for (Api api : Api.values()) {
            for (Checksums c : Checksums.values()) {
                for (int size : new int[] {1, 3_000, 1_100_000}) {
                    out.add(Arguments.of(api, c, size));
                }
            }
        }
        return out.stream();
    }

    private PutObjectResponse put(Api api, Checksums c, String key, byte[] data,
                                  Function<software.amazon.awssdk.services.s3.model.PutObjectRequest.Builder,
                                          software.amazon.awssdk.services.s3.model.PutObjectRequest.Builder> extra) {
        var req = extra.apply(software.amazon.awssdk.services.s3.model.PutObjectRequest.builder()
                .bucket(bucket()).key(key)).build();
        return S3Expect.ok(granary, "PutObject " + api + " " + c, () -> api == Api.SYNC
                ? granary.s3(c, SyncHttp.APACHE).putObject(req, RequestBody.fromBytes(data))
                : granary.async(c).putObject(req, AsyncRequestBody.fromBytes(data)).join());
    }

    private record Got(GetObjectResponse response, byte[] body) {
    }

    private Got get(Api api, Checksums c, String key, boolean checksumMode) {
        var req = software.amazon.awssdk.services.s3.model.GetObjectRequest.builder().bucket(bucket()).key(key)
                .checksumMode(checksumMode ? ChecksumMode.ENABLED : null).build();
        return S3Expect.ok(granary, "GetObject " + api + " " + c, () -> {
            if (api == Api.SYNC) {
                var rb = granary.s3(c, SyncHttp.APACHE).getObjectAsBytes(req);
                return new Got(rb.response(), rb.asByteArray());
            }
            var rb = granary.async(c).getObject(req, AsyncResponseTransformer.toBytes()).join();
            return new Got(rb.response(), rb.asByteArray());
        });
    }

    /** Both checksum modes x sync/async: the bytes survive, the ETag is the MD5, default mode stores CRC32. */
    @ParameterizedTest(name = "{0} {1} {2} bytes")
    @MethodSource("modes")
    void putThenGetWithValidation(Api api, Checksums c, int size) {
        byte[] data = TestData.bytes(size, size);
        String key = "modes/" + api + "-" + c + "-" + size;
        PutObjectResponse put = put(api, c, key, data, b -> b);
        String putRequest = granary.recorder().describeLast();
        System.out.println("[wire] " + api + " " + c + " " + size + ": " + putRequest);
        assertThat(put.eTag()).as("ETag; %s", putRequest).isEqualTo(TestData.etagOf(data));
        if (c == Checksums.WHEN_SUPPORTED) {
            assertThat(put.checksumCRC32()).as("x-amz-checksum-crc32 in the PutObject response; %s", putRequest)
                    .isEqualTo(TestData.crc32Base64(data));
        }
        // WHEN_SUPPORTED validates the response checksum; WHEN_REQUIRED with checksum mode must too
        Got got = get(api, c, key, true);
        assertThat(got.body()).as("body").isEqualTo(data);
        if (c == Checksums.WHEN_SUPPORTED) {
            assertThat(got.response().checksumCRC32()).as("GetObject x-amz-checksum-crc32; %s",
                    granary.recorder().describeLast()).isEqualTo(TestData.crc32Base64(data));
        }
        Got plain = get(api, c, key, false);
        assertThat(plain.body()).isEqualTo(data);
    }

    static Stream<Arguments> algorithms() {
        List<Arguments> out = new ArrayList<>();
        for (Api api : Api.values()) {
            for (ChecksumAlgorithm a : List.of(ChecksumAlgorithm.CRC32, ChecksumAlgorithm.CRC32_C,
                    ChecksumAlgorithm.SHA1, ChecksumAlgorithm.SHA256, ChecksumAlgorithm.CRC64_NVME)) {
                out.add(Arguments.of(api, a));
            }
        }
        return out.stream();
    }

    private static String expected(ChecksumAlgorithm a, byte[] data) {
        return switch (a) {
            case CRC32 -> TestData.crc32Base64(data);
            case CRC32_C -> TestData.crc32cBase64(data);
            case SHA1 -> TestData.sha1Base64(data);
            case SHA256 -> TestData.sha256Base64(data);
            case CRC64_NVME -> TestData.crc64nvmeBase64(data);
            default -> throw new IllegalArgumentException(a.toString());
        };
    }

    private static String of(ChecksumAlgorithm a, PutObjectResponse r) {
        return switch (a) {
            case CRC32 -> r.checksumCRC32();
            case CRC32_C -> r.checksumCRC32C();
            case SHA1 -> r.checksumSHA1();
            case SHA256 -> r.checksumSHA256();
            case CRC64_NVME -> r.checksumCRC64NVME();
            default -> null;
        };
    }

    private static String of(ChecksumAlgorithm a, GetObjectResponse r) {
        return switch (a) {
            case CRC32 -> r.checksumCRC32();
            case CRC32_C -> r.checksumCRC32C();
            case SHA1 -> r.checksumSHA1();
            case SHA256 -> r.checksumSHA256();
            case CRC64_NVME -> r.checksumCRC64NVME();
            default -> null;
        };
    }

    private static String of(ChecksumAlgorithm a, HeadObjectResponse r) {
        return switch (a) {
            case CRC32 -> r.checksumCRC32();
            case CRC32_C -> r.checksumCRC32C();
            case SHA1 -> r.checksumSHA1();
            case SHA256 -> r.checksumSHA256();
            case CRC64_NVME -> r.checksumCRC64NVME();
            default -> null;
        };
    }

    /** x-amz-checksum-algorithm X: the SDK sends the checksum as a trailer; S3 stores and returns it. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("algorithms")
    void everyAlgorithmRoundTrips(Api api, ChecksumAlgorithm a) {
        byte[] data = TestData.bytes(200_000, a.ordinal());
        String key = "algo/" + api + "/" + a;
        PutObjectResponse put = put(api, Checksums.WHEN_SUPPORTED, key, data, b -> b.checksumAlgorithm(a));
        String putRequest = granary.recorder().describeLast();
        assertThat(of(a, put)).as("PutObject response checksum for %s; %s", a, putRequest)
                .isEqualTo(expected(a, data));
        Got got = get(api, Checksums.WHEN_SUPPORTED, key, true);
        assertThat(got.body()).isEqualTo(data);
        assertThat(of(a, got.response())).as("GetObject checksum %s with x-amz-checksum-mode ENABLED; %s", a,
                granary.recorder().describeLast()).isEqualTo(expected(a, data));
        var head = S3Expect.ok(granary, "HeadObject checksum mode", () -> granary.s3().headObject(b -> b
                .bucket(bucket()).key(key).checksumMode(ChecksumMode.ENABLED)));
        assertThat(of(a, head)).as("HeadObject checksum %s; %s", a, granary.recorder().describeLast())
                .isEqualTo(expected(a, data));
    }

    /** A checksum given up front travels as a plain x-amz-checksum-* header (no trailer). */
    @ParameterizedTest
    @EnumSource(value = ChecksumAlgorithm.class, names = {"CRC32", "CRC32_C", "SHA1", "SHA256", "CRC64_NVME"})
    void precomputedChecksumHeaderAccepted(ChecksumAlgorithm a) {
        byte[] data = TestData.bytes(5_000, 77 + a.ordinal());
        String key = "precomputed/" + a;
        String value = expected(a, data);
        PutObjectResponse put = put(Api.SYNC, Checksums.WHEN_REQUIRED, key, data, b -> switch (a) {
            case CRC32 -> b.checksumCRC32(value);
            case CRC32_C -> b.checksumCRC32C(value);
            case SHA1 -> b.checksumSHA1(value);
            case SHA256 -> b.checksumSHA256(value);
            default -> b.checksumCRC64NVME(value);
        });
        assertThat(of(a, put)).as("%s", granary.recorder().describeLast()).isEqualTo(value);
        assertThat(get(Api.SYNC, Checksums.WHEN_REQUIRED, key, true).body()).isEqualTo(data);
    }

    /** A wrong x-amz-checksum-* header: 400 BadDigest and nothing stored. */
    @ParameterizedTest
    @EnumSource(value = ChecksumAlgorithm.class, names = {"CRC32", "SHA256"})
    void wrongChecksumHeaderIsBadDigest(ChecksumAlgorithm a) {
        byte[] data = TestData.bytes(5_000, 9);
        byte[] other = TestData.bytes(5_000, 10);
        String key = "wrong-checksum/" + a;
        S3Client s3 = granary.s3WhenRequired();
        var req = software.amazon.awssdk.services.s3.model.PutObjectRequest.builder().bucket(bucket()).key(key);
        if (a == ChecksumAlgorithm.CRC32) {
            req.checksumCRC32(TestData.crc32Base64(other));
        } else {
            req.checksumSHA256(TestData.sha256Base64(other));
        }
        S3Expect.error(granary, 400, "BadDigest", () -> s3.putObject(req.build(), RequestBody.fromBytes(data)));
        S3Expect.error(granary, 404, null, () -> s3.headObject(b -> b.bucket(bucket()).key(key)));
    }

    static Stream<Arguments> md5Clients() {
        return Stream.of(Arguments.of(Checksums.WHEN_SUPPORTED), Arguments.of(Checksums.WHEN_REQUIRED));
    }

    @ParameterizedTest
    @MethodSource("md5Clients")
    void wrongContentMd5IsBadDigestAndNothingIsWritten(Checksums c) {
        S3Client s3 = granary.s3(c, SyncHttp.APACHE);
        byte[] data = TestData.bytes(10_000, 11);
        String key = "md5/wrong-" + c;
        S3Expect.error(granary, 400, "BadDigest", () -> s3.putObject(b -> b.bucket(bucket()).key(key)
                .contentMD5(TestData.md5Base64("something else".getBytes())), RequestBody.fromBytes(data)));
        S3Expect.error(granary, 404, null, () -> s3.headObject(b -> b.bucket(bucket()).key(key)));

        // an existing object is not replaced either
        s3.putObject(b -> b.bucket(bucket()).key(key + "-existing"), RequestBody.fromString("original"));
        S3Expect.error(granary, 400, "BadDigest", () -> s3.putObject(b -> b.bucket(bucket()).key(key + "-existing")
                .contentMD5(TestData.md5Base64("nope".getBytes())), RequestBody.fromBytes(data)));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket()).key(key + "-existing")).asUtf8String())
                .isEqualTo("original");

        // the right Content-MD5 is accepted
        S3Expect.ok(granary, "PutObject with correct Content-MD5", () -> s3.putObject(b -> b.bucket(bucket())
                .key(key + "-right").contentMD5(TestData.md5Base64(data)), RequestBody.fromBytes(data)));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket()).key(key + "-right")).asByteArray()).isEqualTo(data);
    }

    @Test
    void malformedContentMd5IsInvalidDigest() {
        S3Client s3 = granary.s3WhenRequired();
        S3Expect.error(granary, 400, "InvalidDigest", () -> s3.putObject(b -> b.bucket(bucket()).key("md5/bad")
                .contentMD5("not-base64-md5"), RequestBody.fromString("x")));
    }

    /** Async streaming upload of unknown length goes through the trailer path in several chunks. */
    @Test
    void asyncStreamingUploadOfManyChunks() {
        byte[] data = TestData.bytes(3 * TestData.MIB + 17, 12);
        S3AsyncClient async = granary.async();
        List<java.nio.ByteBuffer> pieces = new ArrayList<>();
        for (int off = 0; off < data.length; off += 64 * 1024) {
            pieces.add(java.nio.ByteBuffer.wrap(data, off, Math.min(64 * 1024, data.length - off)));
        }
        var body = AsyncRequestBody.fromPublisher(reactor(pieces));
        var put = S3Expect.ok(granary, "async PutObject with content-length and streamed body", () -> async
                .putObject(b -> b.bucket(bucket()).key("async/stream").contentLength((long) data.length), body)
                .join());
        assertThat(put.eTag()).isEqualTo(TestData.etagOf(data));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var r = async.getObject(b -> b.bucket(bucket()).key("async/stream"), AsyncResponseTransformer.toBytes())
                .join();
        out.writeBytes(r.asByteArray());
        assertThat(TestData.sha256Hex(out.toByteArray())).isEqualTo(TestData.sha256Hex(data));
    }

    private static org.reactivestreams.Publisher<java.nio.ByteBuffer> reactor(List<java.nio.ByteBuffer> items) {
        return subscriber -> subscriber.onSubscribe(new org.reactivestreams.Subscription() {
            int next;
            boolean done;

            @Override
            public synchronized void request(long n) {
                for (long i = 0; i < n && !done; i++) {
                    if (next < items.size()) {
                        subscriber.onNext(items.get(next++).duplicate());
                    }
                    if (next == items.size()) {
                        done = true;
                        subscriber.onComplete();
                    }
                }
            }

            @Override
            public void cancel() {
                done = true;
            }
        });
    }

    /** Multipart with CRC32 per part: S3 reports a composite checksum "base64(crc32(part crc32s))-N". */
    @Test
    void multipartCompositeCrc32() {
        S3Client s3 = granary.s3();
        String key = "mpu/composite";
        byte[] p1 = TestData.bytes(5 * TestData.MIB, 21);
        byte[] p2 = TestData.bytes(1000, 22);
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket()).key(key)
                .checksumAlgorithm(ChecksumAlgorithm.CRC32)).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        int n = 1;
        for (byte[] p : List.of(p1, p2)) {
            int pn = n++;
            var r = S3Expect.ok(granary, "UploadPart CRC32", () -> s3.uploadPart(b -> b.bucket(bucket()).key(key)
                    .uploadId(uploadId).partNumber(pn).checksumAlgorithm(ChecksumAlgorithm.CRC32),
                    RequestBody.fromBytes(p)));
            assertThat(r.checksumCRC32()).isEqualTo(TestData.crc32Base64(p));
            parts.add(CompletedPart.builder().partNumber(pn).eTag(r.eTag()).checksumCRC32(r.checksumCRC32()).build());
        }
        var done = S3Expect.ok(granary, "CompleteMultipartUpload", () -> s3.completeMultipartUpload(b -> b
                .bucket(bucket()).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts))));
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.writeBytes(TestData.crc32Raw(p1));
        raw.writeBytes(TestData.crc32Raw(p2));
        assertThat(done.checksumCRC32()).as("composite checksum; %s", granary.recorder().describeLast())
                .isEqualTo(TestData.crc32Base64(raw.toByteArray()) + "-2");
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(p1);
        all.writeBytes(p2);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket()).key(key)).asByteArray())
                .isEqualTo(all.toByteArray());
    }
}
