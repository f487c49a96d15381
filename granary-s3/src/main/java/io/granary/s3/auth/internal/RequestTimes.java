package io.granary.s3.auth.internal;

import io.granary.s3.http.Headers;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The time rules of request authentication: the largest clock skew and presigned validity S3 accepts, reading the
 * request time from x-amz-date / Date (SigV4 and SigV2 accept different forms), the skew check, and the ISO 8601
 * renderings used in error elements. A request without a usable time fails with AccessDenied. Stateless.
 */
public final class RequestTimes {
    private RequestTimes() {}

    /** Largest difference between the request time and ours that S3 accepts. */
    public static final Duration MAX_SKEW = Duration.ofMinutes(15);
    /** Longest validity of a presigned URL, in seconds (7 days). */
    public static final long MAX_PRESIGNED_EXPIRES = 604_800;

    /**
     * The time of a SigV4 header-signed request: x-amz-date (yyyyMMdd'T'HHmmss'Z') if present, else Date
     * (RFC 1123).
     *
     * @throws io.granary.s3.S3Exception AccessDenied when neither is present and valid
     */
    public static Instant sigV4RequestTime(Headers headers) {
        String amz = headers.get("x-amz-date");
        try {
            if (amz != null) return SigV4.parseAmzDate(amz.strip());
            String date = headers.get("date");
            if (date != null) {
                return ZonedDateTime.parse(date.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            }
        } catch (DateTimeParseException e) {
            throw AuthErrors.dateRequired();
        }
        throw AuthErrors.dateRequired();
    }

    /**
     * The time of a SigV2 header-signed request from {@code value} (x-amz-date if sent, else Date), in any form
     * {@link SigV2#parseDate} accepts.
     *
     * @throws io.granary.s3.S3Exception AccessDenied when {@code value} is null or not a date
     */
    public static Instant sigV2RequestTime(String value) {
        if (value == null) throw AuthErrors.dateRequired();
        try {
            return SigV2.parseDate(value);
        } catch (DateTimeParseException e) {
            throw AuthErrors.dateRequired();
        }
    }

    /**
     * Checks that {@code time} is within {@link #MAX_SKEW} of {@code now}.
     *
     * @param sentAs the request time as the client sent it, for the error document
     * @throws io.granary.s3.S3Exception RequestTimeTooSkewed
     */
    public static void checkSkew(Instant time, Instant now, String sentAs) {
        if (Duration.between(time, now).abs().compareTo(MAX_SKEW) > 0) {
            throw AuthErrors.requestTimeTooSkewed(sentAs, now);
        }
    }

    /** {@code t} as ISO 8601 (2007-03-27T19:36:42Z). */
    public static String iso(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t);
    }

    /** Epoch {@code seconds} as ISO 8601, or as the plain number when out of range. */
    public static String epochToIso(long seconds) {
        try {
            return iso(Instant.ofEpochSecond(seconds));
        } catch (DateTimeException e) {
            return Long.toString(seconds);
        }
    }
}
