package io.granary.storage;

/** Why a storage operation failed. The S3 layer maps each to exactly one S3 error code. */
public enum StorageError {
    NO_SUCH_BUCKET,
    BUCKET_ALREADY_EXISTS,
    BUCKET_NOT_EMPTY,
    NO_SUCH_KEY,
    NO_SUCH_UPLOAD,
    INVALID_PART,
    /** A {@link WriteCondition} did not hold at commit time. */
    PRECONDITION_FAILED,
    /** The key is not valid UTF-8 of 1..1024 bytes. */
    INVALID_KEY,
    INVALID_BUCKET_NAME,
    /** Out of disk space or quota. */
    STORAGE_FULL,
    /** Anything else: I/O failure, corrupt metadata. */
    INTERNAL
}
