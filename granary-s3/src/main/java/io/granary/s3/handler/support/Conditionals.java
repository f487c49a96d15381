package io.granary.s3.handler.support;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.http.Headers;
import io.granary.storage.ObjectInfo;

import java.time.Instant;

/**
 * Conditional requests on an existing object, with S3's (RFC 7232's) precedence:
 * <ol>
 *   <li>If-Match present: false → precondition failed; true → If-Unmodified-Since is ignored.</li>
 *   <li>Else If-Unmodified-Since: modified after the date → precondition failed.</li>
 *   <li>If-None-Match present: matches → not modified (GET/HEAD; precondition failed for copy sources);
 *       no match → If-Modified-Since is ignored.</li>
 *   <li>Else If-Modified-Since: not modified after the date → not modified.</li>
 * </ol>
 * Dates that do not parse are ignored; dates compare at whole seconds, Last-Modified's precision. Blank header values
 * are treated as absent.
 */
public final class Conditionals {
    private Conditionals() {}

    public enum Outcome { PROCEED, NOT_MODIFIED, PRECONDITION_FAILED }

    /** The outcome and, when it is not PROCEED, which header decided it. */
    public record Result(Outcome outcome, String condition) {
        static final Result PROCEED = new Result(Outcome.PROCEED, null);
    }

    /** Evaluates the four conditions (each may be null) against an object's ETag and modification time. */
    public static Result evaluate(String ifMatch, String ifNoneMatch, String ifModifiedSince, String ifUnmodifiedSince,
                                  String etag, Instant lastModified) {
        Instant modified = HttpDates.seconds(lastModified);
        if (present(ifMatch)) {
            if (!ETags.matches(ifMatch, etag)) return new Result(Outcome.PRECONDITION_FAILED, "If-Match");
        } else {
            Instant since = HttpDates.parse(ifUnmodifiedSince);
            if (since != null && modified.isAfter(since)) {
                return new Result(Outcome.PRECONDITION_FAILED, "If-Unmodified-Since");
            }
        }
        if (present(ifNoneMatch)) {
            if (ETags.matches(ifNoneMatch, etag)) return new Result(Outcome.NOT_MODIFIED, "If-None-Match");
        } else {
            Instant since = HttpDates.parse(ifModifiedSince);
            if (since != null && !modified.isAfter(since)) return new Result(Outcome.NOT_MODIFIED, "If-Modified-Since");
        }
        return Result.PROCEED;
    }

    /**
     * GetObject / HeadObject: throws PreconditionFailed (with a {@code <Condition>} element) or returns true when the
     * answer is 304 Not Modified.
     */
    public static boolean checkRead(Headers headers, ObjectInfo info) {
        Result r = evaluate(headers.get("if-match"), headers.get("if-none-match"), headers.get("if-modified-since"),
                headers.get("if-unmodified-since"), info.etag(), info.lastModified());
        if (r.outcome() == Outcome.PRECONDITION_FAILED) {
            throw new S3Exception(S3Error.PRECONDITION_FAILED).with("Condition", r.condition());
        }
        return r.outcome() == Outcome.NOT_MODIFIED;
    }

    /** CopyObject / UploadPartCopy: the x-amz-copy-source-if-* headers; any failing condition is PreconditionFailed. */
    public static void checkCopySource(Headers headers, ObjectInfo source) {
        Result r = evaluate(headers.get("x-amz-copy-source-if-match"), headers.get("x-amz-copy-source-if-none-match"),
                headers.get("x-amz-copy-source-if-modified-since"),
                headers.get("x-amz-copy-source-if-unmodified-since"), source.etag(), source.lastModified());
        if (r.outcome() != Outcome.PROCEED) {
            throw new S3Exception(S3Error.PRECONDITION_FAILED).with("Condition", "x-amz-copy-source-" + r.condition());
        }
    }

    private static boolean present(String v) {
        return v != null && !v.isBlank();
    }
}
