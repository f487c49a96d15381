package io.granary.s3.handler.support;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ByteRangeTest {

    /** header, object size, expected start, expected end ("whole" = 200 with the whole object). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "bytes=0-0        | 10 | 0 | 0",
            "bytes=0-9        | 10 | 0 | 9",
            "bytes=2-5        | 10 | 2 | 5",
            "bytes=2-100      | 10 | 2 | 9",
            "bytes=9-         | 10 | 9 | 9",
            "bytes=0-         | 10 | 0 | 9",
            "bytes=-3         | 10 | 7 | 9",
            "bytes=-10        | 10 | 0 | 9",
            "bytes=-1000      | 10 | 0 | 9",
            "BYTES=1-2        | 10 | 1 | 2",
            "bytes = 1 - 2    | 10 | 1 | 2",
            "bytes=0-99999999999999999999999 | 10 | 0 | 9",
            "bytes=-99999999999999999999999  | 10 | 0 | 9",
    })
    void satisfiable(String header, long size, long start, long end) {
        long[] r = ByteRange.parse(header).resolve(size);
        assertThat(r).containsExactly(start, end);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bytes", "bytes=", "bytes=-", "bytes=a-b", "bytes=1-a", "bytes=5-2", "bytes=0-1,3-4",
            "items=0-1", "bytes=--1", "bytes=1-2-3", "0-1", "bytes=+1-2", "bytes=1.5-2"})
    @NullSource
    void ignored(String header) {
        assertThat(ByteRange.parse(header)).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "bytes=10-     | 10",
            "bytes=10-20   | 10",
            "bytes=99999999999999999999999- | 10",
            "bytes=-0      | 10",
            "bytes=0-      | 0",
            "bytes=0-0     | 0",
            "bytes=-0      | 0",
    })
    void unsatisfiable(String header, long size) {
        assertThatThrownBy(() -> ByteRange.parse(header).resolve(size))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.error()).isEqualTo(S3Error.INVALID_RANGE);
                    assertThat(e.error().httpStatus()).isEqualTo(416);
                    assertThat(e.headers()).containsEntry("Content-Range", "bytes */" + size);
                    assertThat(e.elements()).containsEntry("ActualObjectSize", Long.toString(size));
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=-1", "bytes=-100"})
    void suffixOnEmptyObjectIsWholeObject(String header) {
        assertThat(ByteRange.parse(header).resolve(0)).isNull();
    }
}
