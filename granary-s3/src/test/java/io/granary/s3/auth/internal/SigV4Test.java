package io.granary.s3.auth.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class SigV4Test {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/|/",
            "''|/",
            "/test.txt|/test.txt",
            "/test$file.text|/test%24file.text",
            "/test%24file.text|/test%24file.text",
            "/a b|/a%20b",
            "/a%20b|/a%20b",
            "/a+b|/a%2Bb",
            "/a%2bb|/a%2Bb",
            "/a*b|/a%2Ab",
            "/a~b-c_d.e|/a~b-c_d.e",
            "/%7Euser|/~user",
            "/bucket//a/./b/../c|/bucket//a/./b/../c",
            "/é|/%C3%A9",
            "/%c3%a9|/%C3%A9",
            "/%FF%fe|/%FF%FE",
            "/100%|/100%25",
            "/%zz|/%25zz",
            "/a%2Fb|/a/b",
            "/😀|/%F0%9F%98%80",
    })
    void canonicalUri(String raw, String expected) {
        assertThat(SigV4.canonicalUri(raw)).isEqualTo(expected);
    }

    @Test
    void canonicalQuery() {
        assertThat(SigV4.canonicalQuery("", true, null)).isEmpty();
        assertThat(SigV4.canonicalQuery("lifecycle", true, null)).isEqualTo("lifecycle=");
        assertThat(SigV4.canonicalQuery("prefix=J&max-keys=2", true, null)).isEqualTo("max-keys=2&prefix=J");
        assertThat(SigV4.canonicalQuery("b=2&a=2&a=1&&", true, null)).isEqualTo("a=1&a=2&b=2");
        assertThat(SigV4.canonicalQuery("p=a+b&q=%2a&r=/", true, null)).isEqualTo("p=a%20b&q=%2A&r=%2F");
        assertThat(SigV4.canonicalQuery("p=a+b", false, null)).isEqualTo("p=a%2Bb");
        assertThat(SigV4.canonicalQuery("x=1&X-Amz-Signature=abc&y=", true, "X-Amz-Signature")).isEqualTo("x=1&y=");
        // Upper-case letters sort before lower-case ones (code point order).
        assertThat(SigV4.canonicalQuery("a=1&B=2&X-Amz-Date=3", true, null)).isEqualTo("B=2&X-Amz-Date=3&a=1");
    }

    @Test
    void canonicalHeaderValue() {
        assertThat(SigV4.canonicalHeaderValue("  a   b  ")).isEqualTo("a b");
        assertThat(SigV4.canonicalHeaderValue("a\t\tb")).isEqualTo("a b");
        assertThat(SigV4.canonicalHeaderValue("a \t b c")).isEqualTo("a b c");
        assertThat(SigV4.canonicalHeaderValue("plain")).isEqualTo("plain");
        assertThat(SigV4.canonicalHeaderValue("")).isEmpty();
        assertThat(SigV4.canonicalHeaderValue(null)).isEmpty();
    }

    @Test
    void uriEncode() {
        assertThat(SigV4.uriEncode("a/b c", true)).isEqualTo("a/b%20c");
        assertThat(SigV4.uriEncode("a/b c", false)).isEqualTo("a%2Fb%20c");
        assertThat(SigV4.uriEncode("AZaz09-._~", false)).isEqualTo("AZaz09-._~");
    }

    @Test
    void signingKeyAndSignature() {
        // The signing key example of the AWS SigV4 documentation (IAM, us-east-1, 20120215).
        byte[] key = SigV4.signingKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1", "iam");
        assertThat(SigV4.hex(key)).isEqualTo("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
        assertThat(SigV4.signaturesEqual("ab", "AB")).isTrue();
        assertThat(SigV4.signaturesEqual("ab", "ac")).isFalse();
        assertThat(SigV4.signaturesEqual("ab", null)).isFalse();
        assertThat(SigV4.sha256Hex("")).isEqualTo(SigV4.EMPTY_SHA256);
        assertThat(SigV4.isHexSha256(SigV4.EMPTY_SHA256.toUpperCase())).isTrue();
        assertThat(SigV4.isHexSha256("UNSIGNED-PAYLOAD")).isFalse();
        assertThat(SigV4.hex("\u00ff".getBytes(StandardCharsets.ISO_8859_1))).isEqualTo("ff");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(longs = {1L, 2L, 3L, 4L, 5L})
    void amzDateFormatAndParseAgreeWithTheJdkFormatter(long seed) {
        java.time.format.DateTimeFormatter reference = java.time.format.DateTimeFormatter
                .ofPattern("uuuuMMdd'T'HHmmss'Z'", java.util.Locale.ROOT).withZone(java.time.ZoneOffset.UTC);
        java.util.Random random = new java.util.Random(seed);
        for (int i = 0; i < 2000; i++) {
            java.time.Instant t = java.time.Instant.ofEpochSecond(random.nextLong(253402300800L)); // years 1970-9999
            String text = SigV4.formatAmzDate(t);
            assertThat(text).as("seed %s", seed).isEqualTo(reference.format(t));
            assertThat(SigV4.parseAmzDate(text)).isEqualTo(t);
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"20241301T000000Z", "20240230T120000Z",
            "20240101T250000Z", "20240101T126000Z", "20240101T120060Z", "2024010lT120000Z", "20240101t120000Z",
            "20240101T120000z", "20240101T120000", "20240101T1200000Z", "+0240101T120000Z", "20240101 120000Z"})
    void malformedAmzDatesAreRejected(String text) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SigV4.parseAmzDate(text))
                .isInstanceOf(java.time.format.DateTimeParseException.class);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(longs = {11L, 12L, 13L})
    void reencodeShortcutAgreesWithTheByteByByteWay(long seed) {
        String[] alphabet = {"a", "Z", "0", "-", ".", "_", "~", "/", "+", " ", "%", "2", "F", "f", "A", "%2F", "%2f",
                "%41", "%7E", "%E2%82%AC", "%e2%82%ac", "\u00e9", "\u20ac", "\ud83d\ude00", "*", "$", "=", "%G1", "%%"};
        java.util.Random random = new java.util.Random(seed);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int n = random.nextInt(8); n > 0; n--) sb.append(alphabet[random.nextInt(alphabet.length)]);
            String raw = sb.toString();
            for (boolean keepSlash : new boolean[] {true, false}) {
                for (boolean plus : new boolean[] {true, false}) {
                    assertThat(SigV4.reencode(raw, keepSlash, plus)).as("seed %s: %s", seed, raw)
                            .isEqualTo(SigV4.reencodeBytes(raw, keepSlash, plus));
                }
            }
        }
    }
}
