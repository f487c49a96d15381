package io.granary.s3.handler.support;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;

import java.util.Locale;

/**
 * A single HTTP byte range ({@code Range} on GetObject/HeadObject), resolved against an object size.
 *
 * <p>{@link #parse} accepts {@code bytes=a-b}, {@code bytes=a-} and {@code bytes=-n} (unit case-insensitive, spaces
 * around tokens tolerated). An absent, empty or malformed header, a multi-range set, or {@code a > b} yields null:
 * the caller serves the whole object with 200, as S3 does. {@link Spec#resolve} then decides satisfiability: a first
 * byte at or past the end, or a zero-length suffix, is 416 InvalidRange with {@code Content-Range: bytes *}{@code /N};
 * a last byte past the end is clamped; a suffix longer than the object means the whole object.
 */
public final class ByteRange {
    private ByteRange() {}

    /** A parsed range; {@code first} is -1 for a suffix range, {@code last} is -1 when open-ended; {@code header} as sent. */
    public record Spec(long first, long last, long suffix, String header) {
        /**
         * The inclusive byte interval {@code [start, end]} to send, or null to send the whole object with 200 (a
         * suffix range on an empty object). Throws InvalidRange when unsatisfiable.
         */
        public long[] resolve(long size) {
            if (first < 0) {
                if (suffix == 0) throw unsatisfiable(header, size);
                if (size == 0) return null;
                return new long[] {Math.max(0, size - suffix), size - 1};
            }
            if (first >= size) throw unsatisfiable(header, size);
            long end = last < 0 || last >= size ? size - 1 : last;
            return new long[] {first, end};
        }
    }

    /** The header's range, or null when it is absent or S3 would ignore it. */
    public static Spec parse(String header) {
        if (header == null) return null;
        String h = header.trim();
        int eq = h.indexOf('=');
        if (eq < 0 || !h.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("bytes")) return null;
        String set = h.substring(eq + 1).trim();
        if (set.isEmpty() || set.indexOf(',') >= 0) return null;
        int dash = set.indexOf('-');
        if (dash < 0 || set.indexOf('-', dash + 1) >= 0) return null;
        String a = set.substring(0, dash).trim();
        String b = set.substring(dash + 1).trim();
        if (a.isEmpty()) {
            long n = number(b);
            return n < 0 ? null : new Spec(-1, -1, n, h);
        }
        long first = number(a);
        if (first < 0) return null;
        if (b.isEmpty()) return new Spec(first, -1, 0, h);
        long last = number(b);
        if (last < 0 || last < first) return null;
        return new Spec(first, last, 0, h);
    }

    /** The 416 answer for an object of {@code size} bytes. */
    public static S3Exception unsatisfiable(String header, long size) {
        return new S3Exception(S3Error.INVALID_RANGE)
                .with("RangeRequested", header)
                .with("ActualObjectSize", Long.toString(size))
                .withHeader("Content-Range", "bytes */" + size);
    }

    /** Decimal digits only; saturates at Long.MAX_VALUE; -1 when not a number. */
    private static long number(String s) {
        if (s.isEmpty()) return -1;
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            if (v > (Long.MAX_VALUE - (c - '0')) / 10) return Long.MAX_VALUE;
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
