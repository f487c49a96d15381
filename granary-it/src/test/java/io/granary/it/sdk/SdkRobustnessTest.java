package io.granary.it.sdk;

import io.granary.it.support.GranaryServerExtension;
import io.granary.it.support.RawHttp;
import io.granary.it.support.S3Expect;
import io.granary.it.support.SignedHttp;
import io.granary.it.support.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Concurrency, overwrite, limits and aborted uploads. */
class SdkRobustnessTest {

    @RegisterExtension
    static final GranaryServerExtension granary = new GranaryServerExtension();

    @Test
    void manyConcurrentUploadsAndDownloads() {
        S3AsyncClient async = granary.async();
        String bucket = granary.createBucket("concurrent");
        int n = 48;
        List<CompletableFuture<?>> puts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            puts.add(async.putObject(b -> b.bucket(bucket).key("obj-" + k),
                    AsyncRequestBody.fromBytes(TestData.bytes(100_000 + k * 1000, k))));
        }
        S3Expect.ok(granary, n + " concurrent PutObject", () -> CompletableFuture.allOf(
                puts.toArray(CompletableFuture[]::new)).join());
        List<CompletableFuture<byte[]>> gets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            gets.add(async.getObject(b -> b.bucket(bucket).key("obj-" + k), AsyncResponseTransformer.toBytes())
                    .thenApply(r -> r.asByteArray()));
        }
        for (int i = 0; i < n; i++) {
            int k = i;
            byte[] got = S3Expect.ok(granary, "concurrent GetObject " + k, () -> gets.get(k).join());
            assertThat(got).as("obj-%d", k).isEqualTo(TestData.bytes(100_000 + k * 1000, k));
        }
        assertThat(granary.s3().listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().count())
                .isEqualTo(n);
    }

    @Test
    void concurrentOverwritesOfOneKeyLeaveOneCompleteVersion() {
        S3AsyncClient async = granary.async();
        String bucket = granary.createBucket("overwrite-race");
        List<byte[]> versions = new ArrayList<>();
        List<CompletableFuture<?>> puts = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            byte[] v = TestData.bytes(300_000 + i, 100 + i);
            versions.add(v);
            puts.add(async.putObject(b -> b.bucket(bucket).key("same"), AsyncRequestBody.fromBytes(v)));
        }
        // readers racing with the writers must always see one complete version (or no object yet)
        List<CompletableFuture<byte[]>> reads = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            reads.add(async.getObject(b -> b.bucket(bucket).key("same"), AsyncResponseTransformer.toBytes())
                    .thenApply(r -> r.asByteArray()).exceptionally(t -> null));
        }
        CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).join();
        for (CompletableFuture<byte[]> r : reads) {
            byte[] seen = r.join();
            if (seen != null) {
                assertThat(versions).as("a concurrent reader saw a torn or unknown object of %d bytes", seen.length)
                        .anySatisfy(v -> assertThat(v).isEqualTo(seen));
            }
        }
        byte[] last = granary.s3().getObjectAsBytes(b -> b.bucket(bucket).key("same")).asByteArray();
        assertThat(versions).anySatisfy(v -> assertThat(v).isEqualTo(last));
        var head = granary.s3().headObject(b -> b.bucket(bucket).key("same"));
        assertThat(head.contentLength()).isEqualTo(last.length);
        assertThat(head.eTag()).isEqualTo(TestData.etagOf(last));
    }

    @Test
    void overwriteReplacesDataAndMetadata() {
        S3Client s3 = granary.s3();
        String bucket = granary.createBucket("overwrite");
        s3.putObject(b -> b.bucket(bucket).key("k").contentType("text/a").metadata(java.util.Map.of("v", "1")),
                RequestBody.fromBytes(TestData.bytes(5000, 1)));
        byte[] second = TestData.bytes(10, 2);
        s3.putObject(b -> b.bucket(bucket).key("k").contentType("text/b"), RequestBody.fromBytes(second));
        var head = s3.headObject(b -> b.bucket(bucket).key("k"));
        assertThat(head.contentLength()).isEqualTo(10L);
        assertThat(head.contentType()).isEqualTo("text/b");
        assertThat(head.metadata()).as("old metadata must not survive an overwrite").isEmpty();
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asByteArray()).isEqualTo(second);
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(S3Object::size)
                .containsExactly(10L);
    }

    @Test
    void deleteObjectsAcceptsAtMost1000Keys() {
        S3Client s3 = granary.s3();
        String bucket = granary.createBucket("delete-limit");
        List<ObjectIdentifier> ids = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            ids.add(ObjectIdentifier.builder().key("k" + i).build());
        }
        S3Expect.error(granary, 400, "MalformedXML", () -> s3.deleteObjects(b -> b.bucket(bucket)
                .delete(d -> d.objects(ids))));
        var ok = S3Expect.ok(granary, "DeleteObjects with 1000 keys", () -> s3.deleteObjects(b -> b.bucket(bucket)
                .delete(d -> d.objects(ids.subList(0, 1000)))));
        assertThat(ok.deleted()).hasSize(1000);
    }

    @Test
    void rangeAcrossMultipartPartBoundary() {
        S3Client s3 = granary.s3WhenRequired();
        String bucket = granary.createBucket("mp-range");
        byte[] p1 = TestData.bytes(5 * TestData.MIB, 1);
        byte[] p2 = TestData.bytes(3 * TestData.MIB, 2);
        String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("k")).uploadId();
        String e1 = s3.uploadPart(b -> b.bucket(bucket).key("k").uploadId(id).partNumber(1),
                RequestBody.fromBytes(p1)).eTag();
        String e2 = s3.uploadPart(b -> b.bucket(bucket).key("k").uploadId(id).partNumber(2),
                RequestBody.fromBytes(p2)).eTag();
        s3.completeMultipartUpload(b -> b.bucket(bucket).key("k").uploadId(id).multipartUpload(m -> m.parts(
                CompletedPart.builder().partNumber(1).eTag(e1).build(),
                CompletedPart.builder().partNumber(2).eTag(e2).build())));
        byte[] all = new byte[p1.length + p2.length];
        System.arraycopy(p1, 0, all, 0, p1.length);
        System.arraycopy(p2, 0, all, p1.length, p2.length);
        long from = p1.length - 1000;
        long to = p1.length + 999;
        var r = S3Expect.ok(granary, "Range across parts", () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")
                .range("bytes=" + from + "-" + to)));
        assertThat(r.asByteArray()).isEqualTo(Arrays.copyOfRange(all, (int) from, (int) to + 1));
        assertThat(r.response().contentRange()).isEqualTo("bytes " + from + "-" + to + "/" + all.length);
        assertThat(TestData.sha256Hex(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asByteArray()))
                .isEqualTo(TestData.sha256Hex(all));
        // CopyObject of a multipart object gives the same bytes
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("k").destinationBucket(bucket).destinationKey("k2"));
        assertThat(TestData.sha256Hex(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k2")).asByteArray()))
                .isEqualTo(TestData.sha256Hex(all));
    }

    @Test
    void uploadCutShortIsNotStored() throws Exception {
        String bucket = granary.createBucket("cut-short");
        byte[] body = TestData.bytes(2 * TestData.MIB, 9);
        RawHttp.Response r = new SignedHttp(granary).truncateAfter(TestData.MIB).send("PUT", "/" + bucket + "/cut",
                body);
        if (r != null) {
            assertThat(r.status()).as("response to a body cut short: %s", r).isGreaterThanOrEqualTo(400);
        }
        Thread.sleep(200);
        S3Expect.error(granary, 404, null, () -> granary.s3().headObject(b -> b.bucket(bucket).key("cut")));
        // and an existing object is left alone
        byte[] old = "previous".getBytes();
        granary.s3().putObject(b -> b.bucket(bucket).key("cut"), RequestBody.fromBytes(old));
        new SignedHttp(granary).truncateAfter(1000).send("PUT", "/" + bucket + "/cut", body);
        Thread.sleep(200);
        assertThat(granary.s3().getObjectAsBytes(b -> b.bucket(bucket).key("cut")).asByteArray()).isEqualTo(old);
        // the server is still healthy
        assertThat(granary.s3().listObjectsV2(b -> b.bucket(bucket)).contents()).hasSize(1);
    }
}
