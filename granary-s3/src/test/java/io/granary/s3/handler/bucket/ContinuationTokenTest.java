package io.granary.s3.handler.bucket;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContinuationTokenTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "photos/2026/", "key with spaces & <xml>", "\u00e9t\u00e9/\uD83D\uDE00", "a\u0001b",
            "+/=?"})
    void roundTrips(String entry) {
        String token = ContinuationToken.encode(entry);
        assertThat(token).matches("[A-Za-z0-9_-]+");
        assertThat(ContinuationToken.decode(token)).isEqualTo(entry);
    }

    @org.junit.jupiter.api.Test
    void roundTripsLongKeys() {
        String key = "x".repeat(1024);
        assertThat(ContinuationToken.decode(ContinuationToken.encode(key))).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "!!!", "abc", "Zm9v", "ZzE6", "ZzE6_w", "not a token"})
    void rejectsInvalidTokens(String token) {
        assertThatThrownBy(() -> ContinuationToken.decode(token))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.error()).isEqualTo(S3Error.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).isEqualTo("The continuation token provided is incorrect");
                });
    }
}
