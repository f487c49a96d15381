package io.granary.s3.handler.support;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.http.Headers;
import io.granary.storage.ObjectMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestMetadataTest {

    @Test
    void readsStandardHeadersAndUserMetadata() {
        Headers h = new Headers().add("Content-Type", "text/plain").add("Content-Disposition", "attachment")
                .add("Content-Language", "en").add("Cache-Control", "no-cache").add("Expires", "Thu, 01 Jan 2026 00:00:00 GMT")
                .add("X-Amz-Meta-Color", "Blue").add("x-amz-meta-list", "a").add("x-amz-meta-list", "b")
                .add("x-amz-tagging", "k1=v1&k%202=v%262");
        ObjectMetadata m = RequestMetadata.fromHeaders(h, false);
        assertThat(m.contentType()).isEqualTo("text/plain");
        assertThat(m.contentDisposition()).isEqualTo("attachment");
        assertThat(m.contentLanguage()).isEqualTo("en");
        assertThat(m.cacheControl()).isEqualTo("no-cache");
        assertThat(m.expires()).isEqualTo("Thu, 01 Jan 2026 00:00:00 GMT");
        assertThat(m.userMetadata()).containsExactly(java.util.Map.entry("color", "Blue"), java.util.Map.entry("list", "a,b"));
        assertThat(m.storageClass()).isEqualTo("STANDARD");
        assertThat(m.tags()).containsEntry("k1", "v1").containsEntry("k 2", "v&2");
        assertThat(m.contentEncoding()).isNull();
    }

    @Test
    void userMetadataLimitIs2KB() {
        String v = "x".repeat(2048 - 4);
        RequestMetadata.userMetadata(new Headers().add("x-amz-meta-abcd", v));
        assertThatThrownBy(() -> RequestMetadata.userMetadata(new Headers().add("x-amz-meta-abcde", v)))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.METADATA_TOO_LARGE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING",
            "GLACIER", "DEEP_ARCHIVE", "GLACIER_IR", "EXPRESS_ONEZONE"})
    void acceptsStorageClasses(String sc) {
        assertThat(RequestMetadata.storageClass(new Headers().add("x-amz-storage-class", sc))).isEqualTo(sc);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "standard", "COLD", "OUTPOSTS_X"})
    void rejectsUnknownStorageClasses(String sc) {
        assertThatThrownBy(() -> RequestMetadata.storageClass(new Headers().add("x-amz-storage-class", sc)))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.INVALID_STORAGE_CLASS));
    }

    @Test
    void awsChunkedIsRemovedFromContentEncoding() {
        assertThat(RequestMetadata.contentEncoding("aws-chunked", true)).isNull();
        assertThat(RequestMetadata.contentEncoding("aws-chunked,gzip", true)).isEqualTo("gzip");
        assertThat(RequestMetadata.contentEncoding("gzip, aws-chunked", true)).isEqualTo("gzip");
        assertThat(RequestMetadata.contentEncoding("gzip", false)).isEqualTo("gzip");
        assertThat(RequestMetadata.contentEncoding("", false)).isNull();
        assertThat(RequestMetadata.contentEncoding(null, true)).isNull();
    }
}
