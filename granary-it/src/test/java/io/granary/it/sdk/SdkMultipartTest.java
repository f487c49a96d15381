package io.granary.it.sdk;

import io.granary.it.support.GranaryServerExtension;
import io.granary.it.support.S3Expect;
import io.granary.it.support.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Part;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Multipart upload semantics. Uses the WHEN_REQUIRED client so that part checksums stay out of the way. */
class SdkMultipartTest {

    @RegisterExtension
    static final GranaryServerExtension granary = new GranaryServerExtension();

    static final int FIVE_MIB = 5 * TestData.MIB;

    private static S3Client s3() {
        return granary.s3WhenRequired();
    }

    private static String start(String bucket, String key) {
        return S3Expect.ok(granary, "CreateMultipartUpload " + key,
                () -> s3().createMultipartUpload(b -> b.bucket(bucket).key(key))).uploadId();
    }

    private static CompletedPart upload(String bucket, String key, String uploadId, int n, byte[] data) {
        var r = S3Expect.ok(granary, "UploadPart " + n, () -> s3().uploadPart(b -> b.bucket(bucket).key(key)
                .uploadId(uploadId).partNumber(n), RequestBody.fromBytes(data)));
        assertThat(r.eTag()).isEqualTo(TestData.etagOf(data));
        return CompletedPart.builder().partNumber(n).eTag(r.eTag()).build();
    }

