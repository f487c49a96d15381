package io.granary.s3.handler.support;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP dates as S3 writes and reads them. {@link #format} writes RFC 1123 with a two-digit day
 * ({@code Thu, 03 Dec 2026 18:12:07 GMT}), as in Last-Modified. {@link #parse} accepts what S3 accepts in
 * conditional headers, leniently: RFC 1123 (one- or two-digit day, day name optional and not checked, seconds
 * optional, GMT/UTC/UT/Z or a numeric offset, none meaning GMT), RFC 850 ({@code Thursday, 03-Dec-26 18:12:07 GMT}),
 * ANSI C asctime ({@code Thu Dec  3 18:12:07 2026}) and ISO 8601 ({@code 2026-12-03T18:12:07Z}, with fractions or
 * an offset). Anything else is null, and the caller ignores the header, as S3 does for an invalid date.
 */
public final class HttpDates {
    private static final DateTimeFormatter RFC_1123_OUT =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private static final Pattern RFC = Pattern.compile(
            "(?:[A-Za-z]{3,9},?\\s*)?(\\d{1,2})[ -]([A-Za-z]{3})[ -](\\d{4}|\\d{2})\\s+(\\d{1,2}):(\\d{2})(?::(\\d{2}))?"
                    + "\\s*(GMT|UTC|UT|Z|[+-]\\d{4}|[+-]\\d{2}:\\d{2})?", Pattern.CASE_INSENSITIVE);
    private static final Pattern ASCTIME = Pattern.compile(
            "[A-Za-z]{3}\\s+([A-Za-z]{3})\\s+(\\d{1,2})\\s+(\\d{1,2}):(\\d{2}):(\\d{2})\\s+(\\d{4})");
    private static final List<String> MONTHS =
            List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");

    private HttpDates() {}

    /** RFC 1123 in GMT, seconds precision. */
    public static String format(Instant time) {
        return RFC_1123_OUT.format(time);
    }

    /** The instant a date header names, or null if it is absent or not a date S3 would accept. */
    public static Instant parse(String value) {
        if (value == null) return null;
        String v = value.trim();
        if (v.isEmpty()) return null;
        try {
            Matcher m = RFC.matcher(v);
            if (m.matches()) {
                int year = Integer.parseInt(m.group(3));
                if (m.group(3).length() == 2) year += year < 70 ? 2000 : 1900;
                int sec = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
                return at(year, m.group(2), m.group(1), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                        sec, offset(m.group(7)));
            }
            m = ASCTIME.matcher(v);
            if (m.matches()) {
                return at(Integer.parseInt(m.group(6)), m.group(1), m.group(2), Integer.parseInt(m.group(3)),
                        Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    /** Truncates to whole seconds, the precision of HTTP dates, for comparisons with Last-Modified. */
    public static Instant seconds(Instant time) {
        return time.truncatedTo(ChronoUnit.SECONDS);
    }

    private static Instant at(int year, String monthName, String day, int hour, int minute, int second,
                              ZoneOffset offset) {
        int month = MONTHS.indexOf(monthName.toLowerCase(Locale.ROOT)) + 1;
        if (month == 0) throw new DateTimeParseException("bad month", monthName, 0);
        return LocalDateTime.of(year, month, Integer.parseInt(day), hour, minute, second).toInstant(offset);
    }

    private static ZoneOffset offset(String zone) {
        if (zone == null) return ZoneOffset.UTC;
        return switch (zone.toUpperCase(Locale.ROOT)) {
            case "GMT", "UTC", "UT", "Z" -> ZoneOffset.UTC;
            default -> ZoneOffset.of(zone.length() == 5 ? zone.substring(0, 3) + ":" + zone.substring(3) : zone);
        };
    }
}
