package io.granary.it.sdk;

import io.granary.it.support.GranaryServerExtension;
import io.granary.it.support.S3Expect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import static org.assertj.core.api.Assertions.assertThat;

/** Bucket lifecycle and the S3 error codes clients key their behaviour on. */
class SdkBucketAndErrorTest {

    @RegisterExtension
    static final GranaryServerExtension granary = new GranaryServerExtension();

    @Test
    void headBucket() {
        S3Client s3 = granary.s3();
        String bucket = granary.createBucket("head");
        var r = S3Expect.ok(granary, "HeadBucket", () -> s3.headBucket(b -> b.bucket(bucket)));
        assertThat(r.sdkHttpResponse().statusCode()).isEqualTo(200);
        S3Exception e = S3Expect.error(granary, 404, null,
                () -> s3.headBucket(b -> b.bucket(GranaryServerExtension.bucketName("missing"))));
        assertThat(e).isInstanceOf(NoSuchBucketException.class);
    }

    @Test
    void deleteNonEmptyBucketIsBucketNotEmpty() {
        S3Client s3 = granary.s3();
        String bucket = granary.createBucket("not-empty");
        s3.putObject(b -> b.bucket(bucket).key("x"), RequestBody.fromString("x"));
        S3Expect.error(granary, 409, "BucketNotEmpty", () -> s3.deleteBucket(b -> b.bucket(bucket)));
        S3Expect.ok(granary, "HeadBucket after refused delete", () -> s3.headBucket(b -> b.bucket(bucket)));
        s3.deleteObject(b -> b.bucket(bucket).key("x"));
        var del = S3Expect.ok(granary, "DeleteBucket (empty)", () -> s3.deleteBucket(b -> b.bucket(bucket)));
        assertThat(del.sdkHttpResponse().statusCode()).isEqualTo(204);
        S3Expect.error(granary, 404, null, () -> s3.headBucket(b -> b.bucket(bucket)));
        S3Expect.error(granary, 404, "NoSuchBucket", () -> s3.deleteBucket(b -> b.bucket(bucket)));
        assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).doesNotContain(bucket);
    }

    @Test
    void nestedObjectAlsoMakesBucketNotEmpty() {
        S3Client s3 = granary.s3();
        String bucket = granary.createBucket("only-objects");
        s3.putObject(b -> b.bucket(bucket).key("dir/nested/deep"), RequestBody.empty());
        S3Expect.error(granary, 409, "BucketNotEmpty", () -> s3.deleteBucket(b -> b.bucket(bucket)));
    }

    @Test
    void createExistingBucket() {
        S3Client s3 = granary.s3();
        String bucket = granary.createBucket("exists");
        // us-east-1 answers 200 for a bucket you already own (legacy); every other region 409
        // BucketAlreadyOwnedByYou. Either is S3 behaviour; anything else is not.
        try {
            s3.createBucket(b -> b.bucket(bucket));
        } catch (S3Exception e) {
            assertThat(e.statusCode()).as("%s", granary.recorder().describeLast()).isEqualTo(409);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BucketAlreadyOwnedByYou");
        }
    }

    /** Names the SDK lets through (it rejects upper case, '_' and bad lengths itself) but S3 does not accept. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"xn--granary-test", "granary-test-s3alias"})
    void invalidBucketName(String name) {
        S3Expect.error(granary, 400, "InvalidBucketName", () -> granary.s3().createBucket(b -> b.bucket(name)));
    }

    @Test
    void noSuchBucketAndNoSuchKey() {
        S3Client s3 = granary.s3();
        String missing = GranaryServerExtension.bucketName("missing");
        S3Exception e1 = S3Expect.error(granary, 404, "NoSuchBucket",
                () -> s3.getObject(b -> b.bucket(missing).key("k")));
        assertThat(e1).isInstanceOf(NoSuchBucketException.class);
        S3Expect.error(granary, 404, "NoSuchBucket", () -> s3.putObject(b -> b.bucket(missing).key("k"),
                RequestBody.fromString("x")));
        S3Expect.error(granary, 404, "NoSuchBucket", () -> s3.listObjectsV2(b -> b.bucket(missing)));
        S3Expect.error(granary, 404, "NoSuchBucket", () -> s3.listObjects(b -> b.bucket(missing)));
        S3Expect.error(granary, 404, "NoSuchBucket", () -> s3.createMultipartUpload(b -> b.bucket(missing)
                .key("k")));

        String bucket = granary.createBucket("nokey");
        S3Exception e2 = S3Expect.error(granary, 404, "NoSuchKey",
                () -> s3.getObject(b -> b.bucket(bucket).key("nope")));
        assertThat(e2).isInstanceOf(NoSuchKeyException.class);
        assertThat(e2.requestId()).as("x-amz-request-id on an error").isNotBlank();
        assertThat(e2.extendedRequestId()).as("x-amz-id-2 on an error").isNotBlank();
        S3Expect.error(granary, 404, null, () -> s3.headObject(b -> b.bucket(bucket).key("nope")));
        S3Expect.error(granary, 404, "NoSuchKey", () -> s3.getObject(b -> b.bucket(bucket).key("nope")
                .range("bytes=0-1")));
    }

    @Test
    void requestIdsOnSuccess() {
        S3Client s3 = granary.s3();
        String bucket = granary.createBucket("ids");
        var put = s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("x"));
        assertThat(put.responseMetadata().requestId()).isNotBlank().isNotEqualTo("UNKNOWN");
        assertThat(put.responseMetadata().extendedRequestId()).isNotBlank().isNotEqualTo("UNKNOWN");
        var put2 = s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("y"));
        assertThat(put2.responseMetadata().requestId()).as("request ids are unique")
                .isNotEqualTo(put.responseMetadata().requestId());
    }

    @Test
    void getBucketLocation() {
        String bucket = granary.createBucket("location");
        var r = S3Expect.ok(granary, "GetBucketLocation",
                () -> granary.s3().getBucketLocation(b -> b.bucket(bucket)));
        // S3 reports us-east-1 as an empty LocationConstraint
        assertThat(r.locationConstraintAsString()).isNullOrEmpty();
    }

    @Test
    void aclsArePrivateToTheOwner() {
        String bucket = granary.createBucket("acl");
        granary.s3().putObject(b -> b.bucket(bucket).key("k"), software.amazon.awssdk.core.sync.RequestBody.fromString("x"));
        var bucketAcl = S3Expect.ok(granary, "GetBucketAcl", () -> granary.s3().getBucketAcl(b -> b.bucket(bucket)));
        assertThat(bucketAcl.grants()).singleElement().satisfies(g -> {
            assertThat(g.permissionAsString()).isEqualTo("FULL_CONTROL");
            assertThat(g.grantee().id()).isEqualTo(bucketAcl.owner().id());
        });
        var objectAcl = S3Expect.ok(granary, "GetObjectAcl",
                () -> granary.s3().getObjectAcl(b -> b.bucket(bucket).key("k")));
        assertThat(objectAcl.grants()).singleElement()
                .satisfies(g -> assertThat(g.permissionAsString()).isEqualTo("FULL_CONTROL"));
        S3Expect.ok(granary, "PutObjectAcl private",
                () -> granary.s3().putObjectAcl(b -> b.bucket(bucket).key("k").acl("private")));
        S3Expect.error(granary, 501, "NotImplemented",
                () -> granary.s3().putObjectAcl(b -> b.bucket(bucket).key("k").acl("public-read")));
        S3Expect.error(granary, 404, "NoSuchKey",
                () -> granary.s3().getObjectAcl(b -> b.bucket(bucket).key("missing")));
    }

    @Test
    void unsupportedSubresourceIsNotImplemented() {
        String bucket = granary.createBucket("policy");
        S3Exception e = S3Expect.error(granary, 501, "NotImplemented",
                () -> granary.s3().getBucketPolicy(b -> b.bucket(bucket)));
        assertThat(e.awsErrorDetails().errorMessage()).isNotBlank();
        assertThat(e.requestId()).isNotBlank();
    }
}
