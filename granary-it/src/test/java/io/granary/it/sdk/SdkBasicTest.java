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
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The everyday S3 scenario through the AWS SDK for Java v2 (sync clients, both checksum modes). */
class SdkBasicTest {

    @RegisterExtension
    static final GranaryServerExtension granary = new GranaryServerExtension();

    static Stream<Arguments> clients() {
        return Stream.of(
                Arguments.of(Checksums.WHEN_SUPPORTED, SyncHttp.APACHE),
                Arguments.of(Checksums.WHEN_REQUIRED, SyncHttp.URL_CONNECTION));
    }

    private S3Client s3(Checksums c, SyncHttp h) {
        return granary.s3(c, h);
    }

    @Test
    void createBucketHeadAndListBuckets() {
        String bucket = GranaryServerExtension.bucketName("create");
        S3Expect.ok(granary, "CreateBucket", () -> granary.s3().createBucket(b -> b.bucket(bucket)));
        S3Expect.ok(granary, "HeadBucket", () -> granary.s3().headBucket(b -> b.bucket(bucket)));
        var names = granary.s3().listBuckets().buckets().stream().map(b -> b.name()).toList();
        assertThat(names).as("ListBuckets after creating %s", bucket).contains(bucket);
        var created = granary.s3().listBuckets().buckets().stream().filter(b -> b.name().equals(bucket)).findFirst();
        assertThat(created.orElseThrow().creationDate()).as("CreationDate").isNotNull();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("clients")
    void putAndGetSmallObject(Checksums c, SyncHttp h) {
        S3Client s3 = s3(c, h);
        String bucket = granary.createBucket("small");
        byte[] data = "Hello, Granary! \u00e9\u00e8 \n".repeat(7).getBytes(java.nio.charset.StandardCharsets.UTF_8);

        var put = S3Expect.ok(granary, "PutObject", () -> s3.putObject(b -> b.bucket(bucket).key("hello.txt")
                .contentType("text/plain; charset=utf-8"), RequestBody.fromBytes(data)));
        assertThat(put.eTag()).as("PutObject ETag = quoted MD5; %s", granary.recorder().describeLast())
                .isEqualTo(TestData.etagOf(data));

        ResponseBytes<GetObjectResponse> got = S3Expect.ok(granary, "GetObject",
                () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("hello.txt")));
        assertThat(got.asByteArray()).as("GetObject body").isEqualTo(data);
        assertThat(got.response().contentLength()).isEqualTo(data.length);
        assertThat(got.response().eTag()).isEqualTo(TestData.etagOf(data));
        assertThat(got.response().contentType()).isEqualTo("text/plain; charset=utf-8");
        assertThat(got.response().lastModified()).isNotNull();

        var head = s3.headObject(b -> b.bucket(bucket).key("hello.txt"));
        assertThat(head.contentLength()).isEqualTo(data.length);
        assertThat(head.eTag()).isEqualTo(TestData.etagOf(data));
        assertThat(head.contentType()).isEqualTo("text/plain; charset=utf-8");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("clients")
    void putAndGetEmptyObject(Checksums c, SyncHttp h) {
        S3Client s3 = s3(c, h);
        String bucket = granary.createBucket("empty");
        var put = S3Expect.ok(granary, "PutObject (0 bytes)",
                () -> s3.putObject(b -> b.bucket(bucket).key("empty"), RequestBody.empty()));
        assertThat(put.eTag()).isEqualTo("\"d41d8cd98f00b204e9800998ecf8427e\"");
        var got = S3Expect.ok(granary, "GetObject (0 bytes)",
                () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("empty")));
        assertThat(got.asByteArray()).isEmpty();
        assertThat(got.response().contentLength()).isZero();
        assertThat(s3.headObject(b -> b.bucket(bucket).key("empty")).contentLength()).isZero();
        var listed = s3.listObjectsV2(b -> b.bucket(bucket)).contents();
        assertThat(listed).extracting(S3Object::key, S3Object::size).containsExactly(
                org.assertj.core.groups.Tuple.tuple("empty", 0L));
    }

