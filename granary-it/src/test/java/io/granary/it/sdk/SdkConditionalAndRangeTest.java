package io.granary.it.sdk;

import io.granary.it.support.GranaryServerExtension;
import io.granary.it.support.S3Expect;
import io.granary.it.support.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Conditional requests (RFC 9110 as implemented by S3) and Range edge cases. */
class SdkConditionalAndRangeTest {

    @RegisterExtension
    static final GranaryServerExtension granary = new GranaryServerExtension();

    @Test
    void ifNoneMatchStarPutCreatesOnlyOnce() {
        S3Client s3 = granary.s3();
        String bucket = granary.createBucket("inm-put");
        S3Expect.ok(granary, "PutObject If-None-Match: * (new key)", () -> s3.putObject(b -> b.bucket(bucket)
                .key("once").ifNoneMatch("*"), RequestBody.fromString("first")));
        S3Expect.error(granary, 412, "PreconditionFailed", () -> s3.putObject(b -> b.bucket(bucket).key("once")
                .ifNoneMatch("*"), RequestBody.fromString("second")));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("once")).asUtf8String()).isEqualTo("first");
        // without the condition, overwrite works
        s3.putObject(b -> b.bucket(bucket).key("once"), RequestBody.fromString("third"));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("once")).asUtf8String()).isEqualTo("third");
    }

    @Test
    void ifNoneMatchStarWithWhenRequiredClient() {
        S3Client s3 = granary.s3WhenRequired();
        String bucket = granary.createBucket("inm-put2");
        s3.putObject(b -> b.bucket(bucket).key("k").ifNoneMatch("*"), RequestBody.fromString("a"));
        S3Expect.error(granary, 412, "PreconditionFailed", () -> s3.putObject(b -> b.bucket(bucket).key("k")
                .ifNoneMatch("*"), RequestBody.fromString("b")));
    }

    private static byte[] getOk(String what, String bucket, java.util.function.Consumer<
            software.amazon.awssdk.services.s3.model.GetObjectRequest.Builder> conditions) {
        return S3Expect.ok(granary, "GetObject " + what, () -> granary.s3().getObjectAsBytes(b -> {
            b.bucket(bucket).key("c");
            conditions.accept(b);
        }).asByteArray());
    }

    @Test
    void conditionalGet() {
        S3Client s3 = granary.s3();
        String bucket = granary.createBucket("cond-get");
        byte[] data = TestData.bytes(500, 1);
        String etag = s3.putObject(b -> b.bucket(bucket).key("c"), RequestBody.fromBytes(data)).eTag();
        Instant lastModified = s3.headObject(b -> b.bucket(bucket).key("c")).lastModified();
        Instant dayBefore = lastModified.minus(Duration.ofDays(1));
        Instant dayAfter = lastModified.plus(Duration.ofDays(1));

        // If-None-Match with the current ETag -> 304 Not Modified
        S3Expect.error(granary, 304, null, () -> s3.getObject(b -> b.bucket(bucket).key("c").ifNoneMatch(etag)));
        S3Expect.error(granary, 304, null, () -> s3.headObject(b -> b.bucket(bucket).key("c").ifNoneMatch(etag)));
        // If-None-Match with another ETag -> 200
        assertThat(getOk("If-None-Match: other etag", bucket, b -> b.ifNoneMatch("\"0123456789abcdef\"")))
                .isEqualTo(data);

        // If-Match mismatch -> 412 PreconditionFailed; match -> 200
        S3Expect.error(granary, 412, "PreconditionFailed",
                () -> s3.getObject(b -> b.bucket(bucket).key("c").ifMatch("\"0123456789abcdef\"")));
        S3Expect.error(granary, 412, null,
                () -> s3.headObject(b -> b.bucket(bucket).key("c").ifMatch("\"0123456789abcdef\"")));
        assertThat(getOk("If-Match: current etag", bucket, b -> b.ifMatch(etag))).isEqualTo(data);
        assertThat(getOk("If-Match: *", bucket, b -> b.ifMatch("*"))).isEqualTo(data);

        // If-Modified-Since
        S3Expect.error(granary, 304, null, () -> s3.getObject(b -> b.bucket(bucket).key("c")
                .ifModifiedSince(lastModified.plusSeconds(1))));
        assertThat(getOk("If-Modified-Since: a day before Last-Modified", bucket, b -> b.ifModifiedSince(dayBefore)))
                .isEqualTo(data);

        // If-Unmodified-Since
        S3Expect.error(granary, 412, "PreconditionFailed", () -> s3.getObject(b -> b.bucket(bucket).key("c")
                .ifUnmodifiedSince(dayBefore)));
        assertThat(getOk("If-Unmodified-Since: a day after Last-Modified", bucket,
                b -> b.ifUnmodifiedSince(dayAfter))).isEqualTo(data);

        // S3 (per its GetObject docs): If-Match true + If-Unmodified-Since false -> 200
        assertThat(getOk("If-Match: current + If-Unmodified-Since: a day before", bucket,
                b -> b.ifMatch(etag).ifUnmodifiedSince(dayBefore))).isEqualTo(data);
        // If-None-Match false + If-Modified-Since true -> 304
        S3Expect.error(granary, 304, null, () -> s3.getObject(b -> b.bucket(bucket).key("c").ifNoneMatch(etag)
                .ifModifiedSince(dayBefore)));
    }

    @Test
    void rangeEdgeCases() {
        S3Client s3 = granary.s3();
        String bucket = granary.createBucket("ranges");
        byte[] data = TestData.bytes(50, 2);
        s3.putObject(b -> b.bucket(bucket).key("fifty"), RequestBody.fromBytes(data));

        var suffix = S3Expect.ok(granary, "Range bytes=-5",
                () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("fifty").range("bytes=-5")));
        assertThat(suffix.asByteArray()).isEqualTo(Arrays.copyOfRange(data, 45, 50));
        assertThat(suffix.response().contentRange()).isEqualTo("bytes 45-49/50");
        assertThat(suffix.response().contentLength()).isEqualTo(5L);

        var open = S3Expect.ok(granary, "Range bytes=5-",
                () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("fifty").range("bytes=5-")));
        assertThat(open.asByteArray()).isEqualTo(Arrays.copyOfRange(data, 5, 50));
        assertThat(open.response().contentRange()).isEqualTo("bytes 5-49/50");

        var first = S3Expect.ok(granary, "Range bytes=0-0",
                () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("fifty").range("bytes=0-0")));
        assertThat(first.asByteArray()).isEqualTo(Arrays.copyOfRange(data, 0, 1));
        assertThat(first.response().contentRange()).isEqualTo("bytes 0-0/50");

        var clamped = S3Expect.ok(granary, "Range bytes=40-100 (end past EOF is clamped)",
                () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("fifty").range("bytes=40-100")));
        assertThat(clamped.asByteArray()).isEqualTo(Arrays.copyOfRange(data, 40, 50));
        assertThat(clamped.response().contentRange()).isEqualTo("bytes 40-49/50");

        var bigSuffix = S3Expect.ok(granary, "Range bytes=-500 (suffix longer than object)",
                () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("fifty").range("bytes=-500")));
        assertThat(bigSuffix.asByteArray()).isEqualTo(data);

        S3Expect.error(granary, 416, "InvalidRange",
                () -> s3.getObject(b -> b.bucket(bucket).key("fifty").range("bytes=100-200")));
        S3Expect.error(granary, 416, "InvalidRange",
                () -> s3.getObject(b -> b.bucket(bucket).key("fifty").range("bytes=50-")));
    }

    @Test
    void rangeOnLargerObjectWithBothClients() {
        String bucket = granary.createBucket("ranges-big");
        byte[] data = TestData.bytes(3 * TestData.MIB, 3);
        granary.s3().putObject(b -> b.bucket(bucket).key("big"), RequestBody.fromBytes(data));
        for (S3Client s3 : new S3Client[] {granary.s3(), granary.s3WhenRequired()}) {
            var r = s3.getObjectAsBytes(b -> b.bucket(bucket).key("big").range("bytes=1048570-2097160"));
            assertThat(r.asByteArray()).isEqualTo(Arrays.copyOfRange(data, 1048570, 2097161));
            assertThat(r.response().contentRange()).isEqualTo("bytes 1048570-2097160/" + data.length);
        }
    }
}
