package io.granary.server.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The Date header value, formatted once per second rather than once per response. */
final class HttpDate {
    private record Cached(long second, String text) {}

    private static volatile Cached cached = new Cached(Long.MIN_VALUE, "");

    private HttpDate() {}

    static String now() {
        long second = System.currentTimeMillis() / 1000;
        Cached c = cached;
        if (c.second != second) {
            c = new Cached(second, DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    Instant.ofEpochSecond(second).atOffset(ZoneOffset.UTC)));
            cached = c;
        }
        return c.text;
    }
}
