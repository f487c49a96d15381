package io.granary.s3;

import io.granary.storage.StorageException;

import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The one place where internal failures become S3 errors. */
public final class S3Errors {
    private S3Errors() {}

    /** Maps any failure to the S3 error the client should see; unknown failures are InternalError. */
    public static S3Exception from(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof S3Exception s3) return s3;
        if (t instanceof S3PayloadException p) return p.s3();
        if (t instanceof StorageException se) return fromStorage(se);
        if (t instanceof BodyTruncatedException) {
            return new S3Exception(S3Error.INCOMPLETE_BODY, S3Error.INCOMPLETE_BODY.defaultMessage(), t);
        }
        return new S3Exception(S3Error.INTERNAL_ERROR, S3Error.INTERNAL_ERROR.defaultMessage(), t);
    }

    /** True when the failure is ours (worth logging with a stack trace), not the client's. */
    public static boolean isServerFault(S3Exception e) {
        return e.error().httpStatus() >= 500 && e.error() != S3Error.NOT_IMPLEMENTED;
    }

    private static S3Exception fromStorage(StorageException se) {
        S3Error error = switch (se.error()) {
            case NO_SUCH_BUCKET -> S3Error.NO_SUCH_BUCKET;
            case BUCKET_ALREADY_EXISTS -> S3Error.BUCKET_ALREADY_OWNED_BY_YOU;
            case BUCKET_NOT_EMPTY -> S3Error.BUCKET_NOT_EMPTY;
            case NO_SUCH_KEY -> S3Error.NO_SUCH_KEY;
            case NO_SUCH_UPLOAD -> S3Error.NO_SUCH_UPLOAD;
            case INVALID_PART -> S3Error.INVALID_PART;
            case PRECONDITION_FAILED -> S3Error.PRECONDITION_FAILED;
            case INVALID_KEY -> S3Error.KEY_TOO_LONG;
            case INVALID_BUCKET_NAME -> S3Error.INVALID_BUCKET_NAME;
            case STORAGE_FULL -> S3Error.STORAGE_FULL;
            case INTERNAL -> S3Error.INTERNAL_ERROR;
        };
        return new S3Exception(error, error.defaultMessage(), se);
    }

    private static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        for (int i = 0; i < 8 && cur != null; i++) {
            if (cur instanceof S3Exception || cur instanceof S3PayloadException || cur instanceof StorageException
                    || cur instanceof BodyTruncatedException) {
                return cur;
            }
            if (cur instanceof UncheckedIOException || cur instanceof CompletionException
                    || cur instanceof ExecutionException || cur.getClass() == RuntimeException.class) {
                if (cur.getCause() == null) return cur;
                cur = cur.getCause();
                continue;
            }
            Throwable cause = cur.getCause();
            if (cause instanceof S3PayloadException || cause instanceof S3Exception
                    || cause instanceof BodyTruncatedException) {
                cur = cause;
                continue;
            }
            return cur;
        }
        return t;
    }
}
