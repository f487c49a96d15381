package io.granary.s3.handler.support;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CopySourceTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "bucket/key                          | bucket | key                | -",
            "/bucket/key                         | bucket | key                | -",
            "bucket/dir/sub/key.txt              | bucket | dir/sub/key.txt    | -",
            "bucket/with%20space                 | bucket | with space         | -",
            "bucket/with space                   | bucket | with space         | -",
            "bucket/plus%2Bsign                  | bucket | plus+sign          | -",
            "bucket/plus+sign                    | bucket | plus+sign          | -",
            "bucket/%E2%82%AC%20%F0%9F%98%80     | bucket | € 😀              | -",
            "bucket/caf%C3%A9                    | bucket | café               | -",
            "bucket/key?versionId=null           | bucket | key                | null",
            "/bucket/a%3Fb?versionId=abc         | bucket | a?b                | abc",
            "bucket/a%2Fb                        | bucket | a/b                | -",
            "bucket//leading                     | bucket | /leading           | -",
            "bucket/100%25                       | bucket | 100%               | -",
    })
    void parses(String header, String bucket, String key, String versionId) {
        CopySource s = CopySource.parse(header);
        assertThat(s.bucket()).isEqualTo(bucket);
        assertThat(s.key()).isEqualTo(key);
        assertThat(s.versionId()).isEqualTo(versionId);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "bucket", "bucket/", "/bucket", "/bucket/", "/", "//key", "?versionId=null"})
    void rejectsMissingBucketOrKey(String header) {
        assertThatThrownBy(() -> CopySource.parse(header))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.error()).isEqualTo(S3Error.INVALID_ARGUMENT);
                    assertThat(e.elements()).containsEntry("ArgumentName", "x-amz-copy-source");
                });
    }
}
