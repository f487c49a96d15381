package io.granary.s3.handler.support;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.http.Headers;
import io.granary.storage.ObjectInfo;
import io.granary.storage.ObjectMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static io.granary.s3.handler.support.Conditionals.Outcome.NOT_MODIFIED;
import static io.granary.s3.handler.support.Conditionals.Outcome.PRECONDITION_FAILED;
import static io.granary.s3.handler.support.Conditionals.Outcome.PROCEED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConditionalsTest {
    static final String ETAG = "0123456789abcdef0123456789abcdef";
    /** Last-Modified with millis: comparisons must happen at whole seconds. */
    static final Instant MODIFIED = Instant.parse("2026-05-06T07:08:09.500Z");
    static final String AT = "Wed, 06 May 2026 07:08:09 GMT";
    static final String BEFORE = "Wed, 06 May 2026 07:08:08 GMT";
    static final String AFTER = "Wed, 06 May 2026 07:08:10 GMT";
    static final String E = "\"" + ETAG + "\"";

    /** If-Match | If-None-Match | If-Modified-Since | If-Unmodified-Since | outcome | deciding header. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "-             | -      | -      | -      | PROCEED             | -",
            // If-Match alone
            "$E             | -      | -      | -      | PROCEED             | -",
            "\"other\"     | -      | -      | -      | PRECONDITION_FAILED | If-Match",
            "*             | -      | -      | -      | PROCEED             | -",
            "$WE           | -      | -      | -      | PROCEED             | -",
            "$RAW           | -      | -      | -      | PROCEED             | -",
            "\"a\", $E      | -      | -      | -      | PROCEED             | -",
            // If-Unmodified-Since alone
            "-             | -      | -      | $AT     | PROCEED             | -",
            "-             | -      | -      | $AFTER  | PROCEED             | -",
            "-             | -      | -      | $BEFORE | PRECONDITION_FAILED | If-Unmodified-Since",
            "-             | -      | -      | bogus  | PROCEED             | -",
            // If-Match true wins over a failing If-Unmodified-Since
            "$E             | -      | -      | $BEFORE | PROCEED             | -",
            "\"x\"         | -      | -      | $AFTER  | PRECONDITION_FAILED | If-Match",
            // If-None-Match alone
            "-             | $E      | -      | -      | NOT_MODIFIED        | If-None-Match",
            "-             | *      | -      | -      | NOT_MODIFIED        | If-None-Match",
            "-             | \"x\"  | -      | -      | PROCEED             | -",
            // If-Modified-Since alone
            "-             | -      | $AT     | -      | NOT_MODIFIED        | If-Modified-Since",
            "-             | -      | $AFTER  | -      | NOT_MODIFIED        | If-Modified-Since",
            "-             | -      | $BEFORE | -      | PROCEED             | -",
            "-             | -      | bogus  | -      | PROCEED             | -",
            // If-None-Match false (no match) makes If-Modified-Since ignored
            "-             | \"x\"  | $AT     | -      | PROCEED             | -",
            // If-None-Match matches: 304 even when modified since
            "-             | $E      | $BEFORE | -      | NOT_MODIFIED        | If-None-Match",
            // 412 beats 304
            "\"x\"         | $E      | $AT     | -      | PRECONDITION_FAILED | If-Match",
            "-             | $E      | -      | $BEFORE | PRECONDITION_FAILED | If-Unmodified-Since",
            // If-Match true + If-None-Match true (same etag) -> 304
            "$E             | $E      | -      | -      | NOT_MODIFIED        | If-None-Match",
    })
    void precedence(String ifMatch, String ifNoneMatch, String ims, String ius, Conditionals.Outcome outcome,
                    String condition) {
        var r = Conditionals.evaluate(sub(ifMatch), sub(ifNoneMatch), sub(ims), sub(ius), ETAG, MODIFIED);
        assertThat(r.outcome()).isEqualTo(outcome);
        assertThat(r.condition()).isEqualTo(condition);
    }

    private static String sub(String v) {
        if (v == null) return null;
        return v.replace("$WE", "W/" + E).replace("$RAW", ETAG).replace("$E", E).replace("$AT", AT)
                .replace("$BEFORE", BEFORE).replace("$AFTER", AFTER);
    }

    @Test
    void copySourceFailuresAreAll412() {
        ObjectInfo info = new ObjectInfo("b", "k", 1, MODIFIED, ObjectMetadata.ofEtag(ETAG));
        Conditionals.checkCopySource(new Headers().add("x-amz-copy-source-if-match", E), info);
        assertThatThrownBy(() -> Conditionals.checkCopySource(new Headers().add("x-amz-copy-source-if-none-match", E), info))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.PRECONDITION_FAILED));
        assertThatThrownBy(() -> Conditionals.checkCopySource(
                new Headers().add("x-amz-copy-source-if-modified-since", AFTER), info))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.PRECONDITION_FAILED));
        // if-match true + if-unmodified-since false: copy proceeds (S3 documented case)
        Conditionals.checkCopySource(new Headers().add("x-amz-copy-source-if-match", E)
                .add("x-amz-copy-source-if-unmodified-since", BEFORE), info);
        // if-none-match false + if-modified-since true: 412 (S3 documented case)
        assertThatThrownBy(() -> Conditionals.checkCopySource(new Headers().add("x-amz-copy-source-if-none-match", E)
                .add("x-amz-copy-source-if-modified-since", BEFORE), info))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.PRECONDITION_FAILED));
    }

    @Test
    void readCheckReports304Or412() {
        ObjectInfo info = new ObjectInfo("b", "k", 1, MODIFIED, ObjectMetadata.ofEtag(ETAG));
        assertThat(Conditionals.checkRead(new Headers().add("If-None-Match", E), info)).isTrue();
        assertThat(Conditionals.checkRead(new Headers(), info)).isFalse();
        assertThatThrownBy(() -> Conditionals.checkRead(new Headers().add("If-Match", "\"nope\""), info))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.error()).isEqualTo(S3Error.PRECONDITION_FAILED);
                    assertThat(e.elements()).containsEntry("Condition", "If-Match");
                });
    }
}