    @Test
    void listPartsAndListMultipartUploads() {
        String bucket = granary.createBucket("list-parts");
        byte[] p1 = TestData.bytes(FIVE_MIB, 1);
        byte[] p2 = TestData.bytes(1024, 2);
        String id = start(bucket, "dir/obj");
        String other = start(bucket, "else/obj2");
        upload(bucket, "dir/obj", id, 1, p1);
        upload(bucket, "dir/obj", id, 2, p2);

        var parts = S3Expect.ok(granary, "ListParts",
                () -> s3().listParts(b -> b.bucket(bucket).key("dir/obj").uploadId(id)));
        assertThat(parts.parts()).extracting(Part::partNumber).containsExactly(1, 2);
        assertThat(parts.parts()).extracting(Part::size).containsExactly((long) p1.length, (long) p2.length);
        assertThat(parts.parts()).extracting(Part::eTag).containsExactly(TestData.etagOf(p1), TestData.etagOf(p2));
        assertThat(parts.parts()).allSatisfy(p -> assertThat(p.lastModified()).isNotNull());
        assertThat(parts.uploadId()).isEqualTo(id);
        assertThat(parts.key()).isEqualTo("dir/obj");
        assertThat(parts.isTruncated()).isFalse();

        var page1 = s3().listParts(b -> b.bucket(bucket).key("dir/obj").uploadId(id).maxParts(1));
        assertThat(page1.parts()).extracting(Part::partNumber).containsExactly(1);
        assertThat(page1.isTruncated()).isTrue();
        assertThat(page1.nextPartNumberMarker()).isEqualTo(1);
        var page2 = s3().listParts(b -> b.bucket(bucket).key("dir/obj").uploadId(id).maxParts(1)
                .partNumberMarker(page1.nextPartNumberMarker()));
        assertThat(page2.parts()).extracting(Part::partNumber).containsExactly(2);
        assertThat(page2.isTruncated()).isFalse();

        var uploads = S3Expect.ok(granary, "ListMultipartUploads",
                () -> s3().listMultipartUploads(b -> b.bucket(bucket)));
        assertThat(uploads.uploads()).extracting(MultipartUpload::key, MultipartUpload::uploadId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("dir/obj", id),
                        org.assertj.core.groups.Tuple.tuple("else/obj2", other));
        assertThat(uploads.uploads()).allSatisfy(u -> assertThat(u.initiated()).isNotNull());
        var prefixed = s3().listMultipartUploads(b -> b.bucket(bucket).prefix("else/"));
        assertThat(prefixed.uploads()).extracting(MultipartUpload::uploadId).containsExactly(other);
        var delimited = s3().listMultipartUploads(b -> b.bucket(bucket).delimiter("/"));
        assertThat(delimited.uploads()).isEmpty();
        assertThat(delimited.commonPrefixes()).extracting(p -> p.prefix()).containsExactly("dir/", "else/");

        // an in-progress upload is not an object
        assertThat(s3().listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
        S3Expect.error(granary, 404, "NoSuchKey", () -> s3().getObject(b -> b.bucket(bucket).key("dir/obj")));
    }

    @Test
    void abort() {
        String bucket = granary.createBucket("abort");
        String id = start(bucket, "gone");
        upload(bucket, "gone", id, 1, TestData.bytes(100, 3));
        S3Expect.ok(granary, "AbortMultipartUpload",
                () -> s3().abortMultipartUpload(b -> b.bucket(bucket).key("gone").uploadId(id)));
        S3Expect.error(granary, 404, "NoSuchUpload",
                () -> s3().listParts(b -> b.bucket(bucket).key("gone").uploadId(id)));
        S3Expect.error(granary, 404, "NoSuchUpload", () -> s3().uploadPart(b -> b.bucket(bucket).key("gone")
                .uploadId(id).partNumber(2), RequestBody.fromString("late")));
        S3Expect.error(granary, 404, "NoSuchUpload", () -> s3().completeMultipartUpload(b -> b.bucket(bucket)
                .key("gone").uploadId(id).multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1)
                        .eTag(TestData.etagOf(TestData.bytes(100, 3))).build()))));
        assertThat(s3().listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
        assertThat(s3().listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
        S3Expect.error(granary, 404, "NoSuchUpload", () -> s3().abortMultipartUpload(b -> b.bucket(bucket)
                .key("gone").uploadId("no-such-upload-id")));
    }

    @Test
    void smallNonLastPartIsEntityTooSmall() {
        String bucket = granary.createBucket("too-small");
        String id = start(bucket, "small-parts");
        var a = upload(bucket, "small-parts", id, 1, TestData.bytes(1024, 4));
        var b2 = upload(bucket, "small-parts", id, 2, TestData.bytes(1024, 5));
        S3Expect.error(granary, 400, "EntityTooSmall", () -> s3().completeMultipartUpload(b -> b.bucket(bucket)
                .key("small-parts").uploadId(id).multipartUpload(m -> m.parts(a, b2))));
        // a single small part is fine: it is the last one
        String id2 = start(bucket, "one-small-part");
        byte[] d = TestData.bytes(1024, 6);
        var only = upload(bucket, "one-small-part", id2, 1, d);
        S3Expect.ok(granary, "Complete with one small part", () -> s3().completeMultipartUpload(b -> b
                .bucket(bucket).key("one-small-part").uploadId(id2).multipartUpload(m -> m.parts(only))));
        assertThat(s3().getObjectAsBytes(b -> b.bucket(bucket).key("one-small-part")).asByteArray()).isEqualTo(d);
    }

    @Test
    void partsOutOfOrderIsInvalidPartOrder() {
        String bucket = granary.createBucket("order");
        String id = start(bucket, "o");
        var p1 = upload(bucket, "o", id, 1, TestData.bytes(FIVE_MIB, 7));
        var p2 = upload(bucket, "o", id, 2, TestData.bytes(10, 8));
        S3Expect.error(granary, 400, "InvalidPartOrder", () -> s3().completeMultipartUpload(b -> b.bucket(bucket)
                .key("o").uploadId(id).multipartUpload(m -> m.parts(p2, p1))));
        // part never uploaded -> InvalidPart (listed after a >= 5 MiB part only, so that no size rule applies:
        // with a small part before it, which error wins is not specified)
        S3Expect.error(granary, 400, "InvalidPart", () -> s3().completeMultipartUpload(b -> b.bucket(bucket)
                .key("o").uploadId(id).multipartUpload(m -> m.parts(p1,
                        CompletedPart.builder().partNumber(3).eTag(p2.eTag()).build()))));
        // the upload survives failed completes
        S3Expect.ok(granary, "Complete in order", () -> s3().completeMultipartUpload(b -> b.bucket(bucket)
                .key("o").uploadId(id).multipartUpload(m -> m.parts(p1, p2))));
    }

    /** A refused CompleteMultipartUpload must leave the upload exactly as it was. */
    @Test
    void uploadStillCompletesAfterInvalidPartOrder() {
        String bucket = granary.createBucket("after-refusal");
        String id = start(bucket, "o");
        byte[] a = TestData.bytes(FIVE_MIB, 7);
        byte[] b2 = TestData.bytes(10, 8);
        var p1 = upload(bucket, "o", id, 1, a);
        var p2 = upload(bucket, "o", id, 2, b2);
        S3Expect.error(granary, 400, "InvalidPartOrder", () -> s3().completeMultipartUpload(b -> b.bucket(bucket)
                .key("o").uploadId(id).multipartUpload(m -> m.parts(p2, p1))));
        assertThat(s3().listParts(b -> b.bucket(bucket).key("o").uploadId(id)).parts())
                .extracting(Part::partNumber, Part::size)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, (long) a.length),
                        org.assertj.core.groups.Tuple.tuple(2, (long) b2.length));
        S3Expect.ok(granary, "Complete in order after InvalidPartOrder", () -> s3().completeMultipartUpload(b -> b
                .bucket(bucket).key("o").uploadId(id).multipartUpload(m -> m.parts(p1, p2))));
        byte[] got = s3().getObjectAsBytes(b -> b.bucket(bucket).key("o")).asByteArray();
        assertThat(got.length).isEqualTo(a.length + b2.length);
    }

    @Test
    void wrongEtagOnNonLastPartIsInvalidPart() {
        String bucket = granary.createBucket("wrong-etag-1");
        String id = start(bucket, "o");
        var p1 = upload(bucket, "o", id, 1, TestData.bytes(FIVE_MIB, 7));
        var p2 = upload(bucket, "o", id, 2, TestData.bytes(10, 8));
        S3Expect.error(granary, 400, "InvalidPart", () -> s3().completeMultipartUpload(b -> b.bucket(bucket)
                .key("o").uploadId(id).multipartUpload(m -> m.parts(p1.toBuilder()
                        .eTag("\"00000000000000000000000000000000\"").build(), p2))));
    }

    @Test
    void wrongEtagOnSmallLastPartIsInvalidPart() {
        String bucket = granary.createBucket("wrong-etag");
        String id = start(bucket, "o");
        var p1 = upload(bucket, "o", id, 1, TestData.bytes(FIVE_MIB, 7));
        var p2 = upload(bucket, "o", id, 2, TestData.bytes(10, 8));
        S3Expect.error(granary, 400, "InvalidPart", () -> s3().completeMultipartUpload(b -> b.bucket(bucket)
                .key("o").uploadId(id).multipartUpload(m -> m.parts(p1, p2.toBuilder()
                        .eTag("\"00000000000000000000000000000000\"").build()))));
        S3Expect.ok(granary, "Complete after a refused complete", () -> s3().completeMultipartUpload(b -> b
                .bucket(bucket).key("o").uploadId(id).multipartUpload(m -> m.parts(p1, p2))));
    }

    @Test
    void skippedPartNumbersAndOverwrittenPart() {
        String bucket = granary.createBucket("gaps");
        String id = start(bucket, "g");
        byte[] a = TestData.bytes(FIVE_MIB, 9);
        byte[] stale = TestData.bytes(FIVE_MIB, 10);
        byte[] c = TestData.bytes(33, 11);
        upload(bucket, "g", id, 3, stale);
        var p1 = upload(bucket, "g", id, 1, a);
        var p3 = upload(bucket, "g", id, 3, TestData.bytes(FIVE_MIB, 12)); // re-upload replaces part 3
        var p7 = upload(bucket, "g", id, 7, c);
        var done = S3Expect.ok(granary, "Complete parts 1,3,7", () -> s3().completeMultipartUpload(b -> b
                .bucket(bucket).key("g").uploadId(id).multipartUpload(m -> m.parts(p1, p3, p7))));
        assertThat(done.eTag()).isEqualTo(TestData.multipartEtag(List.of(a, TestData.bytes(FIVE_MIB, 12), c)));
        byte[] got = s3().getObjectAsBytes(b -> b.bucket(bucket).key("g")).asByteArray();
        assertThat(got.length).isEqualTo(2 * FIVE_MIB + 33);
        assertThat(TestData.sha256Hex(got)).isEqualTo(TestData.sha256Hex(concat(a, TestData.bytes(FIVE_MIB, 12), c)));
    }

    @Test
    void getAndHeadByPartNumber() {
        String bucket = granary.createBucket("part-number");
        byte[] p1 = TestData.bytes(FIVE_MIB, 13);
        byte[] p2 = TestData.bytes(FIVE_MIB, 14);
        byte[] p3 = TestData.bytes(TestData.MIB, 15);
        String id = start(bucket, "pn");
        List<CompletedPart> parts = new ArrayList<>(List.of(upload(bucket, "pn", id, 1, p1),
                upload(bucket, "pn", id, 2, p2), upload(bucket, "pn", id, 3, p3)));
        s3().completeMultipartUpload(b -> b.bucket(bucket).key("pn").uploadId(id).multipartUpload(m -> m.parts(parts)));
        long total = (long) p1.length + p2.length + p3.length;

        var second = S3Expect.ok(granary, "GetObject ?partNumber=2",
                () -> s3().getObjectAsBytes(b -> b.bucket(bucket).key("pn").partNumber(2)));
        assertThat(second.asByteArray()).as("%s", granary.recorder().describeLast()).isEqualTo(p2);
        assertThat(second.response().partsCount()).isEqualTo(3);
        assertThat(second.response().contentLength()).isEqualTo((long) p2.length);
        assertThat(second.response().contentRange()).isEqualTo("bytes " + FIVE_MIB + "-" + (2L * FIVE_MIB - 1)
                + "/" + total);
        assertThat(second.response().eTag()).isEqualTo(TestData.multipartEtag(List.of(p1, p2, p3)));

        var head = S3Expect.ok(granary, "HeadObject ?partNumber=3",
                () -> s3().headObject(b -> b.bucket(bucket).key("pn").partNumber(3)));
        assertThat(head.contentLength()).isEqualTo((long) p3.length);
        assertThat(head.partsCount()).isEqualTo(3);

        S3Expect.error(granary, 416, "InvalidPartNumber",
                () -> s3().getObject(b -> b.bucket(bucket).key("pn").partNumber(4)));
    }

    @Test
    void uploadPartCopyWithRange() {
        String bucket = granary.createBucket("part-copy");
        // part 2 (copied from offset 5 MiB to the end) must itself be >= 5 MiB: it is not the last part
        byte[] source = TestData.bytes(11 * TestData.MIB + 100, 16);
        s3().putObject(b -> b.bucket(bucket).key("source"), RequestBody.fromBytes(source));
        String id = start(bucket, "assembled");
        int split = FIVE_MIB;
        var c1 = S3Expect.ok(granary, "UploadPartCopy bytes=0-" + (split - 1), () -> s3().uploadPartCopy(b -> b
                .sourceBucket(bucket).sourceKey("source").destinationBucket(bucket).destinationKey("assembled")
                .uploadId(id).partNumber(1).copySourceRange("bytes=0-" + (split - 1))));
        byte[] r1 = Arrays.copyOfRange(source, 0, split);
        assertThat(c1.copyPartResult().eTag()).isEqualTo(TestData.etagOf(r1));
        assertThat(c1.copyPartResult().lastModified()).isNotNull();
        var c2 = S3Expect.ok(granary, "UploadPartCopy rest", () -> s3().uploadPartCopy(b -> b
                .sourceBucket(bucket).sourceKey("source").destinationBucket(bucket).destinationKey("assembled")
                .uploadId(id).partNumber(2).copySourceRange("bytes=" + split + "-" + (source.length - 1))));
        byte[] r2 = Arrays.copyOfRange(source, split, source.length);
        assertThat(c2.copyPartResult().eTag()).isEqualTo(TestData.etagOf(r2));
        byte[] tail = TestData.bytes(999, 17);
        var p3 = upload(bucket, "assembled", id, 3, tail);
        s3().completeMultipartUpload(b -> b.bucket(bucket).key("assembled").uploadId(id).multipartUpload(m -> m
                .parts(CompletedPart.builder().partNumber(1).eTag(c1.copyPartResult().eTag()).build(),
                        CompletedPart.builder().partNumber(2).eTag(c2.copyPartResult().eTag()).build(), p3)));
        byte[] got = s3().getObjectAsBytes(b -> b.bucket(bucket).key("assembled")).asByteArray();
        assertThat(TestData.sha256Hex(got)).isEqualTo(TestData.sha256Hex(concat(source, tail)));

        // a range past the end of the source is rejected: S3 (and MinIO) answer 400 InvalidArgument "Range
        // specified is not valid for source object of size ..."; 416 InvalidRange is accepted as equivalent.
        String x = start(bucket, "x");
        var e = S3Expect.ok(granary, "UploadPartCopy with a range past the end must fail", () -> {
            try {
                s3().uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey("source").destinationBucket(bucket)
                        .destinationKey("x").uploadId(x).partNumber(1).copySourceRange("bytes=0-" + source.length));
                return null;
            } catch (software.amazon.awssdk.services.s3.model.S3Exception ex) {
                return ex;
            }
        });
        assertThat(e).as("UploadPartCopy bytes=0-%d of a %d byte source", source.length, source.length).isNotNull();
        assertThat(e.statusCode() + " " + e.awsErrorDetails().errorCode())
                .isIn("400 InvalidArgument", "416 InvalidRange");
    }

    @Test
    void invalidPartNumbers() {
        String bucket = granary.createBucket("bad-part-number");
        String id = start(bucket, "n");
        S3Expect.error(granary, 400, "InvalidArgument", () -> s3().uploadPart(b -> b.bucket(bucket).key("n")
                .uploadId(id).partNumber(0), RequestBody.fromString("x")));
        S3Expect.error(granary, 400, "InvalidArgument", () -> s3().uploadPart(b -> b.bucket(bucket).key("n")
                .uploadId(id).partNumber(10001), RequestBody.fromString("x")));
    }

    private static byte[] concat(byte[]... arrays) {
        int n = 0;
        for (byte[] a : arrays) {
            n += a.length;
        }
        byte[] out = new byte[n];
        int off = 0;
        for (byte[] a : arrays) {
            System.arraycopy(a, 0, out, off, a.length);
            off += a.length;
        }
        return out;
    }
}
