package io.granary.it.lifecycle;

import io.granary.it.support.GranaryServerExtension;
import io.granary.it.support.S3Expect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

import static org.assertj.core.api.Assertions.assertThat;

/** Headers Granary does not act on yet are accepted and ignored, as S3 does for ones that do not apply. */
class IgnoredHeadersTest {

    @RegisterExtension
    static final GranaryServerExtension granary = new GranaryServerExtension();

    @Test
    void expectedBucketOwnerAndBypassGovernanceRetentionAreAccepted() {
        String bucket = granary.createBucket("ignored");
        S3Expect.ok(granary, "PutObject with x-amz-expected-bucket-owner", () -> granary.s3().putObject(
                b -> b.bucket(bucket).key("k").expectedBucketOwner("123456789012"), RequestBody.fromString("v")));
        S3Expect.ok(granary, "HeadBucket with x-amz-expected-bucket-owner",
                () -> granary.s3().headBucket(b -> b.bucket(bucket).expectedBucketOwner("123456789012")));
        S3Expect.ok(granary, "DeleteObjects with x-amz-bypass-governance-retention",
                () -> granary.s3().deleteObjects(b -> b.bucket(bucket).bypassGovernanceRetention(true)
                        .delete(d -> d.objects(ObjectIdentifier.builder().key("k").build()))));
        S3Expect.ok(granary, "DeleteObject with x-amz-bypass-governance-retention",
                () -> granary.s3().deleteObject(b -> b.bucket(bucket).key("gone").bypassGovernanceRetention(true)));
        assertThat(granary.s3().listObjectsV2(b -> b.bucket(bucket)).keyCount()).isZero();
    }
}