    /**
     * 20 MiB by hand: CreateMultipartUpload / UploadPart x3 (8+8+4 MiB) / CompleteMultipartUpload. With the default
     * client the parts carry CRC32 trailers, so (as Amazon S3 requires) the upload declares CRC32 up front and the
     * complete request lists each part's checksum.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("clients")
    void multipartUpload20MiB(Checksums c, SyncHttp h) {
        S3Client s3 = s3(c, h);
        boolean crc = c == Checksums.WHEN_SUPPORTED;
        String bucket = granary.createBucket("mpu");
        String key = "big/20mib.bin";
        byte[] data = TestData.bytes(20 * TestData.MIB, 20);
        List<byte[]> parts = List.of(Arrays.copyOfRange(data, 0, 8 * TestData.MIB),
                Arrays.copyOfRange(data, 8 * TestData.MIB, 16 * TestData.MIB),
                Arrays.copyOfRange(data, 16 * TestData.MIB, data.length));

        String uploadId = S3Expect.ok(granary, "CreateMultipartUpload", () -> s3.createMultipartUpload(b -> {
            b.bucket(bucket).key(key).contentType("application/x-test");
            if (crc) {
                b.checksumAlgorithm(ChecksumAlgorithm.CRC32);
            }
        })).uploadId();
        assertThat(uploadId).isNotBlank();

        List<CompletedPart> done = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            int n = i + 1;
            byte[] part = parts.get(i);
            UploadPartResponse r = S3Expect.ok(granary, "UploadPart " + n, () -> s3.uploadPart(b -> {
                b.bucket(bucket).key(key).uploadId(uploadId).partNumber(n);
                if (crc) {
                    b.checksumAlgorithm(ChecksumAlgorithm.CRC32);
                }
            }, RequestBody.fromBytes(part)));
            assertThat(r.eTag()).as("UploadPart %d ETag", n).isEqualTo(TestData.etagOf(part));
            if (crc) {
                assertThat(r.checksumCRC32()).as("UploadPart %d x-amz-checksum-crc32", n)
                        .isEqualTo(TestData.crc32Base64(part));
            }
            done.add(CompletedPart.builder().partNumber(n).eTag(r.eTag())
                    .checksumCRC32(crc ? r.checksumCRC32() : null).build());
        }
        var complete = S3Expect.ok(granary, "CompleteMultipartUpload", () -> s3.completeMultipartUpload(b -> b
                .bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(done))));
        assertThat(complete.eTag()).as("multipart ETag").isEqualTo(TestData.multipartEtag(parts));
        assertThat(complete.key()).isEqualTo(key);
        assertThat(complete.bucket()).isEqualTo(bucket);

        var head = s3.headObject(b -> b.bucket(bucket).key(key));
        assertThat(head.contentLength()).isEqualTo(data.length);
        assertThat(head.contentType()).isEqualTo("application/x-test");
        assertThat(head.eTag()).isEqualTo(TestData.multipartEtag(parts));
        byte[] got = S3Expect.ok(granary, "GetObject 20 MiB",
                () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
        assertThat(TestData.sha256Hex(got)).as("sha256 of downloaded object").isEqualTo(TestData.sha256Hex(data));
        assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).as("no upload left in progress")
                .isEmpty();
    }

    @Test
    void rangeGet() {
        S3Client s3 = granary.s3();
        String bucket = granary.createBucket("range");
        byte[] data = TestData.bytes(1000, 1);
        s3.putObject(b -> b.bucket(bucket).key("r"), RequestBody.fromBytes(data));
        var got = S3Expect.ok(granary, "GetObject Range bytes=100-199",
                () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("r").range("bytes=100-199")));
        assertThat(got.asByteArray()).isEqualTo(Arrays.copyOfRange(data, 100, 200));
        assertThat(got.response().contentRange()).isEqualTo("bytes 100-199/1000");
        assertThat(got.response().contentLength()).isEqualTo(100L);
        assertThat(got.response().eTag()).isEqualTo(TestData.etagOf(data));
        assertThat(got.response().acceptRanges()).isEqualTo("bytes");
    }

    @Test
    void listWithPaginationAndDelimiter() {
        S3Client s3 = granary.s3();
        String bucket = granary.createBucket("list");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            keys.add("top-%02d".formatted(i));
        }
        for (int i = 0; i < 5; i++) {
            keys.add("dir1/x-" + i);
            keys.add("dir2/sub/y-" + i);
        }
        for (String k : keys) {
            s3.putObject(b -> b.bucket(bucket).key(k), RequestBody.fromString("v:" + k));
        }
        List<String> sorted = keys.stream().sorted().toList();
        assertThat(sorted).hasSize(25);

        // ListObjectsV2, max-keys 10, by hand through every page
        List<String> seen = new ArrayList<>();
        String token = null;
        List<Integer> pageSizes = new ArrayList<>();
        List<Boolean> truncated = new ArrayList<>();
        do {
            String t = token;
            ListObjectsV2Response page = S3Expect.ok(granary, "ListObjectsV2 page",
                    () -> s3.listObjectsV2(b -> b.bucket(bucket).maxKeys(10).continuationToken(t)));
            page.contents().forEach(o -> seen.add(o.key()));
            pageSizes.add(page.contents().size());
            truncated.add(page.isTruncated());
            assertThat(page.keyCount()).isEqualTo(page.contents().size());
            assertThat(page.maxKeys()).isEqualTo(10);
            token = page.nextContinuationToken();
            if (page.isTruncated()) {
                assertThat(token).as("NextContinuationToken on a truncated page").isNotBlank();
            }
        } while (token != null && pageSizes.size() < 10);
        assertThat(pageSizes).containsExactly(10, 10, 5);
        assertThat(truncated).containsExactly(true, true, false);
        assertThat(seen).as("all keys, in UTF-8 binary order, exactly once").containsExactlyElementsOf(sorted);

        // delimiter: top-level keys + CommonPrefixes
        var top = s3.listObjectsV2(b -> b.bucket(bucket).delimiter("/"));
        assertThat(top.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("dir1/", "dir2/");
        assertThat(top.contents()).extracting(S3Object::key)
                .containsExactlyElementsOf(sorted.stream().filter(k -> k.startsWith("top-")).toList());
        assertThat(top.keyCount()).isEqualTo(17);

        // delimiter + max-keys: prefixes count towards max-keys; pages must cover everything once
        List<String> entries = new ArrayList<>();
        int pages = 0;
        String t2 = null;
        do {
            String t = t2;
            var page = s3.listObjectsV2(b -> b.bucket(bucket).delimiter("/").maxKeys(10).continuationToken(t));
            page.contents().forEach(o -> entries.add(o.key()));
            page.commonPrefixes().forEach(p -> entries.add(p.prefix()));
            assertThat(page.contents().size() + page.commonPrefixes().size()).isLessThanOrEqualTo(10);
            t2 = page.isTruncated() ? page.nextContinuationToken() : null;
            pages++;
        } while (t2 != null && pages < 10);
        assertThat(pages).isEqualTo(2);
        assertThat(entries).containsExactlyInAnyOrderElementsOf(
                Stream.concat(sorted.stream().filter(k -> k.startsWith("top-")), Stream.of("dir1/", "dir2/")).toList());

        // prefix + delimiter one level down
        var sub = s3.listObjectsV2(b -> b.bucket(bucket).prefix("dir2/").delimiter("/"));
        assertThat(sub.contents()).isEmpty();
        assertThat(sub.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("dir2/sub/");
        var leaf = s3.listObjectsV2(b -> b.bucket(bucket).prefix("dir2/sub/"));
        assertThat(leaf.contents()).extracting(S3Object::key).containsExactly(
                "dir2/sub/y-0", "dir2/sub/y-1", "dir2/sub/y-2", "dir2/sub/y-3", "dir2/sub/y-4");
        assertThat(leaf.contents()).allSatisfy(o -> {
            assertThat(o.size()).isEqualTo(("v:" + o.key()).length());
            assertThat(o.eTag()).isEqualTo(TestData.etagOf(("v:" + o.key()).getBytes()));
            assertThat(o.lastModified()).isNotNull();
        });

        // start-after
        var after = s3.listObjectsV2(b -> b.bucket(bucket).startAfter("top-12"));
        assertThat(after.contents()).extracting(S3Object::key).containsExactly("top-13", "top-14");

        // the SDK paginator agrees
        List<String> viaPaginator = s3.listObjectsV2Paginator(b -> b.bucket(bucket).maxKeys(7)).contents().stream()
                .map(S3Object::key).toList();
        assertThat(viaPaginator).containsExactlyElementsOf(sorted);
    }

    @Test
    void copyObject() {
        S3Client s3 = granary.s3();
        String bucket = granary.createBucket("copy");
        String other = granary.createBucket("copy-dst");
        byte[] data = TestData.bytes(100_000, 3);
        s3.putObject(b -> b.bucket(bucket).key("src/a.bin"), RequestBody.fromBytes(data));
        var copied = S3Expect.ok(granary, "CopyObject", () -> s3.copyObject(b -> b.sourceBucket(bucket)
                .sourceKey("src/a.bin").destinationBucket(other).destinationKey("dst/b.bin")));
        assertThat(copied.copyObjectResult().eTag()).isEqualTo(TestData.etagOf(data));
        assertThat(copied.copyObjectResult().lastModified()).isNotNull();
        assertThat(s3.getObjectAsBytes(b -> b.bucket(other).key("dst/b.bin")).asByteArray()).isEqualTo(data);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("src/a.bin")).asByteArray())
                .as("source untouched").isEqualTo(data);
    }

    @Test
    void deleteObject() {
        S3Client s3 = granary.s3();
        String bucket = granary.createBucket("delete");
        s3.putObject(b -> b.bucket(bucket).key("gone"), RequestBody.fromString("x"));
        S3Expect.ok(granary, "DeleteObject", () -> s3.deleteObject(b -> b.bucket(bucket).key("gone")));
        S3Expect.error(granary, 404, null, () -> s3.headObject(b -> b.bucket(bucket).key("gone")));
        S3Expect.error(granary, 404, "NoSuchKey", () -> s3.getObject(b -> b.bucket(bucket).key("gone")));
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
        // S3 answers 204 for a key that does not exist
        var again = S3Expect.ok(granary, "DeleteObject (missing key)",
                () -> s3.deleteObject(b -> b.bucket(bucket).key("never-existed")));
        assertThat(again.sdkHttpResponse().statusCode()).isEqualTo(204);
    }

    @Test
    void presignedGet() throws Exception {
        String bucket = granary.createBucket("presign-get");
        byte[] data = TestData.bytes(70_000, 4);
        granary.s3().putObject(b -> b.bucket(bucket).key("dir/file name.bin"), RequestBody.fromBytes(data));
        PresignedGetObjectRequest p = granary.presigner().presignGetObject(r -> r
                .signatureDuration(Duration.ofMinutes(10))
                .getObjectRequest(g -> g.bucket(bucket).key("dir/file name.bin")));
        HttpResponse<byte[]> resp = granary.http().send(HttpRequest.newBuilder(p.url().toURI()).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(resp.statusCode()).as("presigned GET %s -> %s", p.url(), new String(resp.body()))
                .isEqualTo(200);
        assertThat(resp.body()).isEqualTo(data);
        assertThat(resp.headers().firstValue("etag")).hasValue(TestData.etagOf(data));

        // tampering with the signed URL must be rejected
        URI tampered = URI.create(p.url().toString().replace("file%20name.bin", "other.bin"));
        HttpResponse<String> bad = granary.http().send(HttpRequest.newBuilder(tampered).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).as("tampered presigned URL %s -> %s", tampered, bad.body()).isEqualTo(403);
        assertThat(bad.body()).contains("<Code>SignatureDoesNotMatch</Code>");
    }

    @Test
    void expiredPresignedUrlIsAccessDenied() throws Exception {
        String bucket = granary.createBucket("presign-expired");
        granary.s3().putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("v"));
        PresignedGetObjectRequest p = granary.presigner().presignGetObject(r -> r
                .signatureDuration(Duration.ofSeconds(1))
                .getObjectRequest(g -> g.bucket(bucket).key("k")));
        Thread.sleep(2500);
        HttpResponse<String> resp = granary.http().send(HttpRequest.newBuilder(p.url().toURI()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(resp.statusCode()).as("expired presigned GET %s -> %s", p.url(), resp.body()).isEqualTo(403);
        assertThat(resp.body()).contains("<Code>AccessDenied</Code>").contains("expired");
    }

    @Test
    void presignedPut() throws Exception {
        String bucket = granary.createBucket("presign-put");
        byte[] data = TestData.bytes(123_457, 5);
        PresignedPutObjectRequest p = granary.presigner().presignPutObject(r -> r
                .signatureDuration(Duration.ofMinutes(10))
                .putObjectRequest(g -> g.bucket(bucket).key("up/loaded.bin")));
        HttpResponse<String> resp = granary.http().send(HttpRequest.newBuilder(p.url().toURI())
                .PUT(HttpRequest.BodyPublishers.ofByteArray(data)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(resp.statusCode()).as("presigned PUT %s -> %s", p.url(), resp.body()).isEqualTo(200);
        assertThat(resp.headers().firstValue("etag")).hasValue(TestData.etagOf(data));
        assertThat(granary.s3().getObjectAsBytes(b -> b.bucket(bucket).key("up/loaded.bin")).asByteArray())
                .isEqualTo(data);
    }
}
