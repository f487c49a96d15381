package io.granary.s3.handler.support;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class HttpDatesAndETagsTest {
    static final Instant T = Instant.parse("2026-12-03T08:02:07Z");

    @Test
    void formatsRfc1123WithTwoDigitDay() {
        assertThat(HttpDates.format(Instant.parse("2026-12-03T08:02:07.999Z"))).isEqualTo("Thu, 03 Dec 2026 08:02:07 GMT");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Thu, 03 Dec 2026 08:02:07 GMT",
            "Thu, 3 Dec 2026 08:02:07 GMT",
            "thu, 03 dec 2026 08:02:07 gmt",
            "Mon, 03 Dec 2026 08:02:07 GMT",          // wrong day name: not checked
            "03 Dec 2026 08:02:07 GMT",
            "Thu, 03 Dec 2026 08:02:07 UTC",
            "Thu, 03 Dec 2026 08:02:07",
            "Thu, 03 Dec 2026 09:02:07 +0100",
            "  Thu,  03 Dec 2026 08:02:07 GMT ",
            "Thursday, 03-Dec-26 08:02:07 GMT",
            "Thu Dec  3 08:02:07 2026",
            "2026-12-03T08:02:07Z",
            "2026-12-03T08:02:07.000Z",
            "2026-12-03T09:02:07+01:00",
    })
    void parsesWhatS3Accepts(String value) {
        assertThat(HttpDates.parse(value)).isEqualTo(T);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "Thu, 32 Dec 2026 08:02:07 GMT", "Thu, 03 Foo 2026 08:02:07 GMT",
            "Thu, 03 Dec 2026 25:02:07 GMT", "2026-13-03T08:02:07Z", "1733212927"})
    void invalidIsNull(String value) {
        assertThat(HttpDates.parse(value)).isNull();
    }

    @Test
    void etags() {
        assertThat(ETags.quote("abc")).isEqualTo("\"abc\"");
        assertThat(ETags.quote("\"abc\"")).isEqualTo("\"abc\"");
        assertThat(ETags.unquote("\"abc\"")).isEqualTo("abc");
        assertThat(ETags.unquote("W/\"abc\"")).isEqualTo("abc");
        assertThat(ETags.unquote(" abc ")).isEqualTo("abc");
        assertThat(ETags.matches("\"abc\"", "abc")).isTrue();
        assertThat(ETags.matches("abc", "abc")).isTrue();
        assertThat(ETags.matches("W/\"abc\"", "abc")).isTrue();
        assertThat(ETags.matches("*", "abc")).isTrue();
        assertThat(ETags.matches("\"x\", \"abc\"", "abc")).isTrue();
        assertThat(ETags.matches("\"x\",\"y\"", "abc")).isFalse();
        assertThat(ETags.matches("\"abc-2\"", "abc-2")).isTrue();
        assertThat(ETags.matches(null, "abc")).isFalse();
        assertThat(ETags.matches("", "abc")).isFalse();
        assertThat(ETags.split(" \"a\" , W/\"b\",,c")).containsExactly("a", "b", "c");
    }
}
