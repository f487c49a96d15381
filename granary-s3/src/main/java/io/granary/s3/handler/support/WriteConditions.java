package io.granary.s3.handler.support;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.handler.RequestContext;
import io.granary.storage.ObjectInfo;
import io.granary.storage.StorageError;
import io.granary.storage.StorageException;
import io.granary.storage.WriteCondition;

/**
 * S3 conditional writes (PutObject, CopyObject, CompleteMultipartUpload) on the destination key:
 * {@code If-None-Match: *} writes only if no object exists, {@code If-Match: "etag"} (list, {@code *} and W/
 * accepted) only if the current object matches. The check runs twice: once before the body is read (fail fast,
 * 412 PreconditionFailed, or 404 NoSuchKey for If-Match on a missing key as S3 answers) and atomically at commit via
 * the returned {@link WriteCondition}; {@link #onCommitFailure} turns a commit-time failure into the same answers.
 * If-None-Match with anything but {@code *}, or both headers, is NotImplemented as in S3.
 */
public final class WriteConditions {
    private WriteConditions() {}

    /** Validates the headers, checks them against the current object and returns the condition for commit. */
    public static WriteCondition forRequest(RequestContext ctx) {
        String ifMatch = ctx.header("if-match");
        String ifNoneMatch = ctx.header("if-none-match");
        if (ifMatch != null && ifNoneMatch != null) {
            throw new S3Exception(S3Error.NOT_IMPLEMENTED,
                    "If-Match and If-None-Match cannot be combined on a write.");
        }
        if (ifNoneMatch != null) {
            if (!ifNoneMatch.trim().equals("*")) {
                throw new S3Exception(S3Error.NOT_IMPLEMENTED,
                        "A header you provided implies functionality that is not implemented").with("Header", "If-None-Match");
            }
            if (exists(ctx)) throw failed("If-None-Match");
            return WriteCondition.IF_ABSENT;
        }
        if (ifMatch != null) {
            ObjectInfo current = current(ctx);
            if (current == null) throw noSuchKey(ctx);
            if (!ETags.matches(ifMatch, current.etag())) throw failed("If-Match");
            return WriteCondition.ifEtagMatches(current.etag());
        }
        return WriteCondition.NONE;
    }

    /** The exception to throw when commit failed with {@code e}: the S3 answer for a failed condition, else e. */
    public static RuntimeException onCommitFailure(RequestContext ctx, StorageException e) {
        if (e.error() != StorageError.PRECONDITION_FAILED) return e;
        if (ctx.header("if-match") != null) {
            return current(ctx) == null ? noSuchKey(ctx) : failed("If-Match");
        }
        return failed(ctx.header("if-none-match") != null ? "If-None-Match" : null);
    }

    private static boolean exists(RequestContext ctx) {
        return current(ctx) != null;
    }

    private static ObjectInfo current(RequestContext ctx) {
        try {
            return ctx.store().headObject(ctx.bucket(), ctx.key());
        } catch (StorageException e) {
            if (e.error() == StorageError.NO_SUCH_KEY) return null;
            throw e;
        }
    }

    private static S3Exception failed(String condition) {
        return new S3Exception(S3Error.PRECONDITION_FAILED).with("Condition", condition);
    }

    private static S3Exception noSuchKey(RequestContext ctx) {
        return new S3Exception(S3Error.NO_SUCH_KEY).with("Key", ctx.key());
    }
}
